// The French labels of roles, as in processes/roles.ts (the portal cannot import server code).
export const ROLE_LABELS: Record<string, string> = {
  agent_ministere: 'Agent du ministère',
  directeur_ministere: 'Directeur (ministère)',
  analyste_icamo: 'Analyste ICAMO',
  pilotage_icamo: 'Pilotage ICAMO',
  gerant_ipm: 'Gérant d’IPM',
  agent_ipm: 'Agent d’IPM',
  agent_ps: 'Agent de prestataire de soins',
  employeur: 'Employeur',
  administrateur: 'Administrateur',
  systeme: 'Système',
};

export const roleLabel = (role: string): string => ROLE_LABELS[role] ?? role;
