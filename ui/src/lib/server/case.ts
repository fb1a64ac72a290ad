import { error } from '@sveltejs/kit';
import type { InputSchema } from '$lib/fields.ts';
import { ERROR_FIELDS, graphql } from './api.ts';

/** A case opened by this one, or the one that opened it. */
export interface LinkedCase {
  id: string;
  businessKey: string;
  stateLabel: string;
  process: { title: string };
}

export interface CaseDetail {
  id: string;
  businessKey: string;
  processId: string;
  version: number;
  state: string;
  stateLabel: string;
  terminal: boolean;
  context: Record<string, unknown>;
  revision: number;
  enteredAt: string;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  process: {
    title: string;
    statechart: {
      initial: string;
      states: { id: string; label: string; terminal: boolean }[];
      transitions: { from: string; to: string; label: string; event: string }[];
    };
    startInput: InputSchema;
    events: Record<string, { label: string; input?: InputSchema }>;
    /** The fields the engine computes, with their labels. */
    computed: InputSchema;
  };
  organisation: { name: string } | null;
  assignee: { displayName: string } | null;
  parent: LinkedCase | null;
  children: LinkedCase[];
  availableEvents: { id: string; label: string; role: string; input: InputSchema }[];
  history: {
    revision: number;
    at: string;
    event: string;
    eventLabel: string;
    fromStateLabel: string | null;
    toState: string;
    toStateLabel: string;
    actorRole: string;
    actor: { displayName: string } | null;
    input: Record<string, unknown>;
  }[];
  notifications: {
    kindLabel: string;
    recipientRole: string;
    recipient: { displayName: string } | null;
    statusLabel: string;
    subject: string | null;
    createdAt: string;
    sentAt: string | null;
  }[];
  documents: {
    id: string;
    name: string;
    mimeType: string;
    size: number;
    createdAt: string;
    kind: string | null;
    number: string | null;
    downloadPath: string;
    uploadedBy: { displayName: string } | null;
  }[];
}

const CASE_DETAIL = `id businessKey processId version state stateLabel terminal context revision enteredAt dueAt overdue createdAt
  process { title statechart startInput events computed }
  organisation { name } assignee { displayName }
  parent { id businessKey stateLabel process { title } }
  children { id businessKey stateLabel process { title } }
  availableEvents { id label role input }
  history { revision at event eventLabel fromStateLabel toState toStateLabel actorRole actor { displayName } input }
  documents { id name mimeType size createdAt kind number downloadPath uploadedBy { displayName } }
  notifications { kindLabel recipientRole recipient { displayName } statusLabel subject createdAt sentAt }`;

/** The case as the viewer may see it; a case they may not see is « introuvable », like a missing one. */
export async function loadCase(session: string | undefined, id: string): Promise<CaseDetail> {
  const { data } = await graphql<{
    case: ({ __typename: 'Case' } & CaseDetail) | { __typename: string; message: string };
  }>(session, `query ($id: ID!) { case(id: $id) { __typename ... on Case { ${CASE_DETAIL} } ${ERROR_FIELDS} } }`, {
    id,
  });
  if (data.case.__typename !== 'Case') {
    error(404, 'Ce dossier est introuvable, ou vous n’avez pas le droit de le consulter.');
  }
  return data.case as CaseDetail;
}
