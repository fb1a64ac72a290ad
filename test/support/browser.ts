import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { loadConfig } from '../../config/env.ts';
import { loadTemporalSettings } from '../../config/temporal-settings.ts';
import { type RunningSiamo, startSiamo } from '../../runtime/siamo.ts';
import { freePort } from '../../runtime/temporal-dev-server.ts';
import { DEMO_PASSWORD } from '../../services/people/demo-accounts.ts';
import { newDataKeysText } from '../../services/personal-data/data-keys.ts';
import { newKeyEntry } from '../../services/personal-data/key-ring.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../../ui/chromium.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

// What the browser suites share: the whole product started as `npm start` starts it, and Chromium.
// Each suite has its own database and its own Temporal namespace, as two deployments would: suites
// run side by side on one Temporal server, and the demo data each start-up loads opens cases under the
// same workflow ids (the portfolio's projects) — in a shared namespace, one suite's start-up would join
// the other's workflows, run by the other's worker, projected into the other's database.

export const ARTIFACTS = path.resolve('test-artifacts');

export interface BrowserSuite {
  siamo: RunningSiamo;
  browser: Browser;
  /** The portal's address. */
  base: string;
  /** Signs a demo account in, in a context of its own. */
  session(email: string, options?: { javaScriptEnabled?: boolean }): Promise<{ context: BrowserContext; page: Page }>;
  /** A full-page screenshot in test-artifacts/. */
  shot(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startBrowserSuite(name: string, env: Record<string, string> = {}): Promise<BrowserSuite> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `siamo-${name}-`));
  let database: TestDatabase | undefined;
  let siamo: RunningSiamo | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await siamo?.stop();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    database = await createTestDatabase();
    const namespace = await createNamespace(`${name}-${randomUUID().slice(0, 8)}`);
    const config = loadConfig(
      {
        DATABASE_URL: database.url,
        SIAMO_SIGNIN_KEY: randomBytes(32).toString('base64'),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: namespace,
        SIAMO_DATA_DIR: dataDir,
        HTTP_PORT: String(await freePort()),
        // A real cluster's configuration: keys given, not made up in the data folder.
        SIAMO_PAYLOAD_KEYS: newKeyEntry('p1'),
        SIAMO_DATA_KEYS: newDataKeysText(),
        // The suites count what they make: the demo accounts and the plan as its file states it, without
        // the living demonstration's cases (test/living-demo.test.ts has it).
        SIAMO_DEMO_SCENARIO: 'false',
        ...env,
      },
      dataDir,
    );
    siamo = await startSiamo(config, loadTemporalSettings(), () => undefined);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  } catch (error) {
    await close();
    throw error;
  }
  const running = { siamo, browser, base: siamo.http.url };
  return {
    ...running,
    session: async (email, options = {}) => {
      const context = await running.browser.newContext({ locale: 'fr-FR', acceptDownloads: true, ...options });
      const page = await context.newPage();
      // Once its script has loaded: a click while the page hydrates can be lost on a loaded machine.
      await page.goto(`${running.base}/connexion`, { waitUntil: 'networkidle' });
      await page.fill('#email', email);
      await page.fill('#password', DEMO_PASSWORD);
      try {
        await Promise.all([
          page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
          page.click('button[type=submit]'),
        ]);
      } catch (error) {
        // Say what the sign-in page showed instead (a lock, a step asked for), not only that it stayed.
        const shown = await page
          .locator('main')
          .textContent({ timeout: 1000 })
          .catch(() => null);
        throw new Error(`${email} n’a pas pu se connecter ; la page montrait : ${shown?.trim()}`, { cause: error });
      }
      return { context, page };
    },
    shot: (page, shotName) => page.screenshot({ path: path.join(ARTIFACTS, `${shotName}.png`), fullPage: true }),
    close,
  };
}

/** A namespace of its own on the test server, once the server answers for it. */
async function createNamespace(namespace: string): Promise<string> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return namespace;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await connection.close();
  }
}
