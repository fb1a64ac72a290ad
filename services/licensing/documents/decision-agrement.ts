import { dateText, fieldText } from '../../documents/case-fields.ts';
import type { DocumentTemplate } from '../../documents/templates/types.ts';

/** The decision granting an IPM its licence (agrément): its number and its period of validity. */
export const decisionAgrement: DocumentTemplate = {
  prefix: 'DPS/AGR',
  fileName: 'decision-agrement',
  build(facts, number, related) {
    const denomination = fieldText(facts, 'denomination') ?? facts.organisationName ?? facts.businessKey;
    const type = fieldText(facts, 'typeIpm');
    const effectif = fieldText(facts, 'effectif');
    const observations = fieldText(facts, 'observations');
    const from = dateText(facts, 'debutValidite');
    const until = dateText(facts, 'finValidite');
    const articles = [
      `L’Institution de Prévoyance Maladie « ${denomination} »` +
        `${type ? `, ${type}` : ''}${effectif ? `, couvrant ${effectif} salariés` : ''}, est agréée` +
        `${related.issuedNumber ? ` sous le numéro ${related.issuedNumber}` : ''}.`,
      ...(from && until
        ? [
            `Le présent agrément est valable du ${from} au ${until}. Son renouvellement doit être demandé avant ` +
              'cette date ; à défaut, il expire de plein droit.',
          ]
        : []),
      ...(related.issuedNumber
        ? ['L’institution est inscrite au registre des Institutions de Prévoyance Maladie agréées.']
        : []),
      ...(observations ? [`Observations : ${observations}`] : []),
      'La présente décision sera notifiée à l’intéressée et publiée partout où besoin sera.',
    ];
    return {
      heading: [`DÉCISION N° ${number}`, `portant agrément de l’Institution de Prévoyance Maladie « ${denomination} »`],
      body: [
        { text: 'LE MINISTRE,', bold: true },
        'Vu la loi n° 75-50 du 3 avril 1975 relative aux institutions de prévoyance sociale ;',
        'Vu les textes régissant l’Assurance maladie obligatoire et les institutions de prévoyance maladie ;',
        `Vu la demande d’agrément enregistrée sous la référence ${facts.businessKey} et les pièces qui l’accompagnent ;`,
        'Vu l’instruction technique du dossier ;',
        { text: 'DÉCIDE :', bold: true, center: true },
        ...articles.map((text, i) => `Article ${i === 0 ? 'premier' : i + 1}. — ${text}`),
      ],
      signatory: { mention: 'P/Le Ministre et par délégation', title: 'Le Directeur de la Protection sociale' },
    };
  },
};
