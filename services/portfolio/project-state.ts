// The states of a project in the portfolio, as the steering committee counts them. Phase 2's `projet`
// process is expected to use these ids for its states; a report or a chart only needs to know which
// of them a project is in.

export const PROJECT_STATES = ['planifie', 'demarre', 'suspendu', 'termine', 'abandonne'] as const;

export type ProjectState = (typeof PROJECT_STATES)[number];

export const PROJECT_STATE_LABELS: Record<ProjectState, string> = {
  planifie: 'Planifié',
  demarre: 'Démarré',
  suspendu: 'Suspendu',
  termine: 'Terminé',
  abandonne: 'Abandonné',
};
