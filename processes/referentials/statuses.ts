// The life of a referential version (OpenSPP's Draft → Pending approval → Scheduled → Current →
// Superseded, in French), with the statuses it may end in instead.

export const VERSION_STATUSES = {
  import_en_cours: 'Import en cours',
  import_interrompu: 'Import interrompu (rien n’a été chargé)',
  brouillon: 'Brouillon (fichier refusé par la validation)',
  validee: 'Validée, en attente d’approbation',
  approuvee: 'Approuvée',
  programmee: 'Programmée',
  en_vigueur: 'En vigueur',
  remplacee: 'Remplacée (archivée)',
  rejetee: 'Rejetée',
  annulee: 'Annulée',
} as const;

export type VersionStatus = keyof typeof VERSION_STATUSES;

/** Statuses whose rows carry dates: they take part in as-of readings and in the no-overlap constraint. */
export const DATED_STATUSES: readonly VersionStatus[] = ['programmee', 'en_vigueur', 'remplacee'];

export const isVersionStatus = (value: string): value is VersionStatus => Object.hasOwn(VERSION_STATUSES, value);
