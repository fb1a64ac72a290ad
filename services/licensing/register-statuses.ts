// The statuses the public register shows, by licence state (a renewal under way leaves the licence
// in force). Pure, so that the portal reads the same table as the API.

export const REGISTER_STATUSES = {
  en_vigueur: 'En vigueur',
  suspendu: 'Suspendu',
  expire: 'Expiré',
  retire: 'Retiré',
} as const;

export type RegisterStatus = keyof typeof REGISTER_STATUSES;

export const STATUS_OF_STATE: Record<string, RegisterStatus> = {
  en_vigueur: 'en_vigueur',
  renouvellement_en_cours: 'en_vigueur',
  suspendu: 'suspendu',
  expire: 'expire',
  retire: 'retire',
};

export const isRegisterStatus = (value: unknown): value is RegisterStatus =>
  typeof value === 'string' && Object.hasOwn(REGISTER_STATUSES, value);
