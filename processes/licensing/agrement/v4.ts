import type { ProcessDefinition, StateDefinition } from '../../model.ts';
import v3 from './v3.ts';

// Agrément d’une IPM, version 4 : la version 3, où l’avis de l’ICAMO devient obligatoire. L’agent ne
// peut transmettre le dossier au directeur qu’une fois l’avis rendu ; si l’ICAMO laisse passer son
// délai, l’agent en est prévenu et redemande l’avis.
// Les dossiers ouverts en version 3 la gardent, sauf changement de version décidé par l’administrateur.

const enInstruction = v3.states.en_instruction as StateDefinition;

const agrement: ProcessDefinition = {
  ...v3,
  version: 4,
  description:
    'Demande d’agrément d’une Institution de Prévoyance Maladie auprès du ministère : dépôt, recevabilité, ' +
    'instruction avec l’avis obligatoire de l’ICAMO, décision du directeur, inscription au registre.',
  states: {
    ...v3.states,
    en_instruction: {
      ...enInstruction,
      on: {
        ...enInstruction.on,
        'instruction.conclure': {
          target: 'en_decision',
          guard: {
            name: 'champsRemplis',
            params: {
              champs: ['avisIcamo'],
              motif:
                'L’avis de l’ICAMO est obligatoire : demandez-le, et transmettez le dossier une fois l’avis rendu.',
            },
          },
          effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['directeur_ministere'] } }],
        },
      },
    },
  },
};

export default agrement;
