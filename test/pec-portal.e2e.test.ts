import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { insertAffiliation, insertEmployer, insertParticipant } from './support/enrolment.ts';
import { referentialVersion } from './support/pec.ts';

// The provider's PEC page, in Chromium with JavaScript off (a poor line): the demo's agent_ps asks for
// a member's act, reads the grant with its number, finds it in its requests with its letter, and a
// request the pre-checks refuse comes back in French; its account with the IPM shows the grant engaged. The demo's provider is PS-00001, accredited by
// the sample providers referential; its convention, the act and the IPM's package are this test's.

const AGENT_PS = 'agent.ps@demo.siamo.sn';
const PROVIDER_CODE = 'PS-00001';
const ACT = 'ZPE001';
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the provider’s PEC page', () => {
  let suite: BrowserSuite;
  let card: string;
  let ipmName: string;
  beforeAll(async () => {
    suite = await startBrowserSuite('portail-pec');
    const pool = new pg.Pool({ connectionString: suite.siamo.databaseUrl, max: 1 });
    try {
      const first = (
        await pool.query<{ id: string; name: string }>(
          `SELECT "id", "name" FROM "Organisation" WHERE "kind" = 'IPM' LIMIT 1`,
        )
      ).rows[0] as { id: string; name: string };
      const ipm = first.id;
      ipmName = first.name;
      const from = '2024-01-01';
      await referentialVersion(
        pool,
        'actes',
        { from },
        { [ACT]: { libelle: 'Échographie (test)', chapitre: 'Imagerie' } },
      );
      await referentialVersion(pool, 'tarifs', { from }, { [ACT]: { montant: 10_000 } });
      await referentialVersion(
        pool,
        'ipm-panier-de-soins',
        { from },
        { [ACT]: { taux: 80, entente_prealable: true, avis_medecin_conseil: false } },
        ipm,
      );
      await referentialVersion(
        pool,
        'ipm-prestataires-conventionnes',
        { from },
        { [PROVIDER_CODE]: { tiers_payant: true } },
        ipm,
      );
      const employerId = await insertEmployer(pool, ipm);
      const p = await insertParticipant(pool, suite.siamo.keys.data, { ipmId: ipm, employerId, nin: '1750101000011' });
      await insertAffiliation(pool, { participantId: p.id, ninIndex: p.ninIndex, ipmId: ipm, employerId, from });
      card = (
        await pool.query<{ cardNumber: string }>(`SELECT "cardNumber" FROM "Participant" WHERE "id" = $1`, [p.id])
      ).rows[0]?.cardNumber as string;
    } finally {
      await pool.end();
    }
  });
  afterAll(() => suite?.close());

  it('an agent_ps requests a PEC without JavaScript and finds it granted, with its letter', async () => {
    const { context, page } = await suite.session(AGENT_PS, { javaScriptEnabled: false });
    await page.goto(`${suite.base}/pec`);
    const planned = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('#carte', card);
    await page.fill('#acte', ACT);
    await page.fill('#datePrevue', planned);
    await Promise.all([page.waitForURL(/\/pec/), page.click('button:has-text("Demander")')]);
    const answer = page.locator('section.answer');
    await expect
      .poll(() => answer.textContent())
      .toMatch(/Accordée.*Numéro de prise en charge : PEC-[A-Z0-9]+-\d{4}-\d{5}.*8\s000 FCFA/s);
    const row = page.locator('tbody tr', { hasText: ACT });
    await expect.poll(() => row.textContent()).toMatch(/Accordée.*PEC-.*lettre-pec-accord-PEC-/s);
    await suite.shot(page, 'pec-accordee');

    // A refused request: the pre-checks' French answer, nothing new in the list.
    await page.fill('#carte', card);
    await page.fill('#acte', 'XYZ999');
    await page.fill('#datePrevue', planned);
    await page.click('button:has-text("Demander")');
    await expect.poll(() => page.locator('p.error').textContent()).toMatch(/n’est pas dans la nomenclature des actes/);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);

    // Its account with the IPM, from the menu: the convention, and the PEC just granted engaged there.
    await page.goto(`${suite.base}/pec`);
    await Promise.all([page.waitForURL(/\/pec\/comptes/), page.click('nav a:has-text("Mes comptes IPM")')]);
    const account = page.locator('tbody tr', { hasText: ipmName });
    await expect.poll(() => account.textContent()).toMatch(/Accordée : 1.*8\s000 FCFA.*avec les factures/s);
    await expect.poll(() => page.locator('p.note').textContent()).toMatch(/viendront avec les factures/);
    await suite.shot(page, 'pec-comptes');
    // A day before the convention: no line.
    await page.fill('#date', '2023-06-01');
    await Promise.all([page.waitForURL(/date=2023-06-01/), page.click('button:has-text("Afficher")')]);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Aucune IPM n’a votre établissement/);
    await context.close();

    // The page passes axe (which needs scripts: a session with JavaScript on).
    const checked = await suite.session(AGENT_PS);
    await checked.page.goto(`${suite.base}/pec`);
    await expect.poll(() => checked.page.locator('tbody tr').count()).toBe(1);
    expect(await seriousViolations(checked.page)).toEqual([]);
    await checked.page.goto(`${suite.base}/pec/comptes`);
    await expect.poll(() => checked.page.locator('tbody tr', { hasText: ipmName }).count()).toBe(1);
    expect(await seriousViolations(checked.page)).toEqual([]);
    await checked.context.close();
  }, 120_000);
});
