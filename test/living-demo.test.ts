import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dakarDay } from '../processes/calendar.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
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

  /** The text of one section of an account's home page, once it shows what `expected` says. */
  const homeSection = async (login: string, section: string, expected: RegExp) => {
    const { context, page } = await suite.session(`${login}@demo.siamo.sn`);
    try {
      let text = '';
      const read = async () => {
        await page.goto(`${suite.base}/`);
        const located = page.locator(`[data-home=${section}]`);
        text = (await located.count()) === 0 ? '' : plain(await located.textContent());
        return text;
      };
      // Some of the demonstration's steps end in the background (an approval's effect schedules the version).
      await expect.poll(read, { timeout: 30_000, message: `${login} : ${section}` }).toMatch(expected);
      await suite.shot(page, `accueil-${login}`);
      // The home page with its sections filled, on a desktop and on a phone.
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
        expect(await seriousViolations(page), `${login} à ${width} px`).toEqual([]);
      }
      return text;
    } finally {
      await context.close();
    }
  };

  it('gives each IPM agent, on its home page, the application of its own IPM its gérant entrusted to it', async () => {
    const entrusted = { 'agent.ipm-dakar': 'DEM-DEMO-0001', 'agent.ipm-thies': 'DEM-DEMO-0003' };
    for (const [login, key] of Object.entries(entrusted)) {
      const cookie = await signIn(login);
      const { me } = await api(cookie, '{ me { id } }');
      const { cases } = await api(
        cookie,
        `query ($filter: CaseFilter) { cases(filter: $filter, first: 10) { __typename
          ... on CasesSuccess { data { edges { node { businessKey } } } } } }`,
        { filter: { assigneeId: me.id, terminal: false } },
      );
      expect(
        cases.data.edges.map((e: Answer) => e.node.businessKey),
        login,
      ).toEqual([key]);
      const other = Object.values(entrusted).find((k) => k !== key) as string;
      const text = await homeSection(login, 'confies', new RegExp(key));
      expect(text, login).not.toContain(other);
    }
  });

  it('gives ICAMO steering the revised norms its analyst imported, awaiting its approval', async () => {
    const { inbox } = await api(
      await signIn('pilotage.icamo'),
      '{ inbox(first: 20) { __typename ... on InboxSuccess { data { edges { node { processId businessKey state } } } } } }',
    );
    const versions = inbox.data.edges.map((e: Answer) => e.node).filter((n: Answer) => n.processId === 'referentiel');
    expect(versions).toEqual([{ processId: 'referentiel', businessKey: 'REF-normes-2', state: 'attente_approbation' }]);
    const { context, page } = await suite.session('pilotage.icamo@demo.siamo.sn');
    try {
      await page.goto(`${suite.base}/`);
      const todo = plain(await page.locator('section[aria-labelledby=a-faire]').textContent());
      expect(todo).toContain('REF-normes-2');
      expect(todo).toContain('En attente d’approbation');
    } finally {
      await context.close();
    }
  });

  it('tells a provider’s agent of the tariffs the ministry scheduled for next month', async () => {
    const today = dakarDay(new Date());
    const [year, month] = today.split('-').map(Number) as [number, number];
    const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    const scheduled = async () => {
      const { referentials } = await api(
        await signIn('agent.ps'),
        '{ referentials { ... on ReferentialsSuccess { data { code scheduled { validFrom } } } } }',
      );
      return referentials.data.find((r: Answer) => r.code === 'tarifs')?.scheduled?.validFrom ?? null;
    };
    await expect.poll(scheduled, { timeout: 30_000 }).toBe(next);
    const text = await homeSection('agent.ps', 'referentiels', /Tarifs applicables aux IPM.*programmée au/);
    // The day in French, as the portal writes it (« 1er janvier 2027 »).
    expect(text).toMatch(/programmée au 1er \p{L}+ \d{4}/u);
    expect(text).toContain(next.slice(0, 4));
  });

  it('shows an employer the IPMs in force its workforce may join, and where to ask for its adhesion', async () => {
    const text = await homeSection('employeur', 'ipm-agreees', /AGR-2024-0001/);
    expect(text).toContain('IPM des Industries de Dakar');
    // Suspended and expired licences are not offered.
    expect(text).not.toContain('AGR-2023-0002');
    expect(text).not.toContain('AGR-2019-0003');
    // Its own process now exists: the adhesion, asked from « Mon entreprise ».
    const possible = await homeSection('employeur', 'possible', /Registre|Référentiels/);
    expect(possible).toContain('Mon entreprise');
    expect(possible).not.toContain('Aucune étape d’un processus de Siamo n’attend encore votre rôle');
  });

  it('shows the IPM of Thiès one adhesion in force and one to examine, both made through the process', async () => {
    const { adhesions } = await api(
      await signIn('agent.ipm-thies'),
      '{ adhesions { __typename ... on AdhesionsSuccess { data { employerName state contractStart actions } } } }',
    );
    const byName = Object.fromEntries(adhesions.data.map((a: Answer) => [a.employerName, a]));
    const month = dakarDay(new Date()).slice(0, 7);
    expect(byName['Pêcheries de Joal']).toMatchObject({ state: 'active', contractStart: `${month}-01` });
    expect(byName['Ciments de Rufisque']).toMatchObject({ state: 'en_examen' });
    expect(byName['Ciments de Rufisque'].actions).toContain('examen.completer');
  });

  it('enrols the demo employers’ workforces, and suspends the members of the one behind with its contributions', async () => {
    const gerant = await signIn('gerant.ipm-thies');
    const workers = async (employerId: string) =>
      (
        await api(
          gerant,
          `query($e: ID!) { employerWorkers(employerId: $e, first: 1) { ... on EmployerWorkersPage { total workers { id } } } }`,
          { e: employerId },
        )
      ).employerWorkers;
    const late = await workers('emp-transports-cayor');
    expect(late.total).toBeGreaterThan(0);
    expect((await workers('emp-huilerie-cayor')).total).toBeGreaterThan(0);
    // Its ladder's levels were all due at the start: they fire in the background, to the suspension.
    const rights = async () =>
      (
        await api(
          gerant,
          `query($b: ID!, $d: String!) { rightsAt(beneficiaryId: $b, date: $d) { ... on RightsAnswer { code } } }`,
          { b: late.workers[0].id, d: dakarDay(new Date()) },
        )
      ).rightsAt.code;
    await expect.poll(rights, { timeout: 60_000 }).toBe('employeur_suspendu');

    // The employer's own account finds its workers on its page.
    const { context, page } = await suite.session('employeur.transports-cayor@demo.siamo.sn');
    try {
      await page.goto(`${suite.base}/entreprise/emp-transports-cayor`);
      const text = plain(await page.locator('main').textContent());
      expect(text).toContain('Transports Rapides du Cayor : salariés et ayants droit');
      expect(text).toContain(`${late.total} salarié(s) déclaré(s)`);
      // Its own payroll numbers, from its workforce file.
      expect(text).toMatch(/TRC0\d{3}/);
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows the administrator the platform’s summary, with the backup still to make', async () => {
    const { supervision } = await api(
      await signIn('administrateur'),
      '{ supervision { ... on SupervisionSuccess { data { running { count } lastBackup { at } } } } }',
    );
    const running = supervision.data.running.reduce((sum: number, r: Answer) => sum + r.count, 0);
    expect(running).toBeGreaterThan(0);
    expect(supervision.data.lastBackup).toBeNull();
    // Licences' timers may close a case meanwhile: the page's own count, read where it says it.
    const text = await homeSection('administrateur', 'supervision', /\d+ dossiers? en cours/);
    expect(Number(/(\d+) dossiers? en cours/.exec(text)?.[1])).toBeGreaterThan(0);
    expect(text).toContain('aucune sauvegarde n’a encore été faite');
  });
});
