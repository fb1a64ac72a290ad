import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ConfigError, loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { startSiamo } from '../runtime/siamo.ts';
import { freePort } from '../runtime/temporal-dev-server.ts';
import { getCase } from '../services/get-case.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';

// `npm start`'s path, on the embedded defaults: PGlite and a Temporal dev server keeping their state
// under the data folder. Stopped and started again, Siamo finds its cases.

const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start on the embedded defaults', () => {
  it('starts everything, stops cleanly, and finds the cases of the previous start', async () => {
    const env = {
      SIAMO_DATA_DIR: dir,
      EMBEDDED_DB_PORT: String(await freePort()),
      HTTP_PORT: String(await freePort()),
      TEMPORAL_CLI_PATH: inject('temporalCliPath'),
      // Counted below: the demo portfolio's 27 cases, without the living demonstration's.
      SIAMO_DEMO_SCENARIO: 'false',
    };
    const settings = loadTemporalSettings();
    const temporalPort = await freePort();
    const devSettings = {
      ...settings,
      devServer: { ...settings.devServer, port: temporalPort, uiPort: false as const },
    };
    const quiet = () => undefined;
    const gerant = { id: 'u-gerant', role: 'gerant_ipm' as const };

    const first = await startSiamo(loadConfig(env, dir), devSettings, quiet);
    let caseId: string;
    try {
      const health = await fetch(`${first.http.url}/sante`);
      expect(health.status).toBe(200);
      // The demo data's portfolio: the master plan's 27 projects, each a case.
      expect(await health.json()).toMatchObject({ ok: true, base: 'ok', temporal: 'ok', dossiersEnCours: 27 });
      const { case: opened } = await startCase(first.ctx, {
        processId: 'agrement',
        version: 2,
        businessKey: 'DEMO-001',
        organisationId: 'ipm-demo',
        actor: gerant,
        input: { denomination: 'IPM Démo', typeIpm: 'interentreprises', effectif: 450 },
      });
      caseId = opened.caseId;
    } finally {
      await first.stop();
    }
    await expect(fetch(`${first.http.url}/sante`)).rejects.toThrow();

    const second = await startSiamo(loadConfig(env, dir), devSettings, quiet);
    try {
      // Loaded again at this start, the demo portfolio opened nothing new.
      expect(await (await fetch(`${second.http.url}/sante`)).json()).toMatchObject({ dossiersEnCours: 28 });
      expect(await getCase(second.ctx, caseId, 'gerant_ipm')).toMatchObject({ state: 'brouillon', revision: 1 });
      const pieces = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
      const view = await sendEvent(second.ctx, {
        caseId,
        event: 'dossier.soumettre',
        actor: gerant,
        input: { pieces },
      });
      expect(view).toMatchObject({ state: 'soumis', revision: 2 });
    } finally {
      await second.stop();
    }
  }, 180_000);

  it('refuses to start on a wrong configuration, naming each value at fault', () => {
    expect(() => loadConfig({ HTTP_PORT: 'quatre-vingts', DATABASE_URL: 'mysql://x' }, dir)).toThrow(ConfigError);
    expect(() => loadConfig({ HTTP_PORT: 'quatre-vingts', DATABASE_URL: 'mysql://x' }, dir)).toThrow(
      /DATABASE_URL: doit être une URL postgresql:.*\n.*HTTP_PORT: doit être un numéro de port/s,
    );
  });
});
