import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { DOMAIN_EFFECTS } from '../services/domain-services.ts';
// The worker's registered effects, as the worker finds them (entering at effects.ts would be a cycle).
import '../services/domains.ts';
import { sampleActs, tariffsCsv } from '../services/referentials/samples.ts';
import { loadShippedReferentials } from '../services/referentials/shipped.ts';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { eventually } from './support/licensing.ts';
import { createMailLab, type MailLab, recipientOf } from './support/mail.ts';
import { ownerPerson } from './support/owner-person.ts';

// The `referentiel` process on the real Temporal server, through the API: the owner's agent imports a
// new tariff, the import opens its case; the owner's manager (and nobody else) approves it for today,
// so the durable timer, armed at the start of that day, fires at once and brings it into force: the
// previous version is archived, IPMs and providers are told by mail with the summary of changes, and
// the as-of reading of today answers with it. Then a version approved for later, which another
// cannot overlap, is postponed and cancelled before its day, and one more is rejected: nothing of
// those comes into force.

let suite: ApiSuite;
let api: ApiServer;
let lab: MailLab;
let agent: { token: string };
let manager: { token: string };

const OWNER = 'ministere-travail';
const TARIFF_TITLE = 'Tarifs applicables aux IPM (arrêté interministériel)';

const today = dakarDay(new Date());
const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const french = (day: string) => day.split('-').reverse().join('/');

/** The shipped July tariff (v2) with its first three codes removed and four amounts raised by 100. */
function revisedTariffs(): { csv: string; removed: string[]; changed: string[] } {
  const [header, ...lines] = tariffsCsv(sampleActs(), 1).trim().split('\n');
  const removed = lines.slice(0, 3).map((l) => l.split(';')[0] as string);
  const kept = lines.slice(3).map((line, i) => {
    if (i >= 4) return line;
    const [code, montant, plafond] = line.split(';');
    return [code, Number(montant) + 100, plafond].join(';');
  });
  return {
    csv: [header, ...kept].join('\n'),
    removed,
    changed: kept.slice(0, 4).map((l) => l.split(';')[0] as string),
  };
}

const importTariff = async (csv: string, title: string) => {
  const answer = await api.upload(
    `mutation($file: File!) { importReferentialVersion(referential: "tarifs", title: "${title}", file: $file) {
      __typename ... on ReferentialImport { caseId problem { message } version { id number status report } }
      ... on Error { message } } }`,
    {},
    { name: 'tarifs.csv', content: new TextEncoder().encode(csv) },
    agent,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.importReferentialVersion;
};

const decide = async (
  as: { token: string },
  versionId: string,
  decision: string,
  args: { dateEffet?: string; motif?: string },
) => {
  const answer = await api.gql(
    `mutation($id: ID!, $dateEffet: String, $motif: String) {
      decideReferentialVersion(versionId: $id, decision: ${decision}, dateEffet: $dateEffet, motif: $motif) {
        __typename ... on ReferentialVersion { status validFrom } ... on Error { message } } }`,
    { id: versionId, ...args },
    as,
  );
  expect(answer.errors).toBeUndefined();
  return answer.data.decideReferentialVersion;
};

const version = (id: string) => suite.h.prisma.referentialVersion.findUniqueOrThrow({ where: { id } });
const kase = (id: string) => suite.h.prisma.case.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  lab = await createMailLab();
  suite = await createApiSuite({ dependencies: { mail: lab.settings, dataDir: lab.dataDir } });
  api = suite.api;
  await loadShippedReferentials(suite.h.prisma, { examples: true, medicines: 200 });
  agent = await ownerPerson(suite, OWNER, 'agent', 'agent_ministere');
  manager = await ownerPerson(suite, OWNER, 'directeur', 'directeur_ministere');
}, 180_000);
afterAll(async () => {
  await suite?.close();
  await lab?.close();
});

describe('the referentiel process', () => {
  let v3: string;
  let v3Case: string;

  it('answers a file it cannot import with a French problem, and opens nothing', async () => {
    const counts = async () => ({
      versions: await suite.h.prisma.referentialVersion.count(),
      cases: await suite.h.prisma.case.count({ where: { processId: 'referentiel' } }),
      rows: await suite.h.prisma.referentialRow.count(),
    });
    const before = await counts();
    const empty = await importTariff('', 'Tarifs vides');
    expect(empty).toMatchObject({ __typename: 'ReferentialImport', caseId: null, version: null });
    expect(empty.problem.message).toMatch(/vide/i);
    const [header] = tariffsCsv(sampleActs(), 1).split('\n');
    const withoutColumn = await importTariff(`${header?.split(';').slice(0, -1).join(';')}\nX;1`, 'Tarifs incomplets');
    expect(withoutColumn).toMatchObject({ __typename: 'ReferentialImport', caseId: null, version: null });
    expect(withoutColumn.problem.message).toMatch(/colonne/i);
    expect(await counts()).toEqual(before);
  });

  it('opens a case for an imported version, awaiting the owner’s manager', async () => {
    const { csv } = revisedTariffs();
    const imported = await importTariff(csv, 'Tarifs, révision de décembre');
    expect(imported).toMatchObject({
      __typename: 'ReferentialImport',
      problem: null,
      version: { number: 3, status: 'validee' },
    });
    expect(imported.version.report).toMatchObject({ ajouts: 0, retraits: 3, modifications: 4 });
    v3 = imported.version.id;
    v3Case = imported.caseId;
    expect((await version(v3)).caseId).toBe(v3Case);
    expect(await kase(v3Case)).toMatchObject({
      processId: 'referentiel',
      state: 'attente_approbation',
      organisationId: OWNER,
    });
    // Identifiers only in the case's data: what Temporal holds is no one's personal data.
    expect((await kase(v3Case)).context).toMatchObject({ versionId: v3, referentiel: 'tarifs' });
  });

  it('refuses, in French and changing nothing, a manager of another authority, a mere agent and a past date', async () => {
    const elsewhere = await decide(suite.people.person.directeur, v3, 'approuver', { dateEffet: today });
    expect(elsewhere).toEqual({
      __typename: 'NotAllowedError',
      message:
        'Seul un responsable de l’autorité propriétaire du référentiel (Ministères (arrêté interministériel)) peut approuver cette version.',
    });
    expect((await decide(suite.people.person.pilotage, v3, 'rejeter', { motif: 'Pas le nôtre' })).__typename).toBe(
      'NotAllowedError',
    );
    expect((await decide(agent, v3, 'approuver', { dateEffet: today })).__typename).toBe('ForbiddenError');
    const past = await decide(manager, v3, 'approuver', { dateEffet: dayAfter(today, -1) });
    expect(past.__typename).toBe('InvalidInputError');
    expect(past.message).toMatch(/est passée : choisissez aujourd’hui ou une date à venir/);
    expect(await version(v3)).toMatchObject({ status: 'validee', validFrom: null, approvedBy: null });
    expect((await kase(v3Case)).state).toBe('attente_approbation');
  });

  it('approved for today, comes into force by its timer: the previous version archived, IPMs and providers told', async () => {
    const previous = await suite.h.prisma.referentialVersion.findFirstOrThrow({
      where: { referentialCode: 'tarifs', status: 'en_vigueur' },
    });
    const approved = await decide(manager, v3, 'approuver', { dateEffet: today });
    expect(approved.__typename).toBe('ReferentialVersion');
    const inForce = await eventually(
      () => kase(v3Case),
      (c) => c.state === 'en_vigueur',
    );
    expect(inForce.terminal).toBe(true);
    const activation = await suite.h.prisma.auditEntry.findFirstOrThrow({
      where: { caseId: v3Case, event: 'version.activer' },
    });
    expect(activation.actorRole).toBe('systeme');
    await eventually(
      () => version(v3),
      (v) => v.status === 'en_vigueur',
    );
    expect((await version(v3)).validFrom?.toISOString().slice(0, 10)).toBe(today);
    const archived = await version(previous.id);
    expect(archived.status).toBe('remplacee');
    expect(archived.validTo?.toISOString().slice(0, 10)).toBe(today);
    // Archived, never deleted: its rows are all still there.
    expect(await suite.h.prisma.referentialRow.count({ where: { versionId: previous.id } })).toBe(previous.rowCount);

    const { person } = suite.people;
    const concerned = [person.gerantA, person.gerantB, person.agentPs].map((p) => p.email).sort();
    const subject = `Référentiel « ${TARIFF_TITLE} » : version n°3 en vigueur le ${french(today)}`;
    const mails = await eventually(
      async () => (await lab.caught()).filter((m) => m.subject?.startsWith('Référentiel')),
      (found) => found.length >= concerned.length,
    );
    expect(mails.map(recipientOf).sort()).toEqual(concerned);
    for (const mail of mails) {
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain('Changements : 0 code ajouté, 3 codes retirés, 4 codes modifiés.');
    }
  });

  it('answers the as-of reading of today with the new version, and of yesterday with the previous one', async () => {
    const { changed, removed } = revisedTariffs();
    const read = async (date: string) =>
      (
        await api.gql(
          `query($codes: [String!]!, $date: String!) { referentialAsOf(referential: "tarifs", codes: $codes, date: $date) {
            __typename ... on ReferentialAsOfSuccess { data { code found fields version { number status } } } } }`,
          { codes: [changed[0], removed[0]], date },
          agent,
        )
      ).data.referentialAsOf.data;
    const now = await read(today);
    expect(now[0]).toMatchObject({ found: true, version: { number: 3, status: 'en_vigueur' } });
    expect(now[1]).toMatchObject({ code: removed[0], found: false });
    const before = await read(dayAfter(today, -1));
    expect(before[0]).toMatchObject({ found: true, version: { number: 2, status: 'remplacee' } });
    expect(Number(now[0].fields.montant)).toBe(Number(before[0].fields.montant) + 100);
    expect(before[1]).toMatchObject({ found: true, version: { number: 2 } });
  });

  it('applies its steps once when an activity is tried again after a worker died', async () => {
    const deps = { prisma: suite.h.prisma, mail: lab.settings };
    const entries = await suite.h.prisma.auditEntry.findMany({
      where: { caseId: v3Case },
      orderBy: { revision: 'asc' },
    });
    const approval = entries.find((e) => e.event === 'version.approuver');
    const activation = entries.find((e) => e.event === 'version.activer');
    const before = await version(v3);
    const mailsBefore = await suite.h.prisma.mailMessage.count();
    const request = (entry: typeof approval, name: string) => ({
      caseId: v3Case,
      revision: entry?.revision ?? -1,
      index: 0,
      name,
      params: {},
      organisationId: OWNER,
    });
    await (DOMAIN_EFFECTS.programmer_version as NonNullable<(typeof DOMAIN_EFFECTS)[string]>)(
      deps,
      request(approval, 'programmer_version'),
    );
    await (DOMAIN_EFFECTS.activer_version as NonNullable<(typeof DOMAIN_EFFECTS)[string]>)(
      deps,
      request(activation, 'activer_version'),
    );
    expect(await version(v3)).toEqual(before);
    expect(await suite.h.prisma.mailMessage.count()).toBe(mailsBefore);
  });

  it('postponed, then cancelled before its day, never comes into force; another cannot overlap it; one is rejected', async () => {
    const base = revisedTariffs().csv;
    const v4 = (
      await importTariff(
        base.replace(/\n([^;\n]+);(\d+)/, (_m, code, n) => `\n${code};${Number(n) + 50}`),
        'v4',
      )
    ).version.id;
    const v4Case = (await version(v4)).caseId as string;
    const tomorrow = dayAfter(today, 1);
    expect(await decide(manager, v4, 'approuver', { dateEffet: tomorrow })).toMatchObject({
      status: 'programmee',
      validFrom: tomorrow,
    });
    expect((await kase(v4Case)).state).toBe('programmee');

    const v5 = (
      await importTariff(
        base.replace(/\n([^;\n]+);(\d+)/, (_m, code, n) => `\n${code};${Number(n) + 70}`),
        'v5',
      )
    ).version.id;
    const overlapping = await decide(manager, v5, 'approuver', { dateEffet: dayAfter(today, 5) });
    expect(overlapping).toEqual({
      __typename: 'ConflictError',
      message: `La version n°4 est déjà programmée au ${french(tomorrow)} : annulez-la, ou attendez son entrée en vigueur, avant d’en programmer une autre.`,
    });
    expect((await kase((await version(v5)).caseId as string)).state).toBe('attente_approbation');

    const later = dayAfter(today, 10);
    expect(await decide(manager, v4, 'reporter', { dateEffet: later })).toMatchObject({ validFrom: later });
    expect((await version(v3)).validTo?.toISOString().slice(0, 10)).toBe(later);
    expect((await decide(manager, v4, 'reporter', { dateEffet: dayAfter(today, -2) })).__typename).toBe(
      'InvalidInputError',
    );
    expect(await decide(manager, v4, 'annuler', { motif: 'Arrêté retiré par le ministère' })).toMatchObject({
      status: 'annulee',
      validFrom: null,
    });
    expect(await kase(v4Case)).toMatchObject({ state: 'annulee', terminal: true });
    // The version in force goes on, open-ended again.
    expect(await version(v3)).toMatchObject({ status: 'en_vigueur', validTo: null });

    expect((await decide(manager, v5, 'rejeter', { motif: '' })).__typename).toBe('InvalidInputError');
    expect(await decide(manager, v5, 'rejeter', { motif: 'Montants non conformes à l’arrêté' })).toMatchObject({
      status: 'rejetee',
    });
    expect(await version(v5)).toMatchObject({ rejectionReason: 'Montants non conformes à l’arrêté' });
    expect((await kase((await version(v5)).caseId as string)).state).toBe('rejetee');
    expect(await suite.h.prisma.auditEntry.count({ where: { caseId: v4Case, event: 'version.activer' } })).toBe(0);
  });
});
