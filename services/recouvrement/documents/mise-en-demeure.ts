import { dateText, fieldText } from '../../documents/case-fields.ts';
import type { DocumentTemplate } from '../../documents/templates/types.ts';

// The formal notice (mise en demeure) an IPM sends an employer behind with its contributions: the
// amount due as the ladder case holds it, the oldest unpaid call, and what follows without payment.

export const miseEnDemeure: DocumentTemplate = {
  prefix: 'IPM/MED',
  fileName: 'mise-en-demeure',
  build(facts, number) {
    const employeur = fieldText(facts, 'employeur') ?? 'l’employeur';
    const ipm = facts.organisationName ?? 'l’IPM';
    return {
      object: `Mise en demeure n° ${number} de payer les cotisations dues — dossier ${facts.businessKey}`,
      addressee: ['À la Direction', `de ${employeur}`],
      body: [
        'Madame, Monsieur,',
        `Sauf erreur de notre part, ${employeur} reste redevable envers ${ipm} de la somme de ` +
          `${fieldText(facts, 'montantDu') ?? ''} au titre des cotisations d’assurance maladie appelées, le plus ancien appel ` +
          `impayé (période ${fieldText(facts, 'periode') ?? ''}) étant échu depuis le ${dateText(facts, 'echeance') ?? ''}.`,
        'Notre relance étant restée sans effet, nous vous mettons en demeure de régler cette somme dans les meilleurs délais.',
        'À défaut, le défaut de paiement sera signalé à l’Institution de Coordination de l’Assurance Maladie Obligatoire ' +
          '(ICAMO), puis les droits de vos salariés et de leurs ayants droit seront suspendus jusqu’au paiement de la dette.',
        'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
      ],
      signatory: { title: `Le Gérant de ${ipm}` },
    };
  },
};
