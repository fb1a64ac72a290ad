import { addDuration, durationMs, type IsoDuration, isValidDuration } from '../calendar.ts';

// The reminder ladder (échelle de relances): what happens to an employer's unpaid debt, level by
// level, each a delay after the due date. Data: the default below, and each IPM's own in its
// `ReminderLadder` row (services/recouvrement/ladder-store.ts). The `recouvrement` process has one
// state per action, in this order; a ladder sets when each comes. A case copies its ladder's dates
// when it opens, so a ladder changed afterwards moves only the debts that fall due after.

export const LADDER_ACTIONS = {
  courrier: 'Lettre de relance à l’employeur',
  mise_en_demeure: 'Mise en demeure (document numéroté) adressée à l’employeur',
  signalement_icamo: 'Signalement du défaut de paiement à l’ICAMO',
  suspension: 'Suspension des droits des participants de l’employeur et de leurs ayants droit',
} as const;

export type LadderAction = keyof typeof LADDER_ACTIONS;

export const LADDER_ORDER = Object.keys(LADDER_ACTIONS) as LadderAction[];

export interface LadderLevel {
  action: LadderAction;
  /** ISO 8601 duration after the due date (P15D; PT5S in tests). */
  delai: IsoDuration;
}

export const DEFAULT_LADDER: readonly LadderLevel[] = [
  { action: 'courrier', delai: 'P15D' },
  { action: 'mise_en_demeure', delai: 'P30D' },
  { action: 'signalement_icamo', delai: 'P45D' },
  { action: 'suspension', delai: 'P60D' },
];

/** The case field holding the instant of each level. */
export const LEVEL_FIELDS = {
  courrier: 'dateCourrier',
  mise_en_demeure: 'dateMiseEnDemeure',
  signalement_icamo: 'dateSignalement',
  suspension: 'dateSuspension',
} as const satisfies Record<LadderAction, string>;

/** What is wrong with a ladder, in French (empty: none): every action once, in order, later and later. */
export function ladderProblems(levels: unknown): string[] {
  if (!Array.isArray(levels) || levels.length !== LADDER_ORDER.length)
    return [`L’échelle doit compter ${LADDER_ORDER.length} niveaux : ${LADDER_ORDER.join(', ')}, dans cet ordre.`];
  const problems: string[] = [];
  let previous = -1;
  levels.forEach((level, i) => {
    const expected = LADDER_ORDER[i] as LadderAction;
    const where = `niveau ${i + 1} (${expected})`;
    if (typeof level !== 'object' || level === null || (level as LadderLevel).action !== expected) {
      problems.push(`${where} : l’action attendue est « ${expected} ».`);
      return;
    }
    const delai = (level as LadderLevel).delai;
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

/** The instant (ISO) of each level, counted from the moment the debt fell due. */
export function levelDates(levels: readonly LadderLevel[], dueAt: number): Record<string, string> {
  return Object.fromEntries(
    levels.map((level) => [LEVEL_FIELDS[level.action], new Date(addDuration(dueAt, level.delai)).toISOString()]),
  );
}
