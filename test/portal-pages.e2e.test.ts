import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../processes/roles.ts';
import type { RunningSiamo } from '../runtime/siamo.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { startCase } from '../services/start-case.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { COMPLETION, OPENING, PDF, PIECES } from './support/application-data.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// The register, the ministry's board and the administrator's version moves, in a real browser
// (Debian's Chromium) against the whole product, on a database of their own so that every count is
// known: two licences (one suspended), an application opened on agrément version 3 and submitted
// (overdue at once: its admissibility review lasts 2 seconds here), and a draft on the latest version.
// Screenshots go to test-artifacts/.

const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';
const AGENT = 'agent.ministere@demo.siamo.sn';
const DIRECTEUR = 'directeur.ministere@demo.siamo.sn';
const ADMIN = 'administrateur@demo.siamo.sn';

const run = randomBytes(3).toString('hex').toUpperCase();
const DAKAR = { numero: `AGR-2026-D${run}`, denomination: 'IPM des Industries de Dakar', sigle: 'IPM-ID' };
const THIES = { numero: `AGR-2026-T${run}`, denomination: 'IPM Interentreprises de Thiès', sigle: 'IPM-IT' };
const V3_KEY = `AGR-V3-${run}`;
const DRAFT_KEY = `AGR-V4-${run}`;

let suite: BrowserSuite;
let siamo: RunningSiamo;
let base: string;

// biome-ignore lint/suspicious/noExplicitAny: the test walks API answers freely; a wrong path fails the assertion
type Answer = Record<string, any>;

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the register, the board and version moves, in a browser', () => {
  /** An operation through the API, as a signed-in person (their cookie) or anyone. */
  const api = async (cookie: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Answer; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data as Answer;
  };

  const apiSignIn = async (email: string) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { __typename } }',
        variables: { email, password: DEMO_PASSWORD },
      }),
    });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    expect(cookie).toBeTruthy();
    return cookie as string;
  };

  const act = async (cookie: string, caseId: string, event: string, input?: Record<string, unknown>) => {
    const { sendEvent } = await api(
      cookie,
      `mutation ($input: SendEventInput!) { sendEvent(input: $input) { __typename ... on Error { message } } }`,
      { input: { caseId, event, input } },
    );
    expect(sendEvent, `${event} : ${sendEvent.message ?? ''}`).toMatchObject({ __typename: 'CasePayload' });
  };

  const uploadPiece = async (cookie: string, caseId: string, piece: string) => {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query: `mutation ($caseId: ID!, $file: File!, $piece: String) {
          uploadDocument(caseId: $caseId, file: $file, piece: $piece) { __typename ... on Error { message } } }`,
        variables: { caseId, piece, file: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set('0', new Blob([PDF], { type: 'application/pdf' }), `${piece}.pdf`);
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { cookie, 'graphql-require-preflight': '1' },
      body: form,
    });
    const body = (await response.json()) as { data: Answer };
    expect(body.data.uploadDocument, piece).toMatchObject({ __typename: 'UploadDocumentPayload' });
  };

  const userId = async (email: string) => (await siamo.ctx.prisma.user.findUniqueOrThrow({ where: { email } })).id;

  const licence = (ipm: typeof DAKAR, organisationId: string, typeIpm: string, adresseSiege: string) =>
    startCase(siamo.ctx, {
      processId: 'licence',
      businessKey: ipm.numero,
      organisationId,
      actor: SYSTEM_ACTOR,
      input: {
        ...ipm,
        typeIpm,
        adresseSiege,
        debutValidite: '2026-01-15T10:00:00.000Z',
        finValidite: '2031-01-14T23:59:59.000Z',
      },
    });

  beforeAll(async () => {
    suite = await startBrowserSuite('portail-pages', { SIAMO_DURATIONS: 'agrement.examenRecevabilite=PT2S' });
    ({ siamo, base } = suite);

    // Two licences in the register; the director suspends the one of Thiès until mid-2030.
    await licence(DAKAR, 'ipm-industries-dakar', 'entreprise', 'Zone industrielle de Mbao, Dakar');
    const { case: thies } = await licence(THIES, 'ipm-thies', 'interentreprises', 'Avenue Léopold Senghor, Thiès');
    await act(await apiSignIn(DIRECTEUR), thies.caseId, 'licence.suspendre', {
      motifSuspension: 'États financiers de l’exercice 2025 non transmis.',
      finSuspension: '2030-06-30',
    });

    // An application opened on version 3 (before version 4 was deployed), completed and submitted.
    const gerant = await apiSignIn(GERANT);
    const { case: v3 } = await startCase(siamo.ctx, {
      processId: 'agrement',
      version: 3,
      businessKey: V3_KEY,
      organisationId: 'ipm-industries-dakar',
      actor: { id: await userId(GERANT), role: 'gerant_ipm' },
      input: OPENING,
    });
    await act(gerant, v3.caseId, 'demande.completer', COMPLETION);
    for (const piece of PIECES) await uploadPiece(gerant, v3.caseId, piece);
    await act(gerant, v3.caseId, 'dossier.soumettre');
    // A draft on the latest version: already where the administrator would move the other.
    await startCase(siamo.ctx, {
      processId: 'agrement',
      businessKey: DRAFT_KEY,
      organisationId: 'ipm-industries-dakar',
      actor: { id: await userId(GERANT), role: 'gerant_ipm' },
      input: { ...OPENING, denomination: 'IPM de la Petite Côte' },
    });
  }, 300_000);

  afterAll(() => suite?.close());

  const session = (email: string) => suite.session(email);

  const shot = (page: Page, name: string) => suite.shot(page, name);

  /** The cells of a table row, after its heading: what a reader sees on that line. */
  const rowOf = (page: Page, heading: string): Locator =>
    page.locator('tr', { has: page.getByRole('rowheader', { name: heading, exact: true }) });
  const cellsOf = (row: Locator) => row.getByRole('cell').allInnerTexts();
  /** The text of an element, its spaces as a reader sees them. */
  const text = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

  it('shows the public register to a visitor who is not signed in, and each licence’s history', async () => {
    const context = await suite.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    try {
      const response = await page.goto(`${base}/registre`);
      expect(response?.status()).toBe(200);
      expect(new URL(page.url()).pathname).toBe('/registre');
      await expect.poll(() => text(page.getByRole('heading', { level: 1 }))).toBe('Registre des IPM agréées');
      const dakar = page.locator('tr', { hasText: DAKAR.numero });
      const thies = page.locator('tr', { hasText: THIES.numero });
      expect(await text(dakar)).toContain('IPM des Industries de Dakar (IPM-ID)');
      expect(await text(dakar)).toContain('IPM d’entreprise');
      expect(await text(dakar)).toContain('En vigueur');
      expect(await text(dakar)).toContain('du 15 janvier 2026');
      expect(await text(dakar)).toContain('au 14 janvier 2031');
      expect(await text(thies)).toContain('Suspendu');
      expect(await text(thies)).toContain('jusqu’au 30 juin 2030');
      expect(await text(page.locator('main'))).toContain('2 agréments au registre.');
      expect(await text(page.locator('main'))).toMatch(/Registre établi le \d+ \S+ \d{4} à \d\d:\d\d/);
      await shot(page, 'registre');

      // A search by name, without its accent; then by status.
      await page.fill('#texte', 'thies');
      await Promise.all([page.waitForURL(/texte=thies/), page.getByRole('button', { name: 'Rechercher' }).click()]);
      expect(await text(page.locator('main'))).toContain('1 agrément correspond à la recherche.');
      expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining(THIES.numero)]);
      await page.goto(`${base}/registre?statut=en_vigueur`);
      expect(await page.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining(DAKAR.numero)]);

      // Printed, the page keeps the register and drops the search form.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('search').isVisible()).toBe(false);
      expect(await page.getByRole('table').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });

      // Each licence has its card and its dated history.
      await page.goto(`${base}/registre`);
      await Promise.all([page.waitForURL(/\/registre\/AGR-/), page.getByRole('link', { name: THIES.numero }).click()]);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('IPM Interentreprises de Thiès (IPM-IT)');
      const card = await text(page.locator('main'));
      expect(card).toContain(`Agrément n° ${THIES.numero}`);
      expect(card).toContain('Suspendu jusqu’au 30 juin 2030 inclus');
      expect(card).toContain('Avenue Léopold Senghor, Thiès');
      expect(await page.locator('.timeline li strong').allTextContents()).toEqual([
        'Agrément accordé',
        'Agrément suspendu',
      ]);
      await shot(page, 'registre-fiche');

      const missing = await page.goto(`${base}/registre/AGR-0000-INCONNU`);
      expect(missing?.status()).toBe(404);
      expect(await text(page.locator('main'))).toContain('Aucun agrément ne porte le numéro');
    } finally {
      await context.close();
    }
  });

  it('gives the ministry the board of a process, and refuses it to an IPM', async () => {
    const { context, page } = await session(AGENT);
    try {
      await page.goto(`${base}/tableau`);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Tableau de bord : Agrément d’une IPM');
      // The submitted application overruns its 2-second review: the board says so.
      await expect
        .poll(
          async () => {
            await page.reload();
            return cellsOf(rowOf(page, 'Soumis, recevabilité à examiner'));
          },
          { timeout: 30_000 },
        )
        .toEqual(['1', '1', '0', '—']);
      // One draft now; one stay in « Brouillon » ended (the submitted one), a few seconds long.
      const brouillon = await cellsOf(rowOf(page, 'Brouillon'));
      expect(brouillon.slice(0, 3)).toEqual(['1', '0', '1']);
      expect(brouillon[3]).toMatch(/^\d+ (s|min \d+ s|min)$/);
      expect(await cellsOf(rowOf(page, 'En instruction'))).toEqual(['0', '0', '0', '—']);
      expect(await cellsOf(rowOf(page, 'Total'))).toEqual(['2', '1', '1', '—']);
      const figures = await page.locator('.figures > div').allInnerTexts();
      expect(figures.map((f) => f.replace(/\s+/g, ' '))).toEqual(['Dossiers 2', 'En cours 2', 'En retard 1']);
      // The overdue case is listed, with a link to it.
      const overdue = page.getByRole('table', { name: /Dossiers dont l’étape a dépassé son échéance/ });
      expect(await overdue.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining(V3_KEY)]);
      await shot(page, 'tableau-agrement');

      // The licences' board: one in force, one suspended.
      await page.selectOption('#processus', 'licence');
      await Promise.all([page.waitForURL(/processus=licence/), page.getByRole('button', { name: 'Afficher' }).click()]);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Tableau de bord : Agrément en vigueur');
      expect((await cellsOf(rowOf(page, 'En vigueur'))).slice(0, 2)).toEqual(['1', '0']);
      expect((await cellsOf(rowOf(page, 'Suspendu'))).slice(0, 2)).toEqual(['1', '0']);
      expect(await text(page.locator('main'))).toContain('Aucun dossier en retard.');
    } finally {
      await context.close();
    }

    const gerant = await session(GERANT);
    try {
      const response = await gerant.page.goto(`${base}/tableau`);
      expect(response?.status()).toBe(403);
      expect(await text(gerant.page.getByRole('heading', { level: 1 }))).toBe('Accès refusé');
      expect(await text(gerant.page.locator('main'))).toContain(
        'Votre rôle ne permet pas de consulter le tableau de bord d’un processus.',
      );
    } finally {
      await gerant.context.close();
    }
  });

  it('lets the administrator check, then make, a move of a case to version 4', async () => {
    const { context, page } = await session(ADMIN);
    try {
      await page.goto(`${base}/admin/versions?processus=agrement&version=4`);
      expect(await text(page.getByRole('heading', { level: 1 }))).toBe('Changer des dossiers de version');
      // The case on version 3 is offered; the draft, already on version 4, is not.
      const cases = page.getByRole('table', { name: /Dossiers en cours/ });
      expect(await cases.locator('tbody tr').allInnerTexts()).toEqual([expect.stringContaining(V3_KEY)]);
      expect(await text(cases)).toContain('Soumis, recevabilité à examiner');
      // Each state is proposed to the state of the same name.
      expect(await page.locator('#etat-soumis').inputValue()).toBe('soumis');
      expect(await page.locator('#etat-en_instruction').inputValue()).toBe('en_instruction');

      const submit = async (label: string) => {
        await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.getByRole('button', { name: label, exact: true }).click(),
        ]);
      };

      // Nothing chosen: said on the list.
      await submit('Vérifier');
      await expect
        .poll(() => text(page.locator('.alert')))
        .toBe('Cochez au moins un dossier à faire changer de version.');

      // A dry run: the case could move, nothing moved.
      await page.getByRole('checkbox', { name: `Choisir le dossier ${V3_KEY}` }).check();
      await submit('Vérifier');
      await expect
        .poll(() => text(page.locator('.notice')))
        .toContain('Vérification réussie : le dossier peut passer en version 4. Aucun dossier n’a changé de version.');
      expect(await text(page.locator('.report'))).toContain(V3_KEY);
      expect(await text(page.locator('.report'))).toContain('Peut changer de version');
      await shot(page, 'versions-verification');

      // The same check with scripts disabled: the form works without JavaScript.
      const plain = await suite.browser.newContext({
        locale: 'fr-FR',
        javaScriptEnabled: false,
        storageState: await context.storageState(),
      });
      try {
        const noScript = await plain.newPage();
        await noScript.goto(`${base}/admin/versions?processus=agrement&version=4`);
        await noScript.getByRole('checkbox', { name: `Choisir le dossier ${V3_KEY}` }).check();
        await Promise.all([
          noScript.waitForResponse((r) => r.request().method() === 'POST'),
          noScript.getByRole('button', { name: 'Vérifier', exact: true }).click(),
        ]);
        await noScript.waitForLoadState('load');
        expect(await text(noScript.locator('.notice'))).toContain(
          'Vérification réussie : le dossier peut passer en version 4.',
        );
        expect(await noScript.getByRole('checkbox', { name: `Choisir le dossier ${V3_KEY}` }).isChecked()).toBe(true);
      } finally {
        await plain.close();
      }

      // Its state left without a counterpart: the report says why, in French, and nothing moves.
      await page.selectOption('#etat-soumis', '');
      await submit('Vérifier');
      await expect
        .poll(() => text(page.locator('.report')))
        .toContain(
          'L’état actuel du dossier, « Soumis, recevabilité à examiner », n’a pas de correspondance dans la version 4.',
        );
      expect(await text(page.locator('.alert'))).toContain('Aucun dossier n’a changé de version.');

      // Mapped again, and moved for real: the case leaves the list.
      await page.selectOption('#etat-soumis', 'soumis');
      await submit('Changer de version');
      await expect
        .poll(() => text(page.locator('.notice')))
        .toContain('1 dossier a changé de version : il est maintenant en version 4.');
      expect(await text(page.locator('main'))).toContain(
        'Aucun dossier en cours de « Agrément d’une IPM » n’est sur une autre version que la version 4.',
      );
      await shot(page, 'versions-deplace');
    } finally {
      await context.close();
    }
  });
});
