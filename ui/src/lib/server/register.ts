import { error } from '@sveltejs/kit';
import {
  isRegisterStatus,
  type RegisterStatus,
  REGISTER_STATUSES as STATUSES,
} from '../../../../services/licensing/register-statuses.ts';
import { ERROR_FIELDS, graphql } from './api.ts';

// The public register of licensed IPMs: the one part of the API open to anyone, signed in or not. The
// pages read it without depending on who is signed in.

/** The statuses of the API's RegisterStatus enum, in the order a reader looks for them. */
export const REGISTER_STATUSES = Object.entries(STATUSES).map(([value, label]) => ({
  value: value as RegisterStatus,
  label,
}));

export { isRegisterStatus, type RegisterStatus };

export interface RegisterEntry {
  numero: string;
  denomination: string;
  sigle: string | null;
  typeIpmLabel: string | null;
  adresseSiege: string | null;
  status: RegisterStatus;
  statusLabel: string;
  /** ISO instants. */
  debutValidite: string | null;
  finValidite: string | null;
  /** While suspended until a date: that last day, `YYYY-MM-DD`. */
  finSuspension: string | null;
}

export interface RegisterEntryDetail extends RegisterEntry {
  history: { at: string; label: string }[];
}

const ENTRY =
  'numero denomination sigle typeIpmLabel adresseSiege status statusLabel debutValidite finValidite finSuspension';

export async function loadRegister(
  session: string | undefined,
  filter: { status: RegisterStatus | null; text: string | null },
): Promise<RegisterEntry[]> {
  const { data } = await graphql<{ register: RegisterEntry[] }>(
    session,
    `query ($status: RegisterStatus, $text: String) { register(status: $status, text: $text) { ${ENTRY} } }`,
    filter,
  );
  return data.register;
}

export async function loadRegisterEntry(session: string | undefined, numero: string): Promise<RegisterEntryDetail> {
  const { data } = await graphql<{
    registerEntry: ({ __typename: 'RegisterEntry' } & RegisterEntryDetail) | { __typename: string; message: string };
  }>(
    session,
    `query ($numero: String!) {
      registerEntry(numero: $numero) {
        __typename ... on RegisterEntry { ${ENTRY} history { at label } } ${ERROR_FIELDS}
      }
    }`,
    { numero },
  );
  if (data.registerEntry.__typename !== 'RegisterEntry') {
    error(404, (data.registerEntry as { message: string }).message);
  }
  return data.registerEntry as RegisterEntryDetail;
}
