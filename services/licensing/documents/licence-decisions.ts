import { dateText, fieldText } from '../../documents/case-fields.ts';
import type { DocumentContent, DocumentTemplate } from '../../documents/templates/types.ts';

// The director's decisions on a licence in force, and on its renewal. Each cites the licence by its
// number, which is the licence case's business key and its `numero` field (a renewal holds it too).

const SIGNATORY = { mention: 'P/Le Ministre et par délégation', title: 'Le Directeur de la Protection sociale' };

const lines = (text: string | undefined) =>
  (text ?? '')
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map((line) => ({ text: line, indent: true }));

function decision(
  number: string,
  title: string,
  considerations: string[],
  articles: string[],
): Pick<DocumentContent, 'heading' | 'body' | 'signatory'> {
  return {
    heading: [`DÉCISION N° ${number}`, title],
    body: [
      { text: 'LE MINISTRE,', bold: true },
      'Vu la loi n° 75-50 du 3 avril 1975 relative aux institutions de prévoyance sociale ;',
      'Vu les textes régissant l’Assurance maladie obligatoire et les institutions de prévoyance maladie ;',
      ...considerations,
      { text: 'DÉCIDE :', bold: true, center: true },
      ...articles.map((text, i) => `Article ${i === 0 ? 'premier' : i + 1}. — ${text}`),
      'La présente décision sera notifiée à l’intéressée et publiée au registre des IPM agréées.',
    ],
    signatory: SIGNATORY,
  };
}

const names = (facts: Parameters<DocumentTemplate['build']>[0]) => ({
  licence: fieldText(facts, 'numero') ?? facts.businessKey,
  denomination: fieldText(facts, 'denomination') ?? facts.organisationName ?? 'l’institution',
});

/** Renewal granted: the licence's new end of validity. */
export const decisionRenouvellement: DocumentTemplate = {
  prefix: 'DPS/REN',
  fileName: 'decision-renouvellement',
  build(facts, number) {
    const { licence, denomination } = names(facts);
    const until = dateText(facts, 'nouvelleFinValidite');
    const observations = fieldText(facts, 'observations');
    return decision(
      number,
      `portant renouvellement de l’agrément n° ${licence} de l’IPM « ${denomination} »`,
      [`Vu la demande de renouvellement enregistrée sous la référence ${facts.businessKey} ;`],
      [
        `L’agrément n° ${licence} de l’Institution de Prévoyance Maladie « ${denomination} » est renouvelé` +
          `${until ? ` ; il est valable jusqu’au ${until}` : ''}.`,
        ...(observations ? [`Observations : ${observations}`] : []),
      ],
    );
  },
};

/** Renewal refused: a motivated letter. */
export const refusRenouvellement: DocumentTemplate = {
  prefix: 'DPS/RRN',
  fileName: 'refus-renouvellement',
  build(facts) {
    const { licence, denomination } = names(facts);
    const until = dateText(facts, 'finValidite');
    return {
      object: `Refus de renouvellement de l’agrément n° ${licence} — dossier ${facts.businessKey}`,
      addressee: ['Au Gérant', `de l’IPM « ${denomination} »`],
      body: [
        'Madame, Monsieur,',
        `J’ai le regret de vous informer que la demande de renouvellement de l’agrément n° ${licence} de l’IPM ` +
          `« ${denomination} » n’a pas pu recevoir une suite favorable, pour le motif suivant :`,
        ...lines(fieldText(facts, 'motifRefus')),
        `L’agrément en cours reste valable jusqu’à son terme${until ? `, le ${until}` : ''}, date à laquelle il expirera.`,
        'Cette décision peut faire l’objet d’un recours dans les conditions prévues par les textes en vigueur.',
        'Veuillez agréer, Madame, Monsieur, l’expression de ma considération distinguée.',
      ],
      signatory: SIGNATORY,
    };
  },
};

/** Licence suspended: the reason, and until when. */
export const decisionSuspension: DocumentTemplate = {
  prefix: 'DPS/SUS',
  fileName: 'decision-suspension',
  build(facts, number) {
    const { licence, denomination } = names(facts);
    const until = dateText(facts, 'finSuspension');
    return decision(
      number,
      `portant suspension de l’agrément n° ${licence} de l’IPM « ${denomination} »`,
      ['Considérant les motifs exposés ci-après ;'],
      [
        `L’agrément n° ${licence} de l’Institution de Prévoyance Maladie « ${denomination} » est suspendu ` +
          `${until ? `jusqu’au ${until} inclus` : 'jusqu’à nouvelle décision'}, pour le motif suivant : ` +
          `${fieldText(facts, 'motifSuspension') ?? ''}`,
        'Pendant la suspension, l’institution ne peut accueillir de nouvelles adhésions.',
      ],
    );
  },
};

/** Licence withdrawn: the reason. */
export const decisionRetrait: DocumentTemplate = {
  prefix: 'DPS/RET',
  fileName: 'decision-retrait',
  build(facts, number) {
    const { licence, denomination } = names(facts);
    return decision(
      number,
      `portant retrait de l’agrément n° ${licence} de l’IPM « ${denomination} »`,
      ['Considérant les motifs exposés ci-après ;'],
      [
        `L’agrément n° ${licence} de l’Institution de Prévoyance Maladie « ${denomination} » est retiré, pour le ` +
          `motif suivant : ${fieldText(facts, 'motifRetrait') ?? ''}`,
        'L’institution est radiée du registre des IPM agréées à compter de la présente décision.',
      ],
    );
  },
};
