import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// The custom search attributes of a case, as registered from temporal.yaml (a test keeps the two in
// step). Only identifiers here: search attributes are stored unencrypted.
export const PROCESS = defineSearchAttributeKey('SiamoProcess', SearchAttributeType.KEYWORD);
export const VERSION = defineSearchAttributeKey('SiamoVersion', SearchAttributeType.INT);
export const STATE = defineSearchAttributeKey('SiamoState', SearchAttributeType.KEYWORD);
export const ORGANISATION = defineSearchAttributeKey('SiamoOrganisation', SearchAttributeType.KEYWORD);
/**
 * Set while the case's projection cannot be written: `projection-en-attente` (the database is away; the
 * write is retried) or `projection-impossible` (the database refuses it for good). Health and
 * supervision count the running cases that carry it.
 */
export const ANOMALY = defineSearchAttributeKey('SiamoAnomalie', SearchAttributeType.KEYWORD);

export const ANOMALIES = {
  waiting: 'projection-en-attente',
  impossible: 'projection-impossible',
} as const;
