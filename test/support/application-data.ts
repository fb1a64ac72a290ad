// A licence application's data, as the tests file it: kept apart from the helpers that drive the
// API, so that a browser test can use it without loading a Temporal worker's runtime.

export const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
export const RENEWAL_PIECES = ['etats_financiers', 'effectifs', 'liste_employeurs', 'rapport_activite'];

export const OPENING = {
  denomination: 'IPM des Transports du Cap-Vert',
  sigle: 'IPM-TCV',
  typeIpm: 'interentreprises',
  adresseSiege: 'Avenue Blaise Diagne, Dakar',
  effectif: 1450,
};

export const COMPLETION = {
  nombreEntreprises: 12,
  entreprisesAdherentes: 'Dakar Dem Dikk, CSS 100234, 900\nSénégal Transports, CSS 100871, 550',
  gouvernance: 'Conseil d’administration paritaire de 8 membres ; commission de contrôle de 3 membres.',
  cotisationsAnnuelles: 850_000_000,
  prestationsAnnuelles: 690_000_000,
};

/** A small valid PDF: the upload policy checks the content against the extension. */
export const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
