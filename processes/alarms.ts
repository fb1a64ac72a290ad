import { DAY_MS, instantOf, monthKey } from './calendar.ts';
import type { NotificationKind } from './effects.ts';
import type {
  DeadlineReminders,
  JsonValue,
  ListDeadlines,
  MonthlyDeadlines,
  ProcessDefinition,
  TimerDefinition,
} from './model.ts';
import type { Role } from './roles.ts';
import type { SettingValues } from './settings.ts';

// What a state schedules when a case enters it: events the engine will send (deadlines) and
// notifications it will issue (a deadline approaching, a step overdue, an escalation). Pure: the
// case workflow turns each into a durable timer, cancelled when the case leaves the state.

export type Alarm =
  | { id: string; at: number; kind: 'event'; event: string; timerIndex: number }
  | {
      id: string;
      at: number;
      kind: 'notify';
      notification: NotificationKind;
      roles: Role[];
      deadline: number;
      /** More parameters of the `notifier` effect: what is due (`objet`, `jour`), to whom (`responsable`). */
      params?: Record<string, JsonValue>;
    };

/** What else than the state and its entry the alarms depend on. */
export interface AlarmContext {
  /** The workflow's clock: which months are due so far, which warnings still make sense. */
  now?: number;
  /** The case's settings (the day of the month a monthly report is due). */
  settings?: SettingValues;
}

/**
 * Alarms of the items of a list and of monthly deadlines ring once in the life of a case, whatever
 * states it goes through: the workflow keeps their ids when the case changes state.
 */
export const isCaseWideAlarm = (id: string): boolean => id.startsWith('liste:') || id.startsWith('mois:');

/** When a timer of the state fires: a duration after entering it, or the moment a field holds. */
export function timerMoment(
  timer: TimerDefinition,
  enteredAt: number,
  durationsMs: Record<string, number>,
  context: Record<string, unknown>,
): number | null {
  if (timer.at !== undefined) return instantOf(context[timer.at]);
  return enteredAt + (durationsMs[timer.after] ?? 0);
}

export function stateAlarms(
  definition: ProcessDefinition,
  state: string,
  enteredAt: number,
  durationsMs: Record<string, number>,
  context: Record<string, unknown> = {},
  options: AlarmContext = {},
): Alarm[] {
  const stateDefinition = definition.states[state];
  if (!stateDefinition || stateDefinition.terminal) return [];
  const ms = (name: string | undefined) => (name ? (durationsMs[name] ?? 0) : 0);
  const alarms: Alarm[] = [];
  for (const [index, timer] of (stateDefinition.timers ?? []).entries()) {
    const at = timerMoment(timer, enteredAt, durationsMs, context);
    if (at === null) continue;
    alarms.push({ id: `evenement:${index}`, at, kind: 'event', event: timer.event, timerIndex: index });
    // A single warning keeps the id it always had: running cases remember which ones already rang.
    const warnings = typeof timer.warnBefore === 'string' ? [timer.warnBefore] : (timer.warnBefore ?? []);
    for (const [k, before] of warnings.entries()) {
      const warnAt = at - ms(before);
      if (!timer.warn?.length || warnAt <= enteredAt) continue;
      alarms.push({
        id: typeof timer.warnBefore === 'string' ? `avertissement:${index}` : `avertissement:${index}:${k}`,
        at: warnAt,
        kind: 'notify',
        notification: timer.warnWith ?? 'echeance_proche',
        roles: timer.warn,
        deadline: at,
      });
    }
  }
  const { overdue, targetDuration } = stateDefinition;
  if (overdue && targetDuration) {
    const dueAt = enteredAt + ms(targetDuration);
    alarms.push({
      id: 'retard',
      at: dueAt,
      kind: 'notify',
      notification: 'retard',
      roles: overdue.remind,
      deadline: dueAt,
    });
    if (overdue.escalateAfter && overdue.escalateTo?.length) {
      const at = dueAt + ms(overdue.escalateAfter);
      alarms.push({
        id: 'escalade',
        at,
        kind: 'notify',
        notification: 'escalade',
        roles: overdue.escalateTo,
        deadline: dueAt,
      });
    }
  }
  const now = options.now ?? enteredAt;
  for (const deadlines of stateDefinition.listDeadlines ?? [])
    alarms.push(...listAlarms(deadlines, context, durationsMs, now));
  for (const deadlines of stateDefinition.monthlyDeadlines ?? [])
    alarms.push(...monthlyAlarms(deadlines, context, durationsMs, enteredAt, now, options.settings ?? {}));
  return alarms.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
}

interface Due {
  /** Stable part of the alarms' ids: what is due, and by when. */
  id: string;
  at: number;
  /** « Jalon « Recette » », « Rapport d’avancement de novembre 2026 » */
  subject: string;
  /** The day it is due (YYYY-MM-DD), for messages. */
  day: string;
}

/**
 * The warnings, the reminder and the escalation of one thing due. A warning is only worth sending
 * before the thing is due: once it is, the reminder says more. Of warnings whose moment has already
 * come (a deadline set closer than the lead times), only the last one goes out.
 */
function remindersOf(
  due: Due,
  reminders: DeadlineReminders,
  durationsMs: Record<string, number>,
  now: number,
): Alarm[] {
  const ms = (name: string) => durationsMs[name] ?? 0;
  const alarms: Alarm[] = [];
  const params = { objet: due.subject, jour: due.day };
  const toAssignee = { ...params, responsable: true };
  const leads = typeof reminders.warnBefore === 'string' ? [reminders.warnBefore] : (reminders.warnBefore ?? []);
  if (due.at > now) {
    const warnings = leads.map((lead, k) => ({ k, at: due.at - ms(lead) }));
    const come = warnings.filter((w) => w.at <= now).sort((a, b) => b.at - a.at);
    const kept = warnings.filter((w) => w.at > now || w === come[0]);
    for (const { k, at } of kept) {
      alarms.push({
        id: `${due.id}:avertissement:${k}`,
        at,
        kind: 'notify',
        notification: 'echeance_element',
        roles: reminders.remind,
        deadline: due.at,
        params: toAssignee,
      });
    }
  }
  alarms.push({
    id: `${due.id}:retard`,
    at: due.at,
    kind: 'notify',
    notification: 'retard_element',
    roles: reminders.remind,
    deadline: due.at,
    params: toAssignee,
  });
  if (reminders.escalateAfter && reminders.escalateTo?.length) {
    alarms.push({
      id: `${due.id}:escalade`,
      at: due.at + ms(reminders.escalateAfter),
      kind: 'notify',
      notification: 'escalade_element',
      roles: reminders.escalateTo,
      deadline: due.at,
      params,
    });
  }
  return alarms;
}

const isFilled = (value: unknown) => value !== undefined && value !== null && value !== '';

/** Each item of the list not yet done, due at the date or instant it holds. */
function listAlarms(
  deadlines: ListDeadlines,
  context: Record<string, unknown>,
  durationsMs: Record<string, number>,
  now: number,
): Alarm[] {
  const items = Array.isArray(context[deadlines.list]) ? (context[deadlines.list] as Record<string, unknown>[]) : [];
  return items.flatMap((item) => {
    const dueValue = item?.[deadlines.due];
    const at = instantOf(dueValue);
    if (at === null || !isFilled(item[deadlines.key]) || isFilled(item[deadlines.done])) return [];
    const name = deadlines.name && isFilled(item[deadlines.name]) ? String(item[deadlines.name]) : null;
    const due: Due = {
      // The due date is part of the id: a milestone moved to another date is reminded again.
      id: `liste:${deadlines.list}:${String(item[deadlines.key])}:${String(dueValue)}`,
      at,
      subject: name ? `${deadlines.label} « ${name} »` : `${deadlines.label} n° ${String(item[deadlines.key])}`,
      day: String(dueValue).slice(0, 10),
    };
    return remindersOf(due, deadlines, durationsMs, now);
  });
}

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** `2026-11` as « de novembre 2026 », « d’avril 2026 ». */
const ofMonth = (index: number): string => {
  const name = MONTHS[index % 12] as string;
  return `${/^[aeiouyéè]/.test(name) ? 'd’' : 'de '}${name} ${Math.floor(index / 12)}`;
};

/** The month a date or an instant falls in (as written: Dakar keeps UTC), as an index. */
const monthIndexOf = (value: unknown): number | null => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}/.test(value) || instantOf(value) === null) return null;
  const month = Number(value.slice(5, 7));
  return month >= 1 && month <= 12 ? Number(value.slice(0, 4)) * 12 + month - 1 : null;
};

/**
 * The months due so far and the next ones whose warnings may come: from the month of `from`, but on
 * entering the state only the month last due before it, so that a project started or resumed late
 * is not flooded with the reminders of every month gone by.
 */
function monthlyAlarms(
  deadlines: MonthlyDeadlines,
  context: Record<string, unknown>,
  durationsMs: Record<string, number>,
  enteredAt: number,
  now: number,
  settings: SettingValues,
): Alarm[] {
  const first = monthIndexOf(context[deadlines.from]);
  const day = Number(settings[deadlines.day]);
  if (first === null || !Number.isInteger(day) || day < 1) return [];
  /** End of day `day` of the month after `index`, the day clamped to that month's length. */
  const dueOf = (index: number) => {
    const [year, month] = [Math.floor((index + 1) / 12), (index + 1) % 12];
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(day, lastDay)) + DAY_MS;
  };
  const leads = typeof deadlines.warnBefore === 'string' ? [deadlines.warnBefore] : (deadlines.warnBefore ?? []);
  const longestLead = Math.max(0, ...leads.map((lead) => durationsMs[lead] ?? 0));
  const reports = Array.isArray(context[deadlines.list]) ? (context[deadlines.list] as Record<string, unknown>[]) : [];
  const done = new Set(reports.map((r) => r?.[deadlines.key]).filter(isFilled));
  let start = first;
  while (dueOf(start + 1) <= enteredAt) start++;
  const alarms: Alarm[] = [];
  for (let index = start; dueOf(index - 1) <= now + longestLead || index === start; index++) {
    const key = monthKey(index);
    if (done.has(key)) continue;
    const at = dueOf(index);
    const due: Due = {
      id: `mois:${deadlines.list}:${key}`,
      at,
      subject: `${deadlines.label} ${ofMonth(index)}`,
      day: new Date(at - DAY_MS).toISOString().slice(0, 10),
    };
    alarms.push(...remindersOf(due, deadlines, durationsMs, now));
  }
  return alarms;
}
