import { fieldText } from '../case-fields.ts';
import type { DocumentTemplate } from './types.ts';

/** The decision granting an IPM its licence (agrément). */
export const decisionAgrement: DocumentTemplate = {
  prefix: 'DPS/AGR',
  fileName: 'decision-agrement',
  build(facts, number) {
    const denomination = fieldText(facts, 'denomination') ?? facts.organisationName ?? facts.businessKey;
    const type = fieldText(facts, 'typeIpm');
    const effectif = fieldText(facts, 'effectif');
    const observations = fieldText(facts, 'observations');
    return {
      heading: [`DÉCISION N° ${number}`, `portant agrément de l’Institution de Prévoyance Maladie « ${denomination} »`],
      body: [
        { text: 'LE MINISTRE,', bold: true },
        'Vu la loi n° 75-50 du 3 avril 1975 relative aux institutions de prévoyance sociale ;',
        'Vu les textes régissant l’Assurance maladie obligatoire et les institutions de prévoyance maladie ;',
        `Vu la demande d’agrément enregistrée sous la référence ${facts.businessKey} et les pièces qui l’accompagnent ;`,
        'Vu l’instruction technique du dossier ;',
        { text: 'DÉCIDE :', bold: true, center: true },
        `Article premier. — L’Institution de Prévoyance Maladie « ${denomination} »` +
          `${type ? `, ${type}` : ''}${effectif ? `, couvrant ${effectif} salariés` : ''}, est agréée.`,
        ...(observations ? [`Article 2. — Observations : ${observations}`] : []),
        `Article ${observations ? 3 : 2}. — La présente décision sera notifiée à l’intéressée et publiée partout où besoin sera.`,
      ],
      signatory: { mention: 'P/Le Ministre et par délégation', title: 'Le Directeur de la Protection sociale' },
    };
  },
};
