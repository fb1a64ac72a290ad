import { addDuration, durationMs, type IsoDuration, isValidDuration } from '../calendar.ts';

// The participants' reminder ladder (échelle de relances des quote-parts): what happens to a member's
// unpaid debt, level by level, each a delay after the case opens (the day after the due date, when
// the daily run finds it overdue). Data: the default below, and each IPM's own in its
// `MemberReminderLadder` row (services/quote-parts/member-ladder-store.ts). A case copies its
// ladder's instants when it opens, so a ladder changed afterwards moves only later debts.

export const MEMBER_LADDER_ACTIONS = {
  rappel: 'Rappel écrit à l’assuré',
  retenue_salaire: 'Demande à l’employeur d’une retenue sur le salaire de l’assuré',
  suspension: 'Suspension des droits de l’assuré et de ses ayants droit',
} as const;

export type MemberLadderAction = keyof typeof MEMBER_LADDER_ACTIONS;

export const MEMBER_LADDER_ORDER = Object.keys(MEMBER_LADDER_ACTIONS) as MemberLadderAction[];

export interface MemberLadderLevel {
  action: MemberLadderAction;
  /** ISO 8601 duration (P15D; PT5S in tests). */
  delai: IsoDuration;
}

export const DEFAULT_MEMBER_LADDER: readonly MemberLadderLevel[] = [
  { action: 'rappel', delai: 'P1D' },
  { action: 'retenue_salaire', delai: 'P30D' },
  { action: 'suspension', delai: 'P60D' },
];

/** The case field holding the instant of each level. */
export const MEMBER_LEVEL_FIELDS = {
  rappel: 'dateRappel',
  retenue_salaire: 'dateRetenue',
  suspension: 'dateSuspension',
} as const satisfies Record<MemberLadderAction, string>;

/** What is wrong with a ladder, in French (empty: none): every action once, in order, later and later. */
export function memberLadderProblems(levels: unknown): string[] {
  if (!Array.isArray(levels) || levels.length !== MEMBER_LADDER_ORDER.length)
    return [
      `L’échelle doit compter ${MEMBER_LADDER_ORDER.length} niveaux : ${MEMBER_LADDER_ORDER.join(', ')}, dans cet ordre.`,
    ];
  const problems: string[] = [];
  let previous = -1;
  levels.forEach((level, i) => {
    const expected = MEMBER_LADDER_ORDER[i] as MemberLadderAction;
    const where = `niveau ${i + 1} (${expected})`;
    if (typeof level !== 'object' || level === null || (level as MemberLadderLevel).action !== expected) {
      problems.push(`${where} : l’action attendue est « ${expected} ».`);
      return;
    }
    const delai = (level as MemberLadderLevel).delai;
    if (!isValidDuration(delai)) {
      problems.push(`${where} : délai « ${String(delai)} » invalide, attendu une durée ISO 8601 comme P15D.`);
      return;
    }
    const after = durationMs(delai);
    if (after <= previous) problems.push(`${where} : le délai doit être plus long que celui du niveau précédent.`);
    previous = after;
  });
  return problems;
}

/** The instant (ISO) of each level, counted from `from` (epoch ms). */
export function memberLevelDates(levels: readonly MemberLadderLevel[], from: number): Record<string, string> {
  return Object.fromEntries(
    levels.map((level) => [MEMBER_LEVEL_FIELDS[level.action], new Date(addDuration(from, level.delai)).toISOString()]),
  );
}
