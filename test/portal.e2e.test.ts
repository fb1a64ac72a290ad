import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { JAVASCRIPT_BUDGET_BYTES, measureJavaScript } from '../ui/measure-javascript.ts';
import { OPENING, PDF, PIECES } from './support/application-data.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { act as actOn, deposit as depositOn } from './support/case-page.ts';
import { required } from './support/dependencies.ts';

// The portal in a real browser (Debian's Chromium) against the whole product: a gérant completes a
// licence application and deposits its pieces, is refused below the minimum headcount, submits; the
// agent asks for complements, the gérant answers without JavaScript, the agent ticks the pieces beside
// their preview, ICAMO gives its opinion, the director grants, the public register shows the licence.
// Screenshots of the main pages go to test-artifacts/.

const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';
const GERANT_THIES = 'gerant.ipm-thies@demo.siamo.sn';
const AGENT = 'agent.ministere@demo.siamo.sn';
const DIRECTEUR = 'directeur.ministere@demo.siamo.sn';
const ANALYSTE = 'analyste.icamo@demo.siamo.sn';
const ADMIN = 'administrateur@demo.siamo.sn';

let suite: BrowserSuite;
let browser: Browser;
let base: string;

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the portal, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('portail');
    ({ base, browser } = suite);
  }, 300_000);

  afterAll(() => suite?.close());

  const session = (email: string, options: { javaScriptEnabled?: boolean } = {}) => suite.session(email, options);

  // Fields are filled beforehand (ticks in the checklist among them); the helper waits for the answer.
  const act = async (page: Page, label: string) => (await actOn(page, label)).form;

  const shot = (page: Page, name: string) => suite.shot(page, name);

  /** Deposits a file for one item of the case's checklist, through its row's form. */
  const deposit = (page: Page, piece: string, name = `${piece}.pdf`) =>
    depositOn(page, piece, { name, mimeType: 'application/pdf', buffer: Buffer.from(PDF) });

  const badge = (page: Page) => page.locator('.status .badge').textContent();

  it('carries a licence application from the gérant to the director’s grant and the register', async () => {
    const contexts: BrowserContext[] = [];
    try {
      // The gérant opens the application as an IPM d’entreprise.
      const gerant = await session(GERANT);
      contexts.push(gerant.context);
      await shot(gerant.page, 'accueil-gerant');
      await gerant.page.getByRole('link', { name: 'Nouveau dossier' }).click();
      await gerant.page.getByRole('link', { name: 'Agrément d’une IPM' }).click();
      await gerant.page.fill('#ouverture-denomination', 'IPM des Cimenteries du Sahel');
      await gerant.page.selectOption('#ouverture-typeIpm', 'entreprise');
      await gerant.page.fill('#ouverture-adresseSiege', 'Route de Rufisque, Dakar');
      await gerant.page.fill('#ouverture-effectif', '250');
      await Promise.all([
        gerant.page.waitForURL(/\/dossiers\//),
        gerant.page.click('button:has-text("Ouvrir le dossier")'),
      ]);
      const caseUrl = gerant.page.url();
      await expect.poll(() => badge(gerant.page)).toBe('Brouillon');

      // The draft: the form to complete it starts from what the case holds.
      expect(await gerant.page.inputValue('#demande-completer-denomination')).toBe('IPM des Cimenteries du Sahel');
      await gerant.page.fill('#demande-completer-nombreEntreprises', '1');
      await gerant.page.fill('#demande-completer-entreprisesAdherentes', 'Ciments du Sahel, CSS 204511, 250');
      await gerant.page.fill('#demande-completer-gouvernance', 'Conseil d’administration paritaire de 6 membres.');
      await gerant.page.fill('#demande-completer-cotisationsAnnuelles', '180 000 000');
      await gerant.page.fill('#demande-completer-prestationsAnnuelles', '150 000 000');
      await act(gerant.page, 'Compléter la demande');
      await expect
        .poll(async () => ((await gerant.page.locator('.data').textContent()) ?? '').replace(/\u202f|\u00a0/g, ' '))
        .toContain('180 000 000 FCFA');

      // Submitting before the pieces are there is refused, naming them.
      const early = await act(gerant.page, 'Soumettre la demande');
      await expect
        .poll(() => early.locator('.alert').textContent())
        .toContain('Pièces à déposer d’abord : Statuts de l’IPM');
      for (const piece of PIECES) await deposit(gerant.page, piece);
      await expect
        .poll(() => gerant.page.locator('.checklist caption').textContent())
        .toContain('5 pièce(s) déposée(s) sur 5');
      await shot(gerant.page, 'demande-pieces');

      // 250 employees is below the minimum of an IPM d’entreprise: refused, with the alternative.
      const small = await act(gerant.page, 'Soumettre la demande');
      await expect
        .poll(() => small.locator('.alert').textContent())
        .toContain('Une IPM d’entreprise doit couvrir au moins 300 salariés');
      expect(await small.locator('.alert').textContent()).toContain('adhérer à une IPM interentreprises');
      await gerant.page.selectOption('#demande-completer-typeIpm', 'interentreprises');
      await act(gerant.page, 'Compléter la demande');
      await act(gerant.page, 'Soumettre la demande');
      await expect.poll(() => badge(gerant.page)).toBe('Soumis, recevabilité à examiner');

      // The ministry agent finds it in the inbox; the pieces stand beside the checklist.
      const agent = await session(AGENT);
      contexts.push(agent.context);
      await agent.page.goto(`${base}/corbeille`);
      const row = agent.page
        .locator('tr', { hasText: 'Agrément d’une IPM' })
        .filter({ hasText: 'IPM des Industries de Dakar' });
      await expect.poll(() => row.count()).toBeGreaterThan(0);
      await shot(agent.page, 'corbeille-agent');
      await agent.page.goto(caseUrl);
      // A piece shows beside the checklist on demand.
      await Promise.all([
        agent.page.waitForURL(/\?apercu=/),
        agent.page.locator('.checklist').getByRole('link', { name: 'Aperçu' }).first().click(),
      ]);
      await expect
        .poll(() => agent.page.locator('#apercu iframe').getAttribute('src'))
        .toMatch(/\/documents\/.+\?apercu=1$/);
      await shot(agent.page, 'instruction-agent');
      await agent.page.goto(caseUrl);

      // The agent asks for the statutes again; the browser checks what it can, the server the rest.
      await agent.page.fill('textarea[name=complementsDemandes]', 'Statuts');
      const tooShort = await act(agent.page, 'Demander des compléments');
      await expect
        .poll(() => tooShort.locator('.error').textContent())
        .toBe('« Compléments demandés » doit compter au moins 10 caractères.');
      await agent.page.fill('textarea[name=complementsDemandes]', 'Joindre les statuts signés par les fondateurs.');
      await act(agent.page, 'Demander des compléments');
      await expect.poll(() => badge(agent.page)).toBe('Compléments demandés');

      // The gérant replaces the statutes and answers — with scripts disabled: forms and uploads work without.
      const plain = await session(GERANT, { javaScriptEnabled: false });
      contexts.push(plain.context);
      await plain.page.goto(caseUrl);
      await plain.page.setInputFiles('#piece-statuts', {
        name: 'statuts-signes.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(PDF),
      });
      await Promise.all([
        plain.page.waitForLoadState('load'),
        plain.page
          .locator('form.attach', { has: plain.page.locator('#piece-statuts') })
          .locator('button')
          .click(),
      ]);
      await plain.page.goto(caseUrl);
      expect(await plain.page.locator('.checklist').textContent()).toContain('statuts-signes.pdf');
      await plain.page.fill('textarea[name=reponseComplements]', 'Statuts signés joints.');
      await Promise.all([
        plain.page.waitForLoadState('load'),
        plain.page.click('form.action button:has-text("Répondre à la demande de compléments")'),
      ]);
      await plain.page.goto(caseUrl);
      await expect.poll(() => badge(plain.page)).toBe('Soumis, recevabilité à examiner');

      // The agent ticks the pieces one by one in the checklist: all of them, or it is refused.
      await agent.page.goto(caseUrl);
      const ticks = (piece: string) => agent.page.locator(`input[type=checkbox][name=piecesVerifiees][value=${piece}]`);
      await ticks('statuts').check();
      const partial = await act(agent.page, 'Déclarer le dossier recevable');
      await expect.poll(() => partial.locator('.alert').textContent()).toContain('Éléments manquants');
      for (const piece of PIECES) await ticks(piece).check();
      await act(agent.page, 'Déclarer le dossier recevable');
      await expect.poll(() => badge(agent.page)).toBe('En instruction');
      await agent.page.fill('textarea[name=questionsAvis]', 'Soutenabilité des cotisations prévues.');
      await act(agent.page, 'Demander l’avis de l’ICAMO');
      await expect.poll(() => badge(agent.page)).toBe('Avis de l’ICAMO demandé');

      // ICAMO gives its opinion.
      const analyste = await session(ANALYSTE);
      contexts.push(analyste.context);
      await analyste.page.goto(caseUrl);
      await analyste.page.selectOption('select[name=avisIcamo]', 'favorable');
      await analyste.page.fill('textarea[name=motivationAvis]', 'Cotisations suffisantes, gouvernance paritaire.');
      await act(analyste.page, 'Rendre l’avis de l’ICAMO');
      await expect.poll(() => badge(analyste.page)).toBe('En instruction');

      // The agent reports to the director.
      await agent.page.goto(caseUrl);
      await agent.page.fill('textarea[name=rapportInstruction]', 'Dossier complet ; avis favorable de l’ICAMO.');
      await agent.page.selectOption('select[name=propositionDecision]', 'accorder');
      await act(agent.page, 'Transmettre au directeur');
      await expect.poll(() => badge(agent.page)).toBe('En attente de la décision du directeur');

      // The director reads the file — the opinion and the report with it — and grants the licence.
      const directeur = await session(DIRECTEUR);
      contexts.push(directeur.context);
      await directeur.page.goto(caseUrl);
      const summary = await directeur.page.locator('.data').textContent();
      expect(summary).toContain('Favorable');
      expect(summary).toContain('Dossier complet ; avis favorable de l’ICAMO.');
      await shot(directeur.page, 'decision-directeur');
      await directeur.page.fill('textarea[name=observations]', 'Dossier conforme.');
      await act(directeur.page, 'Accorder l’agrément');
      await expect.poll(() => badge(directeur.page)).toBe('Agrément accordé');
      const history = await directeur.page.locator('.timeline').textContent();
      for (const step of [
        'Répondre à la demande de compléments',
        'Rendre l’avis de l’ICAMO',
        'Transmettre au directeur',
      ])
        expect(history).toContain(step);
      // The decision joins the pieces and the letter asking for complements; the licence is a case of its own.
      await expect
        .poll(async () => {
          await directeur.page.reload();
          return directeur.page.locator('.documents li').count();
        })
        .toBe(8);
      const licence = directeur.page.getByRole('link', { name: /^Agrément en vigueur AGR-\d{4}-\d{4}$/ });
      await expect.poll(() => licence.count()).toBe(1);
      const numero = ((await licence.textContent()) ?? '').replace('Agrément en vigueur ', '');
      await shot(directeur.page, 'dossier-accorde');
      // The mail the case caused is in its history…
      await expect
        .poll(async () => {
          await directeur.page.reload();
          return directeur.page.locator('#courriels-titre + ul li').allTextContents();
        })
        .toContainEqual(expect.stringContaining('Aminata Ba, Gérant d’IPM'));

      // The public register shows the licence to anyone.
      const visitor = await browser.newContext({ locale: 'fr-FR' });
      contexts.push(visitor);
      const publicPage = await visitor.newPage();
      await publicPage.goto(`${base}/registre`);
      const entry = publicPage.locator('tr', { hasText: numero });
      await expect.poll(() => entry.textContent()).toContain('IPM des Cimenteries du Sahel');
      expect(await entry.textContent()).toContain('En vigueur');
      await shot(publicPage, 'registre-public');

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
  }, 300_000);

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
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST', { timeout: 30_000 }),
      page.click('button[type=submit]'),
    ]);
    // Each read is bounded, so that a missing message fails with what the page showed instead.
    const alert = () =>
      page
        .locator('.alert')
        .textContent({ timeout: 2000 })
        .catch(() => null);
    await expect
      .poll(alert, {
        timeout: 20_000,
        message: `réponse ${answer.status()} ; page ${page.url()} : ${(await page.locator('main').textContent())?.slice(0, 300)}`,
      })
      .toBe('Adresse électronique ou mot de passe incorrect.');
    await shot(page, 'connexion-erreur-telephone');

    // Signed in on the phone, with a draft waiting: the inbox lists it, and fits the screen — the page
    // never scrolls sideways; a table wider than the screen scrolls inside its own frame.
    await page.fill('#email', GERANT);
    await page.fill('#password', DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
      page.click('button[type=submit]'),
    ]);
    // A digit always: a key of letters only reads like a name and is refused.
    const key = `TEL-1${Date.now().toString(36)}`;
    const started = await page.request.post(`${base}/graphql`, {
      data: {
        query: 'mutation($input: StartCaseInput!) { startCase(input: $input) { __typename } }',
        variables: { input: { processId: 'agrement', idempotencyKey: key, input: OPENING } },
      },
    });
    expect((await started.json()).data.startCase.__typename).toBe('StartCasePayload');
    await page.goto(`${base}/corbeille`);
    const row = page.locator('.table-wrap tbody tr', { hasText: key });
    await expect.poll(() => row.count()).toBe(1);
    const layout = await page.evaluate(() => {
      const wrap = document.querySelector('.table-wrap') as HTMLElement;
      const box = wrap.getBoundingClientRect();
      return {
        viewport: window.innerWidth,
        pageWidth: document.documentElement.scrollWidth,
        frame: { left: box.left, right: box.right },
        overflowX: getComputedStyle(wrap).overflowX,
        tableWidth: wrap.scrollWidth,
        frameWidth: wrap.clientWidth,
      };
    });
    expect(layout.viewport).toBe(390);
    expect(layout.pageWidth).toBeLessThanOrEqual(layout.viewport);
    expect(layout.frame.left).toBeGreaterThanOrEqual(0);
    expect(layout.frame.right).toBeLessThanOrEqual(layout.viewport);
    if (layout.tableWidth > layout.frameWidth) {
      expect(['auto', 'scroll']).toContain(layout.overflowX);
      // It really scrolls: the frame moves, the page does not.
      const scrolled = await page.evaluate(() => {
        const wrap = document.querySelector('.table-wrap') as HTMLElement;
        wrap.scrollLeft = wrap.scrollWidth;
        return { frame: wrap.scrollLeft, page: window.scrollX };
      });
      expect(scrolled.frame).toBeGreaterThan(0);
      expect(scrolled.page).toBe(0);
      await page.evaluate(() => {
        (document.querySelector('.table-wrap') as HTMLElement).scrollLeft = 0;
      });
    }
    // The case's link is on screen, and leads to the case.
    const link = row.getByRole('link', { name: key });
    const linkBox = await link.boundingBox();
    expect(linkBox?.x).toBeGreaterThanOrEqual(0);
    expect((linkBox?.x ?? 0) + (linkBox?.width ?? 0)).toBeLessThanOrEqual(390);
    await shot(page, 'corbeille-telephone');
    await Promise.all([page.waitForURL((url) => url.pathname.startsWith('/dossiers/')), link.click()]);
    await context.close();
  });
});
