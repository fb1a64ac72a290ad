import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { createBackup } from '../runtime/backup/backup.ts';
import { RestoreRefused, restoreBackup } from '../runtime/backup/restore.ts';
import { type RunningSiamo, startSiamo } from '../runtime/siamo.ts';
import { freePort } from '../runtime/temporal-dev-server.ts';
import { readLastBackup } from '../services/backups/last-backup.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { documentPath } from '../services/uploads/document-store.ts';
import { uploadDocument } from '../services/uploads/upload-document.ts';
import type { Viewer } from '../services/viewer.ts';
import { reconcile } from './support/reconcile.ts';

// The embedded mode end to end: PGlite and a dev server keeping its state under the data folder, so
// that an archive holds the database, Temporal's state, the documents and the keys together.
// Work, back up, more work, restore: the cases are those of the backup, in Temporal as in the projection.

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-sauvegarde-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gerant = { id: 'u-gerant', role: 'gerant_ipm' as const };
const viewer: Viewer = {
  userId: 'u-gerant',
  email: 'gerant@ipm-demo.test',
  displayName: 'Gérant',
  organisationId: 'ipm-demo',
  organisationKind: 'IPM',
  roles: ['gerant_ipm'],
};
const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];

const pdf = (text: string) => {
  const bytes = new TextEncoder().encode(`%PDF-1.4\n% ${text}\n%%EOF\n`);
  return { name: `${text}.pdf`, size: bytes.byteLength, bytes: async () => bytes };
};

const open = (siamo: RunningSiamo, businessKey: string) =>
  startCase(siamo.ctx, {
    processId: 'agrement',
    version: 2,
    businessKey,
    organisationId: 'ipm-demo',
    actor: gerant,
    input: { denomination: `IPM ${businessKey}`, typeIpm: 'interentreprises', effectif: 450 },
  }).then((r) => r.case.caseId);

const caseRows = (siamo: RunningSiamo) =>
  siamo.ctx.prisma.case.findMany({ select: { id: true, state: true, revision: true }, orderBy: { id: 'asc' } });

describe('npm run backup and npm run restore, embedded mode', () => {
  it('round trip: after a restore the cases, documents and keys are those of the backup, and Temporal agrees', async () => {
    const dataDir = path.join(dir, 'donnees');
    const env = {
      SIAMO_DATA_DIR: dataDir,
      SIAMO_BACKUP_DIR: path.join(dir, 'sauvegardes'),
      EMBEDDED_DB_PORT: String(await freePort()),
      HTTP_PORT: String(await freePort()),
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      SIAMO_DEMO_SCENARIO: 'false',
    };
    const config = loadConfig(env, dir);
    const base = loadTemporalSettings();
    const settings = { ...base, devServer: { ...base.devServer, port: await freePort(), uiPort: false as const } };
    const quiet = () => undefined;

    // Work.
    const first = await startSiamo(config, settings, quiet);
    let submitted: string;
    let draft: string;
    let keptDocument: { sha256: string };
    let atBackup: Awaited<ReturnType<typeof caseRows>>;
    try {
      submitted = await open(first, 'SAUV-0001');
      await sendEvent(first.ctx, {
        caseId: submitted,
        event: 'dossier.soumettre',
        actor: gerant,
        input: { pieces: PIECES },
      });
      draft = await open(first, 'SAUV-0002');
      keptDocument = await uploadDocument(first.ctx.prisma, {
        viewer,
        caseId: submitted,
        file: pdf('statuts'),
        dataDir,
        maxBytes: 1_000_000,
      });
      atBackup = await caseRows(first);
      expect(await reconcile(first.ctx.temporal, first.ctx.prisma)).toEqual({
        missingInProjection: [],
        missingInTemporal: [],
        different: [],
      });
    } finally {
      await first.stop();
    }
    writeFileSync(path.join(dataDir, 'payload.key'), 'cle-1', { mode: 0o600 });
    // Siamo made its own keys in keys/ at the first start: Temporal's payloads are encrypted with them.
    const payloadKeys = readFileSync(path.join(dataDir, 'keys', 'payload-keys'), 'utf8');
    mkdirSync(path.join(dataDir, 'keys'), { recursive: true });
    writeFileSync(path.join(dataDir, 'keys', 'codec-2026.key'), 'cle-codec', { mode: 0o600 });

    // Backup.
    const backupAt = new Date();
    const backup = await createBackup(config, settings, { now: backupAt });
    expect(path.dirname(backup.archive)).toBe(path.join(dir, 'sauvegardes'));
    expect(path.basename(backup.archive)).toMatch(/^siamo-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.tar\.gz$/);
    expect(statSync(backup.archive).mode & 0o777).toBe(0o600);
    expect(backup.manifest).toMatchObject({
      database: { kind: 'pglite', path: 'pglite' },
      temporal: { kind: 'serveur_de_developpement', files: expect.arrayContaining(['temporal/dev.sqlite']) },
      documents: { files: 1 },
      keys: ['payload.key', 'keys'],
    });
    expect(await readLastBackup(dataDir)).toMatchObject({ at: backupAt, archive: backup.archive });

    // More work, and refusals while Siamo runs.
    const second = await startSiamo(config, settings, quiet);
    let later: string;
    let laterDocument: { sha256: string };
    try {
      await sendEvent(second.ctx, {
        caseId: draft,
        event: 'dossier.soumettre',
        actor: gerant,
        input: { pieces: PIECES },
      });
      later = await open(second, 'SAUV-0003');
      laterDocument = await uploadDocument(second.ctx.prisma, {
        viewer,
        caseId: later,
        file: pdf('effectifs'),
        dataDir,
        maxBytes: 1_000_000,
      });
      expect(await caseRows(second)).not.toEqual(atBackup);

      const refused = restoreBackup(config, settings, { archive: backup.archive, confirm: async () => true });
      await expect(refused).rejects.toThrow(RestoreRefused);
      await expect(refused).rejects.toThrow(/Siamo semble en marche \(le port HTTP .* répond/);
      await expect(createBackup(config, settings)).rejects.toThrow(/Sauvegarde refusée : Siamo semble en marche/);
    } finally {
      await second.stop();
    }
    writeFileSync(path.join(dataDir, 'payload.key'), 'cle-2', { mode: 0o600 });

    // Without a terminal and without --oui, the command asks nothing and changes nothing.
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'runtime/cli-restore.ts', ...args], {
        cwd: root,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
      });
    const unconfirmed = cli([backup.archive]);
    expect(unconfirmed.status).toBe(1);
    expect(unconfirmed.stderr).toMatch(/pas de terminal pour la confirmer\. Relancez avec --oui/);
    expect(readFileSync(path.join(dataDir, 'payload.key'), 'utf8')).toBe('cle-2');
    expect(existsSync(documentPath(dataDir, laterDocument.sha256))).toBe(true);

    // Restore.
    const restored = cli([backup.archive, '--oui']);
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout).toContain('Base de données : PostgreSQL embarqué (dossier pglite)');
    expect(restored.stdout).toContain('Temporal : état du serveur de développement (temporal/dev.sqlite');
    expect(restored.stdout).toContain('Documents : 1 fichiers');
    expect(restored.stdout).toContain('Clés : payload.key, keys');
    const setAside = /gardées dans (.+)\.\n/.exec(restored.stdout)?.[1] as string;
    expect(readFileSync(path.join(setAside, 'payload.key'), 'utf8')).toBe('cle-2');

    expect(readFileSync(path.join(dataDir, 'payload.key'), 'utf8')).toBe('cle-1');
    expect(readFileSync(path.join(dataDir, 'keys', 'codec-2026.key'), 'utf8')).toBe('cle-codec');
    expect(readFileSync(path.join(dataDir, 'keys', 'payload-keys'), 'utf8')).toBe(payloadKeys);
    expect(statSync(path.join(dataDir, 'payload.key')).mode & 0o777).toBe(0o600);
    expect(existsSync(documentPath(dataDir, keptDocument.sha256))).toBe(true);
    expect(existsSync(documentPath(dataDir, laterDocument.sha256))).toBe(false);

    const third = await startSiamo(config, settings, quiet);
    try {
      expect(await caseRows(third)).toEqual(atBackup);
      expect(atBackup.find((c) => c.id === draft)).toMatchObject({ state: 'brouillon', revision: 1 });
      expect(atBackup.some((c) => c.id === later)).toBe(false);
      const ids: string[] = [];
      for await (const w of third.ctx.temporal.workflow.list({ query: "WorkflowType = 'caseWorkflow'" })) {
        ids.push(w.workflowId);
      }
      expect(ids).toContain(draft);
      expect(ids).not.toContain(later);
      expect(await reconcile(third.ctx.temporal, third.ctx.prisma)).toEqual({
        missingInProjection: [],
        missingInTemporal: [],
        different: [],
      });
      // The restored cases go on: the workflow and its projection move together.
      const view = await sendEvent(third.ctx, {
        caseId: draft,
        event: 'dossier.soumettre',
        actor: gerant,
        input: { pieces: PIECES },
      });
      expect(view).toMatchObject({ state: 'soumis', revision: 2 });
      expect(await reconcile(third.ctx.temporal, third.ctx.prisma)).toMatchObject({ different: [] });
    } finally {
      await third.stop();
    }
  }, 420_000);
});
