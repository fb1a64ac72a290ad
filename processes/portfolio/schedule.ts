import {
  addMonthsToDay,
  type DayKey,
  dayKey,
  dayNumber,
  firstDayOfMonth,
  frenchMonth,
  lastDayOfMonth,
  type MonthKey,
  monthIndex,
  monthKey,
  readMonth,
} from '../calendar.ts';

// When a project is meant to run and how far it has slipped. Pure arithmetic on calendar months and
// days: the plan gives a start month and a duration; the case layer adds what happened (actual start
// and end), what progress reports forecast (the end) and the milestones, and passes today's day in
// Dakar.

/** A run of whole months: from the first day of `start` to the last day of its `months`-th month. */
export interface MonthSpan {
  start: MonthKey;
  months: number;
}

/** The master plan's window: 42 months, November 2017 to April 2021. */
export const PLAN_WINDOW: MonthSpan = { start: '2017-11', months: 42 };

export interface WindowDates {
  start: MonthKey;
  /** Last month included. */
  end: MonthKey;
  months: number;
  /** « novembre 2017 – avril 2021 » */
  label: string;
}

export function describeWindow(span: MonthSpan = PLAN_WINDOW): WindowDates {
  const first = monthIndex(span.start);
  const last = first + span.months - 1;
  return {
    start: span.start,
    end: monthKey(last),
    months: span.months,
    label: `${frenchMonth(first)} – ${frenchMonth(last)}`,
  };
}

export interface PlannedDates {
  start: MonthKey;
  startDay: DayKey;
  /** Last month of the project; `null` when the plan gives no readable duration. */
  end: MonthKey | null;
  /** Last day of the last month. */
  endDay: DayKey | null;
  months: number | null;
  /** « mars 2018 – juin 2018 (4 mois) », or « à partir de septembre 2018 (durée non chiffrée) » */
  label: string;
}

/** A project of `months` months starting in `start` runs through the month `start + months - 1`. */
export function plannedDates(plan: { start: MonthKey | null; durationMonths: number | null }): PlannedDates | null {
  const first = plan.start === null ? null : readMonth(plan.start);
  if (first === null || plan.start === null) return null;
  const months = plan.durationMonths !== null && plan.durationMonths > 0 ? plan.durationMonths : null;
  if (months === null) {
    return {
      start: plan.start,
      startDay: firstDayOfMonth(first),
      end: null,
      endDay: null,
      months: null,
      label: `à partir de ${frenchMonth(first)} (durée non chiffrée)`,
    };
  }
  const last = first + months - 1;
  return {
    start: plan.start,
    startDay: firstDayOfMonth(first),
    end: monthKey(last),
    endDay: lastDayOfMonth(last),
    months,
    label: `${frenchMonth(first)} – ${frenchMonth(last)} (${months} mois)`,
  };
}

export type SlipDirection = 'avance' | 'a-l-heure' | 'retard';

/** How far one date is from the date it was expected on. */
export interface Slippage {
  direction: SlipDirection;
  /** Whole calendar months, then the days left over; both positive, the direction gives the sign. */
  months: number;
  days: number;
  /** Signed: positive when late. */
  totalDays: number;
  /** « en retard de 3 mois », « en avance de 1 mois et 12 jours », « à l’heure » */
  label: string;
}

/** The gap from `expected` to `actual` (days at midnight), in calendar months and days. */
export function calendarGap(expected: DayKey, actual: DayKey): Slippage {
  const totalDays = dayNumber(actual) - dayNumber(expected);
  if (totalDays === 0) return { direction: 'a-l-heure', months: 0, days: 0, totalDays, label: 'à l’heure' };
  const [from, to] = totalDays > 0 ? [expected, actual] : [actual, expected];
  let months = 0;
  while (dayNumber(addMonthsToDay(from, months + 1)) <= dayNumber(to)) months++;
  const days = dayNumber(to) - dayNumber(addMonthsToDay(from, months));
  const direction = totalDays > 0 ? 'retard' : 'avance';
  const amount = [
    ...(months > 0 ? [`${months} mois`] : []),
    ...(days > 0 ? [`${days} jour${days > 1 ? 's' : ''}`] : []),
  ].join(' et ');
  return { direction, months, days, totalDays, label: `en ${direction} de ${amount}` };
}

/**
 * Slippage of an end: the forecast (or actual) last day against the planned last day. Both are
 * inclusive last days, so the gap is measured between the days after them: a plan ending on 31
 * October and a forecast ending on 31 January are exactly 3 months apart.
 */
export const endSlippage = (plannedLastDay: DayKey, forecastLastDay: DayKey): Slippage =>
  calendarGap(dayKey(dayNumber(plannedLastDay) + 1), dayKey(dayNumber(forecastLastDay) + 1));

/** Slippage of a start: the actual first day against the planned first day. */
export const startSlippage = (plannedFirstDay: DayKey, actualFirstDay: DayKey): Slippage =>
  calendarGap(plannedFirstDay, actualFirstDay);

export interface Milestone {
  label: string;
  due: DayKey;
  /** When it was reached; `null` while it is not. */
  doneOn: DayKey | null;
}

export type MilestoneStatus = 'done' | 'due' | 'overdue';

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  done: 'atteint',
  due: 'à venir',
  overdue: 'en retard',
};

/** Reached; still ahead (due today included); or past its due day without being reached. */
export function milestoneStatus(milestone: Milestone, today: DayKey): MilestoneStatus {
  if (milestone.doneOn !== null) return 'done';
  return dayNumber(milestone.due) < dayNumber(today) ? 'overdue' : 'due';
}

/** What the case layer knows of a project's course, beyond the plan. */
export interface ProjectCourse {
  plannedStart: MonthKey | null;
  durationMonths: number | null;
  actualStart?: DayKey | null;
  /** Last day, once the project is completed. */
  actualEnd?: DayKey | null;
  /** Last day as the latest progress report forecasts it. */
  forecastEnd?: DayKey | null;
  milestones?: Milestone[];
}

export interface ProjectSchedule {
  planned: PlannedDates | null;
  actualStart: DayKey | null;
  /** The actual end when completed, else the forecast end, else `null`. */
  expectedEnd: DayKey | null;
  expectedEndIsActual: boolean;
  startSlippage: Slippage | null;
  /** The expected end against the planned end; `null` when either is unknown. */
  endSlippage: Slippage | null;
  /**
   * Not completed, and today is past the day it was expected to end (forecast, or plan when there is
   * no forecast): the forecast is out of date, and the slippage understates the delay.
   */
  endPassed: boolean;
  milestones: (Milestone & { status: MilestoneStatus })[];
}

export function projectSchedule(course: ProjectCourse, today: DayKey): ProjectSchedule {
  const planned = plannedDates({ start: course.plannedStart, durationMonths: course.durationMonths });
  const actualStart = course.actualStart ?? null;
  const actualEnd = course.actualEnd ?? null;
  const expectedEnd = actualEnd ?? course.forecastEnd ?? null;
  const endToWatch = expectedEnd ?? planned?.endDay ?? null;
  return {
    planned,
    actualStart,
    expectedEnd,
    expectedEndIsActual: actualEnd !== null,
    startSlippage: planned && actualStart ? startSlippage(planned.startDay, actualStart) : null,
    endSlippage: planned?.endDay && expectedEnd ? endSlippage(planned.endDay, expectedEnd) : null,
    endPassed: actualEnd === null && endToWatch !== null && dayNumber(endToWatch) < dayNumber(today),
    milestones: (course.milestones ?? [])
      .slice()
      .sort((a, b) => dayNumber(a.due) - dayNumber(b.due))
      .map((m) => ({ ...m, status: milestoneStatus(m, today) })),
  };
}

/** The milestones not yet reached, soonest first, at most `count`. */
export function nextMilestones(
  milestones: Milestone[],
  today: DayKey,
  count = 3,
): (Milestone & { status: MilestoneStatus })[] {
  return milestones
    .filter((m) => m.doneOn === null)
    .sort((a, b) => dayNumber(a.due) - dayNumber(b.due))
    .slice(0, count)
    .map((m) => ({ ...m, status: milestoneStatus(m, today) }));
}
