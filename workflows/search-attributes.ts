import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

// The custom search attributes of a case, as registered from temporal.yaml (a test keeps the two in
// step). Only identifiers here: search attributes are stored unencrypted.
export const PROCESS = defineSearchAttributeKey('SiamoProcess', SearchAttributeType.KEYWORD);
export const VERSION = defineSearchAttributeKey('SiamoVersion', SearchAttributeType.INT);
export const STATE = defineSearchAttributeKey('SiamoState', SearchAttributeType.KEYWORD);
export const ORGANISATION = defineSearchAttributeKey('SiamoOrganisation', SearchAttributeType.KEYWORD);
