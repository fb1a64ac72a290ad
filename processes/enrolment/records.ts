import type { RecordKind } from '../records.ts';

// The enrolment's kinds of record. An adhering employer is the record of its adhesion case: the
// `Employer` table, keyed within the case by its CSS/IPRES number; the engine keeps its "caseId",
// "revision" and "updatedAt" (migration 20261202110000_adhesion).

export const EMPLOYER_STATUSES = {
  demandee: 'Demande soumise',
  complements: 'Compléments demandés',
  en_approbation: 'Contrat à approuver',
  active: 'Adhésion active',
  preavis: 'Résiliation en préavis',
  resiliee: 'Adhésion résiliée',
  refusee: 'Adhésion refusée',
} as const;

export type EmployerStatus = keyof typeof EMPLOYER_STATUSES;

/** Statuses under which an employer declares hires and departures. */
export const ENROLLING_STATUSES: readonly EmployerStatus[] = ['active', 'preavis'];

export const ENROLMENT_RECORDS = {
  entrepriseAdherente: {
    label: 'Entreprises adhérentes',
    table: 'Employer',
    key: ['cssIpres'],
    columns: {
      cssIpres: { type: 'text', label: 'Numéro CSS/IPRES' },
      ipmId: { type: 'text', label: 'IPM' },
      name: { type: 'text', label: 'Raison sociale' },
      ninea: { type: 'text', label: 'NINEA' },
      sector: { type: 'text', label: 'Secteur d’activité' },
      communeCode: { type: 'text', label: 'Commune' },
      address: { type: 'text', label: 'Adresse' },
      contactName: { type: 'text', label: 'Personne à contacter' },
      contactPhone: { type: 'text', label: 'Téléphone du contact' },
      contactEmail: { type: 'text', label: 'Courriel du contact' },
      status: { type: 'text', label: 'Statut' },
      statusReason: { type: 'text', label: 'Motif' },
      contractStart: { type: 'date', label: 'Début du contrat' },
      terminatedOn: { type: 'date', label: 'Résiliée le' },
    },
    status: { column: 'status', labels: EMPLOYER_STATUSES },
    reason: 'statusReason',
  },
} as const satisfies Record<string, RecordKind>;
