import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// A first start with the living demonstration (SIAMO_DEMO_SCENARIO), on a fresh database, as
// `npm start` makes it: what a visitor and each demo account find, read through the API and the
// portal. The other browser suites start without it, so that their counts are their own.

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

// biome-ignore lint/suspicious/noExplicitAny: the test walks API answers freely; a wrong path fails the assertion
type Answer = Record<string, any>;

/** The demo accounts some shipped process waits for, with the step of theirs the demonstration leaves them. */
const WITH_WORK = ['gerant.ipm-dakar', 'gerant.ipm-thies', 'agent.ministere', 'analyste.icamo', 'directeur.ministere'];

const plain = (text: string | null) =>
  (text ?? '')
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

let suite: BrowserSuite;

describe.runIf(browserHere)('the living demonstration on a first start', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('demo-vivante', { SIAMO_DEMO_SCENARIO: 'true' });
  }, 600_000);

  afterAll(() => suite?.close());

  const api = async (cookie: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${suite.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Answer; errors?: unknown };
    expect(body.errors).toBeUndefined();
    return body.data as Answer;
  };

  const signIn = async (login: string) => {
    const response = await fetch(`${suite.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query:
          'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { __typename } }',
        variables: { email: `${login}@demo.siamo.sn`, password: DEMO_PASSWORD },
      }),
    });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    expect(cookie, login).toBeTruthy();
    return cookie as string;
  };

  it('shows a visitor a register with a licence in force, one suspended and one expired', async () => {
    // The expired one's timer was already due at its opening: it fires in the background.
    const statuses = async () =>
      ((await api(null, '{ register { numero status } }')).register as Answer[]).map((e) => e.status).sort();
    await expect.poll(statuses, { timeout: 30_000 }).toEqual(['en_vigueur', 'expire', 'suspendu']);

    const { context, page } = await suite.session('agent.ps@demo.siamo.sn');
    try {
      await page.goto(`${suite.base}/registre`);
      const text = plain(await page.locator('main').textContent());
      for (const label of ['En vigueur', 'Suspendu', 'Expiré']) expect(text).toContain(label);
    } finally {
      await context.close();
    }
  });

  it('shows the portfolio moved so that today falls inside it, labelled as a demonstration, under way', async () => {
    const today = dakarDay(new Date());
    const cookie = await signIn('pilotage.icamo');
    const { portfolio } = await api(
      cookie,
      `{ portfolio { __typename ... on Portfolio {
        asOf window { start end label months }
        lastImport { shiftMonths }
        states { state count }
        milestones { overdue { label } due { label } }
        projects { number state plannedStart lastReport { period } endSlippage { direction } }
      } } }`,
    );
    expect(portfolio.asOf).toBe(today);
    expect(portfolio.lastImport.shiftMonths).toBeGreaterThan(0);
    expect(portfolio.window.months).toBe(42);
    // Today inside the window, which no longer starts in November 2017.
    expect(portfolio.window.start).not.toBe('2017-11');
    expect(portfolio.window.start <= today.slice(0, 7)).toBe(true);
    expect(portfolio.window.end >= today.slice(0, 7)).toBe(true);
    const count = (state: string) => portfolio.states.find((s: Answer) => s.state === state)?.count ?? 0;
    expect(count('termine')).toBeGreaterThan(0);
    expect(count('demarre')).toBeGreaterThan(0);
    expect(count('planifie')).toBeGreaterThan(0);
    expect(portfolio.projects.filter((p: Answer) => p.lastReport).length).toBeGreaterThan(0);
    expect(portfolio.projects.some((p: Answer) => p.endSlippage?.direction === 'retard')).toBe(true);
    expect(portfolio.milestones.overdue.length).toBeGreaterThan(0);
    expect(portfolio.milestones.due.length).toBeGreaterThan(0);

    const { context, page } = await suite.session('pilotage.icamo@demo.siamo.sn');
    try {
      await page.goto(`${suite.base}/portefeuille`);
      expect(plain(await page.locator('.demonstration').textContent())).toContain(
        `Démonstration : les dates du plan du SDSI sont décalées de ${portfolio.lastImport.shiftMonths} mois`,
      );
      expect(plain(await page.locator('.lead').textContent())).toContain(portfolio.window.label);
      await suite.shot(page, 'demonstration-portefeuille');
      // The chart draws today's line, not a caption saying today is outside it.
      expect(await page.locator('figure.gantt svg[role=img] g.today line').count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  it('gives each demo account that a process waits for a case in its inbox', async () => {
    for (const login of WITH_WORK) {
      const { inbox } = await api(
        await signIn(login),
        '{ inbox(first: 5) { __typename ... on InboxSuccess { data { edges { node { businessKey } } } } } }',
      );
      expect(inbox.data.edges.length, login).toBeGreaterThan(0);
    }
  });
});
