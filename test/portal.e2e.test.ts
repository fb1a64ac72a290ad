import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../config/env.ts';
import { loadTemporalSettings } from '../config/temporal-settings.ts';
import { type RunningSiamo, startSiamo } from '../runtime/siamo.ts';
import { freePort } from '../runtime/temporal-dev-server.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { CHROMIUM_ARGS, chromiumAvailable, chromiumPath } from '../ui/chromium.ts';
import { JAVASCRIPT_BUDGET_BYTES, measureJavaScript } from '../ui/measure-javascript.ts';

// The portal in a real browser (Debian's Chromium) against the whole product: a gérant files a
// licence application, an agent asks for complements, the gérant answers, the agent declares the file
// admissible, the director grants it. Screenshots of the main pages go to test-artifacts/.

const ARTIFACTS = path.resolve('test-artifacts');
const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';
const GERANT_THIES = 'gerant.ipm-thies@demo.siamo.sn';
const AGENT = 'agent.ministere@demo.siamo.sn';
const DIRECTEUR = 'directeur.ministere@demo.siamo.sn';
const ADMIN = 'administrateur@demo.siamo.sn';

let siamo: RunningSiamo;
let browser: Browser;
let dataDir: string;
let base: string;

describe.skipIf(!chromiumAvailable())('the portal, in a browser', () => {
  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-portal-'));
    const port = await freePort();
    const config = loadConfig(
      {
        DATABASE_URL: inject('databaseUrl'),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        SIAMO_DATA_DIR: dataDir,
        HTTP_PORT: String(port),
      },
      dataDir,
    );
    siamo = await startSiamo(config, loadTemporalSettings(), () => undefined);
    base = siamo.http.url;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await siamo?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const session = async (email: string, options: { javaScriptEnabled?: boolean } = {}) => {
    const context = await browser.newContext({ locale: 'fr-FR', ...options });
    const page = await context.newPage();
    await page.goto(`${base}/connexion`);
    await page.fill('#email', email);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
      page.click('button[type=submit]'),
    ]);
    return { context, page };
  };

  const act = async (page: Page, label: string) => {
    const form = page.locator('form.action', { has: page.getByRole('heading', { name: label }) });
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      form.getByRole('button', { name: label }).click(),
    ]);
    await page.waitForLoadState('networkidle');
    return form;
  };

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

  it('carries a licence application from the gérant to the director’s grant', async () => {
    const contexts: BrowserContext[] = [];
    try {
      // The gérant opens the application.
      const gerant = await session(GERANT);
      contexts.push(gerant.context);
      await shot(gerant.page, 'accueil-gerant');
      await gerant.page.getByRole('link', { name: 'Nouveau dossier' }).click();
      await gerant.page.getByRole('link', { name: 'Agrément d’une IPM' }).click();
      await gerant.page.fill('#ouverture-denomination', 'IPM des Cimenteries du Sahel');
      await gerant.page.selectOption('#ouverture-typeIpm', 'interentreprises');
      await gerant.page.fill('#ouverture-effectif', '1 250');
      await Promise.all([
        gerant.page.waitForURL(/\/dossiers\//),
        gerant.page.click('button:has-text("Ouvrir le dossier")'),
      ]);
      const caseUrl = gerant.page.url();
      await expect.poll(() => gerant.page.locator('.badge').textContent()).toBe('Brouillon');

      // Submitting without the documents is refused, in French, on the field.
      await gerant.page.check('input[name=pieces][value=statuts]');
      const submit = await act(gerant.page, 'Soumettre le dossier');
      await expect
        .poll(() => submit.locator('.alert').textContent())
        .toContain('Éléments manquants : Liste des entreprises adhérentes');
      for (const piece of ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance']) {
        await gerant.page.check(`input[name=pieces][value=${piece}]`);
      }
      await act(gerant.page, 'Soumettre le dossier');
      await expect.poll(() => gerant.page.locator('.badge').textContent()).toBe('Soumis, recevabilité à examiner');
      await shot(gerant.page, 'dossier-soumis');

      // The ministry agent finds it in the inbox and asks for complements.
      const agent = await session(AGENT);
      contexts.push(agent.context);
      await agent.page.goto(`${base}/corbeille`);
      const row = agent.page
        .locator('tr', { hasText: 'Agrément d’une IPM' })
        .filter({ hasText: 'IPM des Industries de Dakar' });
      await expect.poll(() => row.count()).toBeGreaterThan(0);
      await shot(agent.page, 'corbeille-agent');
      await agent.page.goto(caseUrl);
      // The browser checks what it can (required fields); the rest comes back from the server, per field.
      await agent.page.fill('textarea[name=complementsDemandes]', 'Statuts');
      const tooShort = await act(agent.page, 'Demander des compléments');
      await expect
        .poll(() => tooShort.locator('.error').textContent())
        .toBe('« Compléments demandés » doit compter au moins 10 caractères.');
      await agent.page.fill(
        'textarea[name=complementsDemandes]',
        'Joindre les statuts signés et la liste des employeurs.',
      );
      await act(agent.page, 'Demander des compléments');
      await expect.poll(() => agent.page.locator('.badge').textContent()).toBe('Compléments demandés');

      // The gérant answers — with scripts disabled: the forms work without JavaScript.
      const plain = await session(GERANT, { javaScriptEnabled: false });
      contexts.push(plain.context);
      await plain.page.goto(caseUrl);
      await plain.page.fill('textarea[name=reponseComplements]', 'Statuts signés joints.');
      await Promise.all([
        plain.page.waitForLoadState('load'),
        plain.page.click('form.action button:has-text("Répondre à la demande de compléments")'),
      ]);
      await plain.page.goto(caseUrl);
      await expect.poll(() => plain.page.locator('.badge').textContent()).toBe('Soumis, recevabilité à examiner');

      // The agent declares it admissible; the director grants the licence.
      await agent.page.goto(caseUrl);
      await act(agent.page, 'Déclarer le dossier recevable');
      await expect.poll(() => agent.page.locator('.badge').textContent()).toBe('En instruction');
      const directeur = await session(DIRECTEUR);
      contexts.push(directeur.context);
      await directeur.page.goto(caseUrl);
      await directeur.page.fill('textarea[name=observations]', 'Dossier conforme.');
      await act(directeur.page, 'Accorder l’agrément');
      await expect.poll(() => directeur.page.locator('.badge').textContent()).toBe('Agrément accordé');
      expect(await directeur.page.locator('.timeline li').count()).toBe(6);
      expect(await directeur.page.locator('.timeline').textContent()).toContain('Répondre à la demande de compléments');
      await expect
        .poll(async () => {
          await directeur.page.reload();
          return directeur.page.locator('.documents li').count();
        })
        .toBe(2);
      await shot(directeur.page, 'dossier-accorde');
      // The mail the case caused is in its history…
      await expect
        .poll(async () => {
          await directeur.page.reload();
          return directeur.page.locator('#courriels-titre + ul li').allTextContents();
        })
        .toContainEqual(expect.stringContaining('Aminata Ba, Gérant d’IPM'));

      // …and, with no mail server configured, on the administrator's page of caught mail.
      const admin = await session(ADMIN);
      contexts.push(admin.context);
      const businessKey = caseUrl.split('/').at(-1) as string;
      await admin.page.goto(`${base}/admin/courriels`);
      const decision = admin.page
        .locator('tr', { hasText: businessKey })
        .filter({ hasText: 'gerant.ipm-dakar@demo.siamo.sn' });
      await expect.poll(() => decision.count()).toBeGreaterThan(0);
      await shot(admin.page, 'courriels-retenus');
      await decision.first().getByRole('link').click();
      await expect
        .poll(() => admin.page.locator('pre.mail').textContent())
        .toContain(`/dossiers/${caseUrl.split('/dossiers/')[1]}`);

      // An IPM never sees another IPM's case: the page says so without telling whether it exists.
      const thies = await session(GERANT_THIES);
      contexts.push(thies.context);
      const response = await thies.page.goto(caseUrl);
      expect(response?.status()).toBe(404);
      expect(await thies.page.locator('main').textContent()).toContain('introuvable, ou vous n’avez pas le droit');
    } finally {
      for (const context of contexts) await context.close();
    }
  }, 180_000);

  it('keeps the first visit of the sign-in page and the inbox under the JavaScript budget', async () => {
    const anonymous = await browser.newContext();
    const signIn = await measureJavaScript(await anonymous.newPage(), `${base}/connexion`);
    await anonymous.close();
    const { context } = await session(GERANT);
    const fresh = await browser.newContext({ storageState: await context.storageState() });
    const inbox = await measureJavaScript(await fresh.newPage(), `${base}/corbeille`);
    await Promise.all([context.close(), fresh.close()]);
    expect(signIn.files.length).toBeGreaterThan(0);
    expect(signIn.bytes).toBeLessThanOrEqual(JAVASCRIPT_BUDGET_BYTES);
    expect(inbox.bytes).toBeLessThanOrEqual(JAVASCRIPT_BUDGET_BYTES);
  });

  it('lets a person choose the daily digest for a kind of message', async () => {
    const { context, page } = await session(AGENT);
    await page.goto(`${base}/preferences`);
    await page.selectOption('#pref-retard', 'resume');
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.click('button[type=submit]'),
    ]);
    await expect.poll(() => page.locator('.notice').textContent()).toBe('Préférences enregistrées.');
    await page.goto(`${base}/preferences`);
    expect(await page.locator('#pref-retard').inputValue()).toBe('resume');
    expect(await page.locator('#pref-decision').inputValue()).toBe('immediat');
    await context.close();
  });

  it('shows a phone-sized inbox and a French error for a wrong password', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${base}/connexion`);
    await page.fill('#email', GERANT);
    await page.fill('#password', 'pas-le-bon-mot-de-passe-1');
    await page.click('button[type=submit]');
    await expect
      .poll(() => page.locator('.alert').textContent())
      .toBe('Adresse électronique ou mot de passe incorrect.');
    await shot(page, 'connexion-erreur-telephone');
    await context.close();
  });
});
