import { describe, expect, it } from 'vitest';
import {
  addMonthsToDay,
  frenchDay,
  frenchMonth,
  lastDayOfMonth,
  monthIndex,
  monthKey,
  readDay,
  readMonth,
} from '../processes/calendar.ts';
import {
  calendarGap,
  describeWindow,
  endSlippage,
  milestoneStatus,
  nextMilestones,
  PLAN_WINDOW,
  plannedDates,
  projectSchedule,
  startSlippage,
} from '../processes/portfolio/schedule.ts';

describe('months and days', () => {
  it('reads only real months and days', () => {
    expect(readMonth('2017-11')).toBe(2017 * 12 + 10);
    for (const bad of ['2017-13', '2017-00', '2017-1', '17-11', '2017/11', 'nov. 2017'])
      expect(readMonth(bad)).toBeNull();
    expect(readDay('2020-02-29')).not.toBeNull();
    for (const bad of ['2019-02-29', '2019-04-31', '2019-4-1', '2019-04-01T00:00']) expect(readDay(bad)).toBeNull();
    expect(monthKey(monthIndex('2017-11') + 14)).toBe('2019-01');
  });

  it('counts month ends, leap years included, and adds months without overflowing', () => {
    expect(lastDayOfMonth(monthIndex('2020-02'))).toBe('2020-02-29');
    expect(lastDayOfMonth(monthIndex('2019-02'))).toBe('2019-02-28');
    expect(lastDayOfMonth(monthIndex('2019-12'))).toBe('2019-12-31');
    expect(addMonthsToDay('2019-01-31', 1)).toBe('2019-02-28');
    expect(addMonthsToDay('2019-10-15', 3)).toBe('2020-01-15');
  });

  it('names months and days in French', () => {
    expect(frenchMonth(monthIndex('2017-11'))).toBe('novembre 2017');
    expect(frenchMonth(monthIndex('2021-04'))).toBe('avril 2021');
    expect(frenchDay('2019-04-01')).toBe('1er avril 2019');
  });
});

describe('the plan’s window', () => {
  it('runs 42 months, from November 2017 to April 2021', () => {
    expect(PLAN_WINDOW).toEqual({ start: '2017-11', months: 42 });
    expect(describeWindow()).toEqual({
      start: '2017-11',
      end: '2021-04',
      months: 42,
      label: 'novembre 2017 – avril 2021',
    });
  });
});

describe('planned dates', () => {
  it('run from the first day of the start month through the last day of its last month', () => {
    expect(plannedDates({ start: '2017-11', durationMonths: 24 })).toEqual({
      start: '2017-11',
      startDay: '2017-11-01',
      end: '2019-10',
      endDay: '2019-10-31',
      months: 24,
      label: 'novembre 2017 – octobre 2019 (24 mois)',
    });
    expect(plannedDates({ start: '2018-01', durationMonths: 2 })?.endDay).toBe('2018-02-28');
    expect(plannedDates({ start: '2020-03', durationMonths: 24 })?.end).toBe('2022-02');
  });

  it('have a start and no end when the duration is unknown, and nothing without a start', () => {
    expect(plannedDates({ start: '2018-09', durationMonths: null })).toEqual({
      start: '2018-09',
      startDay: '2018-09-01',
      end: null,
      endDay: null,
      months: null,
      label: 'à partir de septembre 2018 (durée non chiffrée)',
    });
    expect(plannedDates({ start: null, durationMonths: 6 })).toBeNull();
  });
});

describe('slippage', () => {
  it('of an end is counted between the days after the last days', () => {
    expect(endSlippage('2019-10-31', '2020-01-31')).toEqual({
      direction: 'retard',
      months: 3,
      days: 0,
      totalDays: 92,
      label: 'en retard de 3 mois',
    });
    expect(endSlippage('2019-10-31', '2019-10-31')).toEqual({
      direction: 'a-l-heure',
      months: 0,
      days: 0,
      totalDays: 0,
      label: 'à l’heure',
    });
    expect(endSlippage('2019-10-31', '2020-02-15')).toMatchObject({
      months: 3,
      days: 15,
      label: 'en retard de 3 mois et 15 jours',
    });
    expect(endSlippage('2019-10-31', '2019-11-01')).toMatchObject({ totalDays: 1, label: 'en retard de 1 jour' });
  });

  it('ahead of the plan is an advance, in months and days', () => {
    expect(endSlippage('2019-10-31', '2019-09-20')).toEqual({
      direction: 'avance',
      months: 1,
      days: 11,
      totalDays: -41,
      label: 'en avance de 1 mois et 11 jours',
    });
    expect(endSlippage('2020-02-29', '2020-02-17')).toMatchObject({ label: 'en avance de 12 jours', totalDays: -12 });
  });

  it('of a start compares first days', () => {
    expect(startSlippage('2018-03-01', '2018-05-10')).toMatchObject({ label: 'en retard de 2 mois et 9 jours' });
    expect(calendarGap('2019-01-31', '2019-02-28')).toMatchObject({ months: 1, days: 0 });
  });
});

describe('a project’s schedule', () => {
  const course = {
    plannedStart: '2018-03',
    durationMonths: 4,
    actualStart: '2018-04-16',
    forecastEnd: '2018-09-30',
    milestones: [
      { label: 'Cahier des charges validé', due: '2018-08-31', doneOn: null },
      { label: 'Stratégie validée', due: '2018-05-15', doneOn: '2018-05-20' },
      { label: 'Comité de lancement', due: '2018-07-10', doneOn: null },
    ],
  };

  it('sets what happened against the plan, and the milestones by due date', () => {
    const schedule = projectSchedule(course, '2018-07-20');
    expect(schedule.planned?.endDay).toBe('2018-06-30');
    expect(schedule.startSlippage?.label).toBe('en retard de 1 mois et 15 jours');
    expect(schedule.endSlippage?.label).toBe('en retard de 3 mois');
    expect(schedule.expectedEnd).toBe('2018-09-30');
    expect(schedule.expectedEndIsActual).toBe(false);
    expect(schedule.endPassed).toBe(false);
    expect(schedule.milestones.map((m) => [m.label, m.status])).toEqual([
      ['Stratégie validée', 'done'],
      ['Comité de lancement', 'overdue'],
      ['Cahier des charges validé', 'due'],
    ]);
  });

  it('says when the expected end has passed without completion, and uses the actual end once completed', () => {
    expect(projectSchedule(course, '2018-10-01').endPassed).toBe(true);
    expect(projectSchedule({ plannedStart: '2018-03', durationMonths: 4 }, '2018-07-01')).toMatchObject({
      endPassed: true,
      endSlippage: null,
    });
    const completed = projectSchedule({ ...course, actualEnd: '2018-06-20' }, '2019-01-01');
    expect(completed).toMatchObject({ expectedEnd: '2018-06-20', expectedEndIsActual: true, endPassed: false });
    expect(completed.endSlippage?.label).toBe('en avance de 10 jours');
  });

  it('has no end slippage when the plan gives no duration', () => {
    expect(
      projectSchedule({ plannedStart: '2018-09', durationMonths: null, forecastEnd: '2021-04-30' }, '2019-01-01')
        .endSlippage,
    ).toBeNull();
  });

  it('lists the next milestones not reached, soonest first', () => {
    expect(milestoneStatus({ label: 'x', due: '2018-07-20', doneOn: null }, '2018-07-20')).toBe('due');
    expect(milestoneStatus({ label: 'x', due: '2018-07-19', doneOn: null }, '2018-07-20')).toBe('overdue');
    expect(nextMilestones(course.milestones, '2018-07-20', 1)).toEqual([
      { label: 'Comité de lancement', due: '2018-07-10', doneOn: null, status: 'overdue' },
    ]);
  });
});
