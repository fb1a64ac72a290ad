import type { SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort } from '../runtime/temporal-dev-server.ts';
import { recordLastBackup } from '../services/backups/last-backup.ts';
import type { MailSettings } from '../services/mail/settings.ts';
import { createSmtpTransport } from '../services/mail/transport.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { createMailLab, type MailLab } from './support/mail.ts';
import { as, TEST_PASSWORD } from './support/people.ts';

// The administrators' supervision, on real parts: the suite's own database, the shared Temporal dev
// server, an in-process SMTP server whose answers the test chooses (up, down, refusing a mailbox).

const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

const QUERY = `{ supervision { __typename ... on Error { code message }
  ... on SupervisionSuccess { data {
    health { temporal { ok detail } database { ok detail } mail { ok detail } }
    databaseBytes
    running { processId version state stateLabel count }
    stuck { caseId anomaly reason }
    retrying { running examined activities { caseId activity attempt lastFailure } }
    failedEffects { total recent { caseId revision effect failureType attempts } }
    mail { waiting failed recentFailures { id attempts caseIds error } }
    lastBackup { at archive bytes } lastBackupAgeSeconds
    signIns { failures locks recent { account outcome } lockedAccounts { account until } }
  } } } }`;

let suite: ApiSuite;
const workflowsToEnd: string[] = [];
let lab: MailLab;
let mode: 'ok' | 'down' | 'refuse' = 'ok';
let smtpUrl: string;

beforeAll(async () => {
  lab = await createMailLab();
  smtpUrl = lab.catcher.url;
  const mail: MailSettings = {
    ...lab.settings,
    transport: {
      sendMail: async (message: SendMailOptions) => {
        if (mode === 'down')
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ECONNECTION' });
        if (mode === 'refuse') {
          const to = message.to as { address: string } | string;
          // As a real server does: the refusal repeats the address.
          throw Object.assign(new Error(`550 5.1.1 <${typeof to === 'string' ? to : to.address}>: boîte inconnue`), {
            responseCode: 550,
            code: 'EENVELOPE',
          });
        }
        return lab.settings.transport.sendMail(message);
      },
    },
  };
  suite = await createApiSuite({
    dependencies: { mail },
    mailCheck: () => createSmtpTransport(smtpUrl, { ignoreTLS: true }).verify(),
  });
  // A real refusal of the real database: this suite's own PostgreSQL refuses the audit entries the
  // rules name, with a data exception's SQLSTATE, as it would refuse data it cannot store.
  await suite.h.prisma.$executeRawUnsafe('CREATE TABLE refus_audit (case_id text NOT NULL, event text NOT NULL)');
  await suite.h.prisma.$executeRawUnsafe(`
    CREATE FUNCTION refus_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM refus_audit WHERE case_id = NEW."caseId" AND event = NEW.event) THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'refus du test';
      END IF;
      RETURN NEW;
    END $$`);
  await suite.h.prisma.$executeRawUnsafe(
    'CREATE TRIGGER refus_audit BEFORE INSERT ON "AuditEntry" FOR EACH ROW EXECUTE FUNCTION refus_audit()',
  );
});
afterAll(async () => {
  for (const id of workflowsToEnd) {
    await suite?.h.ctx.temporal.workflow
      .getHandle(id)
      .terminate('fin du test')
      .catch(() => undefined);
  }
  await suite?.close();
  await lab?.close();
});

const supervision = async (credentials: Parameters<ApiSuite['api']['gql']>[2]) => {
  const answer = await suite.api.gql(QUERY, {}, credentials);
  expect(answer.errors).toBeUndefined();
  return answer.data.supervision;
};

describe('supervision', () => {
  it('is refused to anyone but an administrator, in French', async () => {
    const { person } = suite.people;
    for (const key of ['gerantA', 'agentMinistere', 'directeur', 'pilotage', 'employeur'] as const) {
      expect(await supervision(as(person[key]))).toEqual({
        __typename: 'ForbiddenError',
        code: 'interdit',
        message: 'Votre rôle ne permet pas de consulter la supervision de la plateforme.',
      });
    }
    expect(await supervision(null)).toMatchObject({ __typename: 'NotSignedInError' });
  });

  it('shows health, size, open cases, retrying and failed mail, the last backup and sign-in alerts', async () => {
    const { person, organisations } = suite.people;
    const admin = as(person.admin);
    const gerant = { id: person.gerantA.id, role: 'gerant_ipm' as const };
    const open = async (key: string) =>
      (
        await startCase(suite.h.ctx, {
          processId: 'agrement',
          version: 2,
          businessKey: key,
          organisationId: organisations.ipmA,
          actor: gerant,
          input: { denomination: `IPM ${key}`, typeIpm: 'interentreprises', effectif: 450 },
        })
      ).case.caseId;
    await open('SUP-1');
    const refused = await open('SUP-2');
    const submitted = await open('SUP-3');

    const quiet = await supervision(admin);
    expect(quiet.__typename).toBe('SupervisionSuccess');
    expect(quiet.data.health).toEqual({
      temporal: { ok: true, detail: 'répond' },
      database: { ok: true, detail: 'répond' },
      mail: { ok: true, detail: 'serveur SMTP joignable' },
    });
    expect(quiet.data.databaseBytes).toBeGreaterThan(1_000_000);
    expect(quiet.data.running).toEqual([
      { processId: 'agrement', version: 2, state: 'brouillon', stateLabel: 'Brouillon', count: 3 },
    ]);
    // The namespace is shared with other suites: only this suite's cases are looked at.
    const mine = (list: { caseId: string }[]) =>
      list.filter((c) => c.caseId.startsWith(`agrement/${organisations.ipmA}/`));
    expect(mine(quiet.data.stuck)).toEqual([]);
    expect(quiet.data.lastBackup).toBeNull();
    expect(quiet.data.mail).toMatchObject({ failed: 0, recentFailures: [] });
    expect(quiet.data.failedEffects).toEqual({ total: 0, recent: [] });

    // The mail server goes away: the submission's notification is retried, and shows as such.
    mode = 'down';
    await sendEvent(suite.h.ctx, {
      caseId: submitted,
      event: 'dossier.soumettre',
      actor: gerant,
      input: { pieces: PIECES },
    });
    const retrying = await vi.waitFor(
      async () => {
        const data = (await supervision(admin)).data;
        const found = data.retrying.activities.find((a: { caseId: string }) => a.caseId === submitted);
        expect(found).toBeDefined();
        // Read between two tries: during one the message is being sent, not waiting.
        expect(data.mail.waiting).toBeGreaterThanOrEqual(1);
        return { data, found };
      },
      { timeout: 60_000, interval: 500 },
    );
    expect(retrying.found).toMatchObject({ activity: 'runEffect', lastFailure: 'courriel_non_envoye' });
    expect(retrying.found.attempt).toBeGreaterThanOrEqual(2);
    expect(retrying.data.running).toContainEqual(
      expect.objectContaining({ processId: 'agrement', state: 'soumis', count: 1 }),
    );

    // It comes back refusing the mailbox: the mail is given up, and shown without the address.
    mode = 'refuse';
    const failed = await vi.waitFor(
      async () => {
        const data = (await supervision(admin)).data;
        expect(data.mail.failed).toBeGreaterThanOrEqual(1);
        expect(data.retrying.activities.some((a: { caseId: string }) => a.caseId === submitted)).toBe(false);
        return data;
      },
      { timeout: 60_000, interval: 500 },
    );
    const [mail] = failed.mail.recentFailures;
    expect(mail.caseIds).toEqual([submitted]);
    expect(mail.error).toMatch(/^550 5\.1\.1 <.+>: boîte inconnue$/);
    expect(mail.error).not.toContain('@');
    expect(mail.error).not.toContain(person.agentMinistere.email);
    // The notification effect was given up with it (a permanent refusal is not retried).
    const effects = await vi.waitFor(
      async () => {
        const data = (await supervision(admin)).data;
        expect(data.failedEffects.total).toBe(1);
        return data.failedEffects;
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(effects.recent).toEqual([
      {
        caseId: submitted,
        revision: 2,
        effect: 'notifier',
        failureType: 'courriel_refuse',
        attempts: expect.any(Number),
      },
    ]);
    expect(effects.recent[0].attempts).toBeGreaterThanOrEqual(2);

    // The database refuses a case's projection for good: the case workflow marks it, supervision lists it.
    await suite.h.prisma.$executeRaw`INSERT INTO refus_audit (case_id, event) VALUES (${refused}, 'dossier.soumettre')`;
    workflowsToEnd.push(refused);
    await expect(
      sendEvent(suite.h.ctx, { caseId: refused, event: 'dossier.soumettre', actor: gerant, input: { pieces: PIECES } }),
    ).rejects.toThrow(/enregistr/);
    const stuck = await vi.waitFor(
      async () => {
        const data = (await supervision(admin)).data;
        expect(mine(data.stuck)).toHaveLength(1);
        return mine(data.stuck);
      },
      { timeout: 30_000, interval: 500 },
    );
    expect(stuck).toEqual([
      {
        caseId: refused,
        anomaly: 'projection-impossible',
        reason: 'projection refusée par la base : une intervention est nécessaire',
      },
    ]);

    // Sign-in failures and a lock.
    for (let i = 0; i < 5; i++) await suite.api.signIn(person.employeur.email, 'mauvais-mot-de-passe');
    await suite.api.signIn('inconnu@exemple.sn', 'mauvais-mot-de-passe');
    await recordLastBackup(suite.api.dataDir, {
      at: new Date(Date.now() - 2 * 3600_000),
      archive: '/sauvegardes/siamo-2026-12-02T00-00-00Z.tar.gz',
      bytes: 1234,
    });
    smtpUrl = `smtp://127.0.0.1:${await freePort()}`;

    const later = (await supervision(admin)).data;
    expect(later.signIns.failures).toBe(5);
    expect(later.signIns.locks).toBe(1);
    // An address that is nobody's is shown masked, and the journal keeps it in clear nowhere.
    expect(later.signIns.recent[0]).toEqual({ account: 'i…@exemple.sn', outcome: 'echec' });
    expect(later.signIns.lockedAccounts.map((a: { account: string }) => a.account)).toEqual([person.employeur.email]);
    const clear = await suite.h.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM "SignInEvent" e
       WHERE row_to_json(e)::text ILIKE ${'%inconnu@exemple.sn%'} OR row_to_json(e)::text ILIKE ${`%${person.employeur.email}%`}`;
    expect(clear).toEqual([{ n: 0 }]);
    expect(later.lastBackup).toMatchObject({ archive: '/sauvegardes/siamo-2026-12-02T00-00-00Z.tar.gz', bytes: 1234 });
    expect(later.lastBackupAgeSeconds).toBeGreaterThanOrEqual(7200);
    expect(later.health.mail).toEqual({ ok: false, detail: 'serveur SMTP indisponible (ESOCKET)' });
    // The administrator still signs in: the lock is the employer's alone.
    expect((await suite.api.signIn(person.admin.email, TEST_PASSWORD)).cookie).toMatch(/^siamo_session=/);
  }, 180_000);
});
