import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { type DevServer, freePort, startDevServer } from '../runtime/temporal-dev-server.ts';
import type { ApiSuite } from './support/api-suite.ts';
import { COMPLETION, OPENING, PIECES } from './support/application-data.ts';
import type { licensing as Licensing } from './support/licensing.ts';
import type { MailLab } from './support/mail.ts';

// Personal data through a whole licence application — names, e-mail addresses, a phone number, a
// NIN, health-related free text in the case's text fields — then looked for where Temporal and the
// product keep or say things: the Temporal server's storage file, its workflow ids and search
// attributes, the worker's and the server's logs, the subjects of the mail sent. None may hold any of
// them. Each place is first shown to hold something known (a business key), so that « nothing
// found » means « not there », not « not looked at ».

// Every log line the worker's runtime writes, at the most talkative level, from before any worker exists.
const workerLog: string[] = [];
Runtime.install({
  logger: new DefaultLogger('DEBUG', (entry) =>
    workerLog.push(`${entry.level} ${entry.message} ${inspect(entry.meta)}`),
  ),
});
const consoleLog: string[] = [];
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
    consoleLog.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 8 }))).join(' '));
  });
}

const NAME = 'Aminata Ndiaye-Sow';
const OTHER_NAME = 'Mamadou Diallo Fall';
const EMAIL = 'aminata.ndiaye@exemple-perso.sn';
const PHONE = '+221 77 123 45 67';
const NIN = '1 751 1988 01234';
const CARE = 'hepatite chronique suivie au centre Abass Ndao';

/** Each value as it was typed, and the forms it could be stored in once reformatted. */
const SEARCHED = [NAME, 'Ndiaye-Sow', OTHER_NAME, EMAIL, PHONE, '771234567', NIN, '1751198801234', CARE, 'hepatite'];

let dir: string;
let server: DevServer;
const serverLog: string[] = [];
let suite: ApiSuite;
let lab: MailLab;
let l: ReturnType<typeof Licensing>;
let caseId: string;
let businessKey: string;

beforeAll(async () => {
  // Support modules load after the runtime above is installed: the harness would install its own.
  const [{ createApiSuite }, { licensing }, { createMailLab }] = await Promise.all([
    import('./support/api-suite.ts'),
    import('./support/licensing.ts'),
    import('./support/mail.ts'),
  ]);
  dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-personal-data-'));
  const settings = loadTemporalSettings();
  server = await startDevServer({
    cliPath: inject('temporalCliPath'),
    settings: { ...settings, devServer: { ...settings.devServer, logLevel: 'debug' } },
    dataDir: dir,
    port: await freePort(),
    uiPort: false,
    dbFile: 'temporal.sqlite',
    onOutput: (chunk) => serverLog.push(chunk),
  });
  lab = await createMailLab();
  suite = await createApiSuite({
    temporal: { address: server.address, namespace: server.namespace },
    dependencies: { mail: lab.settings, dataDir: lab.dataDir },
    codecOrigins: ['http://127.0.0.1:8233'],
  });
  l = licensing(suite.api);
});
let stopping: Promise<void> | undefined;
/** Worker and client first, then the server: nothing is still writing when its files are read. */
const stopAll = () => {
  stopping ??= (async () => {
    await suite?.close();
    await lab?.close();
    await server?.stop();
  })();
  return stopping;
};
afterAll(async () => {
  await stopAll();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('personal data through a licence application', () => {
  it('runs the whole path with personal values in the text fields', async () => {
    const { person } = suite.people;
    const opened = await l.start(person.gerantA, { ...OPENING, adresseSiege: `chez ${NAME}, Sicap Liberte 2, Dakar` });
    expect(opened, opened.message).toMatchObject({ __typename: 'StartCasePayload' });
    caseId = opened.case.id;
    businessKey = opened.case.businessKey;
    await l.act(person.gerantA, caseId, 'demande.completer', {
      ...COMPLETION,
      gouvernance: `Gerante : ${NAME} (NIN ${NIN}), ${EMAIL}, ${PHONE} ; president : ${OTHER_NAME}.`,
    });
    await l.uploadPieces(person.gerantA, caseId);
    await l.act(person.gerantA, caseId, 'dossier.soumettre');
    await l.act(person.agentMinistere, caseId, 'recevabilite.demanderComplements', {
      complementsDemandes: `Joindre le certificat medical de ${OTHER_NAME} (${CARE}).`,
    });
    await l.act(person.gerantA, caseId, 'complements.repondre', {
      reponseComplements: `Certificat de ${OTHER_NAME} joint ; contact ${EMAIL}, ${PHONE}.`,
    });
    await l.act(person.agentMinistere, caseId, 'recevabilite.valider', { piecesVerifiees: PIECES });
    await l.act(person.agentMinistere, caseId, 'avis.demander', { questionsAvis: `Situation de ${NAME} ?` });
    await l.act(person.analyste, caseId, 'avis.rendre', {
      avisIcamo: 'favorable',
      motivationAvis: `Gerante ${NAME}, NIN ${NIN}, joignable au ${PHONE}.`,
    });
    await l.act(person.agentMinistere, caseId, 'instruction.conclure', {
      rapportInstruction: `Entretien avec ${OTHER_NAME} : ${CARE}.`,
      propositionDecision: 'accorder',
    });
    // A refusal on the way: its message travels as a failure, encrypted like the rest.
    const refused = await l.send(person.gerantA, caseId, 'decision.accorder', { observations: NAME });
    expect(refused.__typename).toBe('NotAllowedError');
    expect(
      await l.act(person.directeur, caseId, 'decision.accorder', { observations: `Vu ${NAME}, ${EMAIL}.` }),
    ).toMatchObject({ state: 'accorde' });
    const { eventually } = await import('./support/licensing.ts');
    const granted = await eventually(
      () => l.read(person.gerantA, caseId),
      (c) => c.children.length === 1 && c.documents.some((d: { kind: string }) => d.kind === 'decision_agrement'),
    );
    // The licence opened from the grant carries the application's data in its own start input.
    expect(granted.children[0]).toMatchObject({ processId: 'licence', state: 'en_vigueur' });
    // The case itself reads back in clear, for those who may see it.
    expect(granted.context.gouvernance).toContain(NIN);
    await expect
      .poll(async () => (await lab.caught()).filter((m) => m.subject?.includes(businessKey)).length, {
        timeout: 15_000,
      })
      .toBeGreaterThanOrEqual(3);
  });

  it('lets an administrator, and nobody else, decrypt a payload through the codec endpoint', async () => {
    const connection = await Connection.connect({ address: server.address });
    let input: { metadata?: Record<string, Uint8Array> | null; data?: Uint8Array | null };
    try {
      const { history } = await connection.workflowService.getWorkflowExecutionHistory({
        namespace: server.namespace,
        execution: { workflowId: caseId },
      });
      const payload = history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
      expect(payload).toBeDefined();
      input = payload as typeof input;
    } finally {
      await connection.close();
    }
    expect(Buffer.from(input.metadata?.encoding ?? []).toString()).toBe('binary/encrypted');
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(input.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(input.data ?? []).toString('base64'),
        },
      ],
    };
    const { api, people } = suite;
    const journaled = () => suite.h.prisma.codecAccess.findMany({ orderBy: { id: 'asc' } });
    const before = (await journaled()).length;
    const admin = await api.post(
      '/codec/decode',
      body,
      { token: people.person.admin.token },
      { 'x-namespace': 'default' },
    );
    expect(admin.status).toBe(200);
    // Who decoded what, when — and not what was decoded; the journal cannot be rewritten.
    const [access, ...more] = (await journaled()).slice(before);
    expect(more).toEqual([]);
    expect(access).toMatchObject({
      userId: people.person.admin.id,
      operation: 'decode',
      namespace: 'default',
      payloads: 1,
    });
    await expect(suite.h.prisma.codecAccess.deleteMany({})).rejects.toThrow(/ajout seul/);
    const decoded = (await admin.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    expect(Buffer.from(decoded.payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe('json/plain');
    expect(Buffer.from(decoded.payloads[0]?.data ?? '', 'base64').toString()).toContain(NAME);

    expect((await api.post('/codec/decode', body, { token: people.person.directeur.token })).status).toBe(403);
    expect((await api.post('/codec/decode', body, null)).status).toBe(401);
    // The web UI's browser asks first; only the UI's own origin is answered, with credentials.
    const preflight = await fetch(`${api.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:8233',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:8233');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    const elsewhere = await api.post(
      '/codec/decode',
      body,
      { token: people.person.admin.token },
      { origin: 'https://ailleurs.example' },
    );
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('leaves no personal value in workflow ids or search attributes', async () => {
    const connection = await Connection.connect({ address: server.address });
    try {
      const listed = await connection.workflowService.listWorkflowExecutions({ namespace: server.namespace });
      const executions = listed.executions ?? [];
      // The application, its licence, and the daily digest if any: at least the first two.
      expect(executions.length).toBeGreaterThanOrEqual(2);
      const shown = executions.map((execution) => ({
        workflowId: execution.execution?.workflowId,
        type: execution.type?.name,
        searchAttributes: Object.fromEntries(
          Object.entries(execution.searchAttributes?.indexedFields ?? {}).map(([name, payload]) => [
            name,
            Buffer.from(payload.data ?? []).toString('utf8'),
          ]),
        ),
        memo: Object.values(execution.memo?.fields ?? {}).map((payload) => Buffer.from(payload.data ?? []).toString()),
      }));
      const text = JSON.stringify(shown);
      expect(text).toContain(businessKey);
      expect(text).toContain('SiamoState');
      expect(found(text)).toEqual([]);
    } finally {
      await connection.close();
    }
  });

  it('leaves no personal value in the mail subjects', async () => {
    const subjects = (await lab.caught()).map((m) => m.subject ?? '');
    expect(subjects.some((subject) => subject.includes(businessKey))).toBe(true);
    expect(found(subjects.join('\n'))).toEqual([]);
    expect(found(subjects.join('\n'), [suite.people.person.gerantA.email])).toEqual([]);
  });

  it('leaves no personal value in the worker’s logs, nor the console', async () => {
    const text = [...workerLog, ...consoleLog].join('\n');
    expect(workerLog.some((line) => line.includes(caseId))).toBe(true);
    expect(found(text)).toEqual([]);
    expect(found(text, [suite.people.person.gerantA.email])).toEqual([]);
  });

  it('leaves no personal value in the Temporal server’s storage file, nor its logs', async () => {
    // Stopped, the server has written everything to its files (the database and its journal, if any).
    await stopAll();
    const files = readdirSync(dir).filter((name) => name.startsWith('temporal.sqlite'));
    expect(files).toContain('temporal.sqlite');
    const storage = Buffer.concat(files.map((name) => readFileSync(path.join(dir, name))));
    expect(storage.includes(Buffer.from(businessKey))).toBe(true);
    expect(SEARCHED.filter((value) => storage.includes(Buffer.from(value, 'utf8')))).toEqual([]);
    const logs = serverLog.join('');
    expect(logs.length).toBeGreaterThan(0);
    expect(found(logs)).toEqual([]);
  });
});

/** The searched values present in `text`. */
const found = (text: string, values: readonly string[] = SEARCHED) => values.filter((value) => text.includes(value));
