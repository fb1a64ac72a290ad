// What the IPM's PEC pages read of a request made to the IPM (through `pecRequests`).

export interface IpmPecRow {
  caseId: string;
  businessKey: string;
  state: string;
  stateLabel: string;
  terminal: boolean;
  revision: number;
  providerCode: string;
  actCode: string;
  actLabel: string;
  plannedDate: string;
  tariff: number;
  rate: number;
  coveredAmount: number;
  medicalOpinionRequired: boolean;
  medicalOpinion: string | null;
  number: string | null;
  validTo: string | null;
  refusalReason: string | null;
}

export const IPM_PEC_ROW = `caseId businessKey state stateLabel terminal revision providerCode actCode actLabel plannedDate
  tariff rate coveredAmount medicalOpinionRequired medicalOpinion number validTo refusalReason`;

/** The steps where a request waits for the IPM: its agent's decision, or its adviser's opinion. */
export const WAITING_STATES = ['avis_medecin', 'a_instruire'];

/** The decision page of one request: its case id, each part encoded (as the case's page). */
export const decisionHref = (caseId: string): string =>
  `/ipm/pec/${caseId.split('/').map(encodeURIComponent).join('/')}`;
