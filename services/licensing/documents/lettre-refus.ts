import { fieldText } from '../../documents/case-fields.ts';
import type { DocumentTemplate } from '../../documents/templates/types.ts';

/** The letter telling an IPM that its licence is refused, and why. */
export const lettreRefus: DocumentTemplate = {
  prefix: 'DPS/REF',
  fileName: 'lettre-refus',
  build(facts) {
    const denomination = fieldText(facts, 'denomination') ?? facts.organisationName ?? 'l’institution';
    const reason = fieldText(facts, 'motifRefus') ?? '';
    return {
      object: `Refus d’agrément — dossier n° ${facts.businessKey}`,
      addressee: ['Au Gérant', `de l’IPM « ${denomination} »`],
      body: [
        'Madame, Monsieur,',
        `J’ai le regret de vous informer que la demande d’agrément de l’IPM « ${denomination} », enregistrée sous la ` +
          `référence ${facts.businessKey}, n’a pas pu recevoir une suite favorable, pour le motif suivant :`,
        ...reason
          .split(/\r?\n/)
          .filter((line) => line.trim())
          .map((text) => ({ text, indent: true })),
        'Cette décision peut faire l’objet d’un recours dans les conditions prévues par les textes en vigueur. ' +
          'Une nouvelle demande pourra être déposée lorsque les motifs du refus auront été levés.',
        'Veuillez agréer, Madame, Monsieur, l’expression de ma considération distinguée.',
      ],
      signatory: { mention: 'P/Le Ministre et par délégation', title: 'Le Directeur de la Protection sociale' },
    };
  },
};
