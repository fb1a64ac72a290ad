import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayKey, dayNumber } from '../processes/calendar.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import { prismaSql } from '../services/enrolment/beneficiary-ipm.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import {
  insertAffiliation,
  insertDependant,
  insertEmployer,
  insertParticipant,
  testDataKeys,
} from './support/enrolment.ts';

// The member's space in a real browser against the whole product: the IPM de Thiès invites one of its
// participants through the API; the member signs in on the portal with the mailed code, chooses its
// password, lands on « Mon espace » — its rights today, its dependant's — and checks the day before
// its hire; on a phone's width too; the page passes the accessibility checks.

const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');
const EMAIL = 'fatou.ndiaye@exemple.sn';
const PASSWORD = 'Mon-espace-assure-2026';
const today = new Date().toISOString().slice(0, 10);
const HIRE = dayKey(dayNumber(today) - 60);

describe.runIf(browserHere)('the member’s space', () => {
  let suite: BrowserSuite;
  let code = '';
  beforeAll(async () => {
    suite = await startBrowserSuite('espace-assure');
    const prisma = suite.siamo.ctx.prisma;
    const db = prismaSql(prisma);
    const employerId = await insertEmployer(db, 'ipm-thies', 'Ciments de Rufisque');
    const p = await insertParticipant(db, testDataKeys(), { ipmId: 'ipm-thies', employerId, nin: '2690909001234' });
    await insertAffiliation(db, {
      participantId: p.id,
      ninIndex: p.ninIndex,
      ipmId: 'ipm-thies',
      employerId,
      from: HIRE,
    });
    await insertDependant(db, { participantId: p.id, rank: 1, kind: 'enfant', birthDate: '2016-09-12' });
    const agent = await prisma.user.findUniqueOrThrow({ where: { email: 'agent.ipm-thies@demo.siamo.sn' } });
    const token = await createApiToken(prisma, { userId: agent.id, label: 'test' });
    const response = await fetch(`${suite.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query:
          'mutation($id: ID!, $email: String) { inviteMember(participantId: $id, email: $email) { __typename ... on Error { message } } }',
        variables: { id: p.id, email: EMAIL },
      }),
    });
    const body = (await response.json()) as { data: { inviteMember: { __typename: string; message?: string } } };
    expect(body.data.inviteMember, body.data.inviteMember.message).toMatchObject({ __typename: 'MemberInvitation' });
    // The mail as it went out (the local catcher's copy is the same text).
    const mail = await prisma.mailMessage.findFirstOrThrow({ where: { toAddress: EMAIL } });
    code = /\b[A-Z2-9]{4}(?:-[A-Z2-9]{4}){3}\b/.exec(mail.text)?.[0] ?? '';
    expect(code).not.toBe('');
  }, 240_000);
  afterAll(() => suite?.close());

  it('signs in with the mailed code, chooses a password, and sees its rights and its dependant’s', async () => {
    const context = await suite.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${suite.base}/connexion`, { waitUntil: 'networkidle' });
    await page.fill('#email', EMAIL);
    await page.fill('#password', code);
    await page.click('button[type=submit]');
    await expect
      .poll(() => page.locator('main').textContent())
      .toContain('Le code reçu par courriel ne sert qu’une fois');
    await page.getByLabel('Nouveau mot de passe').fill(PASSWORD);
    await page.getByLabel('Le même, une seconde fois').fill(PASSWORD);
    await Promise.all([
      page.waitForURL(/\/mon-espace$/),
      page.getByRole('button', { name: 'Changer le mot de passe' }).click(),
    ]);
    const main = page.locator('main');
    await expect.poll(() => main.textContent()).toContain('Awa Diop');
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^Couvert le /);
    expect(await main.textContent()).toContain('Moussa Diop');
    // The menu: its space, and none of the organisation's cases.
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    expect(await nav.getByRole('link', { name: 'Mon espace' }).count()).toBe(1);
    for (const name of ['Ma corbeille', 'Dossiers', 'Nouveau dossier', 'Mon entreprise'])
      expect(await nav.getByRole('link', { name }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await suite.shot(page, 'espace-assure');

    // Another day: the day before its hire.
    await page.getByLabel('Vérifier mes droits à une autre date').fill(dayKey(dayNumber(HIRE) - 1));
    await Promise.all([page.waitForURL(/date=/), page.getByRole('button', { name: 'Vérifier' }).click()]);
    expect(await page.getByRole('heading', { level: 2 }).first().textContent()).toMatch(/^Non couvert le /);
    expect(await seriousViolations(page)).toEqual([]);

    // On a phone: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${suite.base}/mon-espace`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    await suite.shot(page, 'espace-assure-telephone');
    await context.close();
  }, 180_000);
});
