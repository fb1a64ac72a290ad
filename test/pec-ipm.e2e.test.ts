import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { seriousViolations } from './support/axe.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { insertAffiliation, insertEmployer, insertParticipant } from './support/enrolment.ts';
import { referentialVersion } from './support/pec.ts';

// The IPM's side of a PEC, in Chromium with JavaScript off (a poor line): the demo provider's agent
// asks for an act dear enough to wait for the IPM; the IPM's agent signs in, finds it first among the
// requests made to the IPM, grants it on its page; the provider's list then shows its number. The
// pages pass axe, the IPM's list fits a 390 px telephone.

const AGENT_PS = 'agent.ps@demo.siamo.sn';
const AGENT_IPM = 'agent.ipm-dakar@demo.siamo.sn';
const PROVIDER_CODE = 'PS-00001';
const ACT = 'ZIR001';
// 100 000 FCFA at 80 %: 80 000 covered, over the default ceiling of an automatic grant (50 000).
const TARIFF = 100_000;
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the IPM’s PEC pages', () => {
  let suite: BrowserSuite;
  let card: string;
  beforeAll(async () => {
    suite = await startBrowserSuite('portail-pec-ipm');
    const pool = new pg.Pool({ connectionString: suite.siamo.databaseUrl, max: 1 });
    try {
      const ipm = (
        await pool.query<{ organisationId: string }>(`SELECT "organisationId" FROM "User" WHERE "email" = $1`, [
          AGENT_IPM,
        ])
      ).rows[0]?.organisationId as string;
      const from = '2024-01-01';
      await referentialVersion(pool, 'actes', { from }, { [ACT]: { libelle: 'IRM (test)', chapitre: 'Imagerie' } });
      await referentialVersion(pool, 'tarifs', { from }, { [ACT]: { montant: TARIFF } });
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

  it('a request waits for the IPM; its agent sees it first, grants it; the provider reads the number', async () => {
    const provider = await suite.session(AGENT_PS, { javaScriptEnabled: false });
    await provider.page.goto(`${suite.base}/pec`);
    const planned = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await provider.page.fill('#carte', card);
    await provider.page.fill('#acte', ACT);
    await provider.page.fill('#datePrevue', planned);
    await provider.page.click('button:has-text("Demander")');
    const answer = provider.page.locator('section.answer');
    await expect.poll(() => answer.textContent()).toMatch(/À instruire par l’IPM.*L’IPM examine la demande/s);
    const reference = ((await answer.locator('h2').textContent()) ?? '').match(/DPEC-[A-Za-z0-9-]+/)?.[0] as string;
    expect(reference).toBeTruthy();

    // The IPM's pages, the request still to decide (its forms shown), pass axe (which needs scripts)
    // and fit a 390 px telephone.
    const checked = await suite.session(AGENT_IPM);
    await checked.page.setViewportSize({ width: 390, height: 844 });
    for (const step of ['list', 'decision'] as const) {
      if (step === 'list') await checked.page.goto(`${suite.base}/ipm/pec`);
      else await checked.page.click(`a:has-text("${reference}")`);
      await expect
        .poll(() => checked.page.locator('h1').textContent())
        .toMatch(step === 'list' ? /IPM/ : new RegExp(reference));
      expect(await seriousViolations(checked.page)).toEqual([]);
      expect(await checked.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    }
    expect(await checked.page.locator('button:has-text("Accorder la prise en charge")').count()).toBe(1);
    await checked.context.close();

    // The IPM's agent, without JavaScript: the menu leads to its list, the request waits first.
    const ipm = await suite.session(AGENT_IPM, { javaScriptEnabled: false });
    await ipm.page.goto(`${suite.base}/`);
    await ipm.page.click('a:has-text("Prises en charge à décider")');
    await expect.poll(() => ipm.page.url()).toMatch(/\/ipm\/pec$/);
    const waiting = ipm.page.locator('h2:has-text("En attente de votre décision") + ul li').first();
    await expect
      .poll(() => waiting.textContent())
      .toMatch(new RegExp(`${reference}.*À instruire.*${ACT}.*80\\s000 FCFA`, 's'));
    await suite.shot(ipm.page, 'pec-ipm-liste');
    await waiting.locator('a').click();
    await expect.poll(() => ipm.page.locator('h1').textContent()).toContain(reference);

    // A refusal without its reason is refused in French (the browser's own check is bypassed), nothing changes.
    await ipm.page.locator('#refus-motif').evaluate((e) => e.removeAttribute('required'));
    await ipm.page.click('button:has-text("Refuser la prise en charge")');
    await expect.poll(() => ipm.page.locator('p.error').textContent()).toMatch(/motif|Motif/);
    await expect.poll(() => ipm.page.locator('dd').first().textContent()).toContain('À instruire');

    await ipm.page.fill('#accord-motif', 'Accord après examen de la prescription.');
    await ipm.page.click('button:has-text("Accorder la prise en charge")');
    await expect.poll(() => ipm.page.locator('p.answer').textContent()).toMatch(/Décision enregistrée.*Accordée/s);
    const number = ((await ipm.page.locator('dl').textContent()) ?? '').match(/PEC-[A-Z0-9]+-\d{4}-\d{5}/)?.[0];
    expect(number).toBeTruthy();
    await ipm.page.goto(`${suite.base}/ipm/pec`);
    await expect
      .poll(() => ipm.page.locator('h2:has-text("En attente de votre décision")').textContent())
      .toContain('(0)');
    await ipm.context.close();

    // The provider's list shows the grant's number.
    await provider.page.goto(`${suite.base}/pec`);
    const row = provider.page.locator('tbody tr', { hasText: reference });
    await expect.poll(() => row.textContent()).toContain(number as string);
    await provider.context.close();
  }, 180_000);
});
