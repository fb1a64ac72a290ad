import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../processes/roles.ts';
import { startCase } from '../services/start-case.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import type { People } from './support/people.ts';
import { eventually, portfolioApi } from './support/portfolio.ts';

// A project's reminders, on real durable timers and through a real SMTP conversation. Milestones are
// due on a day (the end of that day, Dakar keeping UTC) and reports on a day of the month (a setting):
// the test cannot wait for a midnight, so it computes, when it starts, lead times and alert delays
// that make each alarm fall a few seconds ahead of it — or, for a reminder when late, takes a day
// already past. The durations are ordinary configuration (SIAMO_DURATIONS), fixed when the case opens.
//
// - Milestone A, due yesterday: the chef de projet is reminded at once, the committee alerted later;
// - milestone B, due in four days: the chef is warned before it (seconds from now);
// - milestone C, due yesterday but recorded as already reached: nothing;
// - the project is started, backdated to the start of the month whose report is the last one due:
//   that report is late (reminder at once, alert later); the next month's is warned of;
// - the reminder for milestone A rang while the project was planned: starting it does not ring it again.

const S = 1000;
const DAY = 86_400_000;
const t0 = Date.now();
const todayStart = Math.floor(t0 / DAY) * DAY;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const seconds = (ms: number) => `PT${Math.max(1, Math.round(ms / S))}S`;

// Reports are due by the end of the 1st of the next month.
const dueOfMonth = (year: number, month: number) => Date.UTC(year, month + 1, 1) + DAY;
const now = new Date(t0);
const [year, month] = [now.getUTCFullYear(), now.getUTCMonth()];
const lateMonth = dueOfMonth(year, month - 1) <= t0 ? month - 1 : month - 2;
const lateDue = dueOfMonth(year, lateMonth);
const nextDue = dueOfMonth(year, lateMonth + 1);
const monthKey = (m: number) => new Date(Date.UTC(year, m, 1)).toISOString().slice(0, 7);

const moments = {
  milestoneWarning: t0 + 8 * S,
  milestoneAlert: t0 + 15 * S,
  reportWarning: t0 + 10 * S,
  reportAlert: t0 + 25 * S,
};
const durations = {
  // Milestone B ends with the fourth day from today.
  'projet.rappelJalon': seconds(todayStart + 5 * DAY - moments.milestoneWarning),
  // Milestone A ended at today's midnight.
  'projet.alerteJalon': seconds(moments.milestoneAlert - todayStart),
  'projet.rappelRapport': seconds(nextDue - moments.reportWarning),
  'projet.alerteRapport': seconds(moments.reportAlert - lateDue),
};

let suite: ApiSuite;
let lab: MailLab;
let people: People;
let p: ReturnType<typeof portfolioApi>;
let otherAnalyst: string;

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({
    dependencies: { mail: lab.settings, dataDir: lab.dataDir },
    durationOverrides: durations,
    settingOverrides: { jourRapportMensuel: 1 },
  });
  people = suite.people;
  p = portfolioApi(suite.api);
  // A second analyst of ICAMO: reminders go to the project's chef, not to every analyst.
  otherAnalyst = (
    await suite.h.prisma.user.create({
      data: {
        email: `autre.analyste.${Date.now()}@test.siamo.sn`,
        displayName: 'Autre analyste',
        passwordHash: 'non-utilise',
        organisationId: people.organisations.icamo,
        roles: ['analyste_icamo'],
      },
    })
  ).email;
}, 240_000);
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

const notices = async (caseId: string) =>
  (await suite.h.prisma.notification.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map((n) => ({
    kind: n.kind,
    to: n.recipientEmail,
    subject: n.subject ?? '',
    at: n.createdAt.getTime(),
  }));

describe('a project’s reminders', () => {
  it('warn before a milestone or a report is due, remind the chef when late, then alert the committee', async () => {
    const { chef, comite } = { chef: people.person.analyste, comite: people.person.pilotage };
    const opened = await startCase(suite.h.ctx, {
      processId: 'projet',
      businessKey: 'SDSI-31',
      organisationId: people.organisations.icamo,
      actor: SYSTEM_ACTOR,
      input: { numero: 31, titre: 'Projet de test des rappels', debutPrevu: monthKey(lateMonth), dureeMois: 12 },
    });
    const caseId = opened.case.caseId;
    await p.assign(comite, caseId, chef);

    await p.act(chef, caseId, 'jalon.ajouter', {
      nomJalon: 'A — livrable en retard',
      echeanceJalon: dayOf(todayStart - DAY),
    });
    await p.act(chef, caseId, 'jalon.ajouter', {
      nomJalon: 'B — livrable proche',
      echeanceJalon: dayOf(todayStart + 4 * DAY),
    });
    await p.act(chef, caseId, 'jalon.ajouter', {
      nomJalon: 'C — livrable déjà remis',
      echeanceJalon: dayOf(todayStart - DAY),
      jalonDejaAtteintLe: dayOf(todayStart - 2 * DAY),
    });
    // Overdue since midnight: the chef hears of it at once, while the project is still planned.
    await eventually(
      () => notices(caseId),
      (list) => list.some((n) => n.kind === 'retard_element' && n.subject.includes('A — livrable')),
    );
    await p.act(chef, caseId, 'projet.demarrer', { dateDemarrage: `${monthKey(lateMonth)}-01` });

    const expected = [
      ['retard_element', chef.email, 'Jalon « A — livrable en retard »'],
      ['echeance_element', chef.email, 'Jalon « B — livrable proche »'],
      ['escalade_element', comite.email, 'Jalon « A — livrable en retard »'],
      ['retard_element', chef.email, 'Rapport d’avancement'],
      ['echeance_element', chef.email, 'Rapport d’avancement'],
      ['escalade_element', comite.email, 'Rapport d’avancement'],
    ];
    const all = await eventually(
      () => notices(caseId),
      (list) =>
        expected.every(([kind, to, what]) =>
          list.some((n) => n.kind === kind && n.to === to && n.subject.includes(what as string)),
        ),
      60_000,
    );
    const reminders = all.filter((n) => n.kind.endsWith('_element'));
    // Each once, to the chef de projet (not the other analyst) or the committee; nothing for milestone C.
    expect(reminders.map((n) => [n.kind, n.to]).sort()).toEqual(expected.map(([kind, to]) => [kind, to]).sort());
    expect(reminders.some((n) => n.subject.includes('C — livrable'))).toBe(false);
    expect(all.some((n) => n.to === otherAnalyst)).toBe(false);
    const late = monthKey(lateMonth);
    const [lateName, nextName] = [late, monthKey(lateMonth + 1)].map((m) =>
      new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-15`)),
    );
    expect(reminders.find((n) => n.kind === 'retard_element' && n.subject.includes('Rapport'))?.subject).toContain(
      `${lateName}`,
    );
    expect(reminders.find((n) => n.kind === 'echeance_element' && n.subject.includes('Rapport'))?.subject).toContain(
      `${nextName}`,
    );
    // The alerts waited for their moment: durable timers, not immediate sends.
    const alertOf = (what: string) =>
      reminders.find((n) => n.kind === 'escalade_element' && n.subject.includes(what))?.at ?? 0;
    expect(alertOf('Jalon')).toBeGreaterThanOrEqual(
      todayStart + Number(durations['projet.alerteJalon'].slice(2, -1)) * S,
    );
    expect(alertOf('Rapport')).toBeGreaterThanOrEqual(
      lateDue + Number(durations['projet.alerteRapport'].slice(2, -1)) * S,
    );

    // Through a real SMTP conversation, each to its person.
    await expect
      .poll(
        async () =>
          (await lab.caught())
            .filter((m) => m.subject?.includes('SDSI-31') && /Jalon|Rapport/.test(m.subject ?? ''))
            .map((m) => recipientOf(m))
            .sort(),
        { timeout: 15_000 },
      )
      .toEqual([chef.email, chef.email, chef.email, chef.email, comite.email, comite.email].sort());
    // The chef's reminder about milestone A (the committee's alert about it goes to another address).
    const mail = (await lab.caught()).find((m) => recipientOf(m) === chef.email && m.subject?.includes('A — livrable'));
    expect(mail?.subject).toMatch(/^Dossier SDSI-31 : Jalon « A — livrable en retard » en retard \(échéance du /);
    expect(mail?.text).toContain(`Jalon « A — livrable en retard » du dossier SDSI-31`);
    expect(mail?.text).toContain('le retard sera signalé à votre responsable');
  });
});
