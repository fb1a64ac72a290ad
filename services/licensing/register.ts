import type { Prisma } from '../../generated/prisma/client.ts';
import type { PrismaClient } from '../../prisma/client.ts';
import { deployedDefinition } from '../definition-engines.ts';
import { REGISTER_STATUSES, type RegisterStatus, STATUS_OF_STATE } from './register-statuses.ts';

export { REGISTER_STATUSES, type RegisterStatus } from './register-statuses.ts';

// The public register of licensed IPMs: read without signing in, so it shows only what a register
// publishes — number, name, kind, seat, validity, status and the dated history of the licence —
// never the reasons, the people or the files behind them. Each licence is a case of the `licence`
// process; this module reads its projection and its audit trail.

export const LICENCE_PROCESS = 'licence';

export interface RegisterEntry {
  numero: string;
  denomination: string;
  sigle: string | null;
  typeIpm: string | null;
  typeIpmLabel: string | null;
  adresseSiege: string | null;
  status: RegisterStatus;
  statusLabel: string;
  debutValidite: string | null;
  finValidite: string | null;
  /** While suspended with an end date: the last day of the suspension. */
  finSuspension: string | null;
  history: { at: Date; label: string }[];
}

const OPENING_LABEL = 'Agrément accordé';

type LicenceRow = Prisma.CaseGetPayload<{ include: { definition: true; audit: true } }>;

function entryOf(row: LicenceRow): RegisterEntry {
  const definition = deployedDefinition(row.definition);
  const context = row.context as Record<string, unknown>;
  const text = (name: string) =>
    typeof context[name] === 'string' && context[name] !== '' ? String(context[name]) : null;
  const typeIpm = text('typeIpm');
  const typeField = definition.startInput?.typeIpm;
  const status = STATUS_OF_STATE[row.state] ?? 'en_vigueur';
  return {
    numero: text('numero') ?? row.businessKey,
    denomination: text('denomination') ?? row.businessKey,
    sigle: text('sigle'),
    typeIpm,
    typeIpmLabel:
      typeField && 'options' in typeField
        ? (typeField.options.find((o) => o.value === typeIpm)?.label ?? typeIpm)
        : typeIpm,
    adresseSiege: text('adresseSiege'),
    status,
    statusLabel: REGISTER_STATUSES[status],
    debutValidite: text('debutValidite'),
    finValidite: text('finValidite'),
    finSuspension: row.state === 'suspendu' ? text('finSuspension') : null,
    history: row.audit.flatMap((entry) => {
      const label = entry.event === 'dossier.ouvrir' ? OPENING_LABEL : definition.events[entry.event]?.publicLabel;
      return label ? [{ at: entry.at, label }] : [];
    }),
  };
}

const include = { definition: true, audit: { orderBy: { revision: 'asc' } } } as const;

/** Lower case, without accents: « Thiès » is found by « thies ». */
const folded = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/**
 * The licences, by name, optionally narrowed to a status or to a part of a name, an acronym or a
 * number. A register holds one row per licensed IPM — hundreds at most — so it is filtered here.
 */
export async function listRegister(
  prisma: PrismaClient,
  filter: { status?: RegisterStatus | null; text?: string | null } = {},
): Promise<RegisterEntry[]> {
  const text = folded(filter.text?.trim() ?? '');
  const rows = await prisma.case.findMany({ where: { processId: LICENCE_PROCESS }, include });
  return rows
    .map(entryOf)
    .filter((entry) => !filter.status || entry.status === filter.status)
    .filter(
      (entry) => !text || [entry.numero, entry.denomination, entry.sigle ?? ''].some((v) => folded(v).includes(text)),
    )
    .sort((a, b) => a.denomination.localeCompare(b.denomination, 'fr'));
}

/** One licence by its number; null when there is none. */
export async function registerEntry(prisma: PrismaClient, numero: string): Promise<RegisterEntry | null> {
  const row = await prisma.case.findFirst({ where: { processId: LICENCE_PROCESS, businessKey: numero }, include });
  return row ? entryOf(row) : null;
}
