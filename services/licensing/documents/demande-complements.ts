import { frenchDateTime } from '../../../processes/calendar.ts';
import { fieldText } from '../../documents/case-fields.ts';
import type { DocumentTemplate } from '../../documents/templates/types.ts';

/** The letter asking an IPM for the documents its licence file lacks. */
export const demandeComplements: DocumentTemplate = {
  prefix: 'DPS/CPL',
  fileName: 'demande-complements',
  build(facts) {
    const denomination = fieldText(facts, 'denomination') ?? facts.organisationName ?? 'l’institution';
    const requested = fieldText(facts, 'complementsDemandes') ?? '';
    const effectif = fieldText(facts, 'effectif');
    const type = fieldText(facts, 'typeIpm');
    const details = [type, effectif ? `${effectif} salariés couverts` : undefined].filter(Boolean).join(', ');
    return {
      object: `Demande de pièces complémentaires — dossier n° ${facts.businessKey} (${facts.processTitle})`,
      addressee: ['Au Gérant', `de l’IPM « ${denomination} »`],
      body: [
        'Madame, Monsieur,',
        `L’examen du dossier « ${facts.processTitle} » de l’IPM « ${denomination} »` +
          `${details ? ` (${details})` : ''}, enregistré sous la référence ${facts.businessKey}, fait apparaître que les éléments suivants doivent être complétés :`,
        ...requested
          .split(/\r?\n/)
          .filter((line) => line.trim())
          .map((text) => ({ text, indent: true })),
        `Je vous prie de bien vouloir les transmettre ${facts.dueAt ? `au plus tard le ${frenchDateTime(facts.dueAt)}` : 'dans le délai imparti'}, ` +
          'par l’intermédiaire de la plateforme Siamo. Passé ce délai, le dossier sera classé sans suite.',
        'Veuillez agréer, Madame, Monsieur, l’expression de ma considération distinguée.',
      ],
      signatory: { mention: 'P/Le Ministre et par délégation', title: 'Le Directeur de la Protection sociale' },
    };
  },
};
