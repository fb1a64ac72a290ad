import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { insertAffiliation, insertEmployer, insertParticipant } from './support/enrolment.ts';

// The provider's check page, in Chromium with JavaScript off (a poor line): the demo's agent_ps types a
// member's card number and reads the answer, in one request; the page's first load, HTML and styles,
// weighs at most 20 KB and carries no script.

const AGENT_PS = 'agent.ps@demo.siamo.sn';
const BUDGET_BYTES = 20 * 1024;
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the provider’s rights check page', () => {
  let suite: BrowserSuite;
  let card: string;
  beforeAll(async () => {
    suite = await startBrowserSuite('portail-controle');
    const pool = new pg.Pool({ connectionString: suite.siamo.databaseUrl, max: 1 });
    try {
      const ipm = (await pool.query<{ id: string }>(`SELECT "id" FROM "Organisation" WHERE "kind" = 'IPM' LIMIT 1`))
        .rows[0]?.id as string;
      const employerId = await insertEmployer(pool, ipm);
      const p = await insertParticipant(pool, suite.siamo.keys.data, { ipmId: ipm, employerId, nin: '1750101000011' });
      await insertAffiliation(pool, {
        participantId: p.id,
        ninIndex: p.ninIndex,
        ipmId: ipm,
        employerId,
        from: '2024-01-01',
      });
      card = (
        await pool.query<{ cardNumber: string }>(`SELECT "cardNumber" FROM "Participant" WHERE "id" = $1`, [p.id])
      ).rows[0]?.cardNumber as string;
    } finally {
      await pool.end();
    }
  });
  afterAll(() => suite?.close());

  it('an agent_ps checks a member’s rights without JavaScript, in one request', async () => {
    const { context, page } = await suite.session(AGENT_PS, { javaScriptEnabled: false });
    await page.goto(`${suite.base}/controle`);
    await page.fill('#identifiant', card.replace(/(\d{4})(?=\d)/g, '$1 '));
    const requests: string[] = [];
    page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
    await Promise.all([page.waitForURL(/\/controle/), page.click('button:has-text("Contrôler")')]);
    const answer = page.locator('section.answer');
    await expect
      .poll(() => answer.textContent())
      .toMatch(/Couvert.*Couvert le .*Numéro de contrôle à citer : CD-\d{9}/s);
    // The answer is the page the form's POST returned; the styles come from the cache of the first load.
    expect(requests.filter((r) => !r.includes('/_app/'))).toEqual(['POST /controle']);
    await suite.shot(page, 'controle-couvert');
    await page.fill('#identifiant', '1000 0000 0017');
    await page.click('button:has-text("Contrôler")');
    await expect.poll(() => answer.textContent()).toMatch(/Non couvert.*chiffre de contrôle/s);
    // Both checks in the provider's log, newest first.
    await page.click('a:has-text("journal des contrôles")');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(/Non couvert : Le numéro de carte d’assuré est erroné/);
    expect(await rows.nth(1).textContent()).toMatch(/Couvert : Couvert le /);
    await context.close();
  });

  it('weighs at most 20 KB on first load, HTML and styles, with no script', async () => {
    const { context } = await suite.session(AGENT_PS, { javaScriptEnabled: false });
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    await context.close();
    const html = await (await fetch(`${suite.base}/controle`, { headers: { cookie } })).text();
    expect(html).toContain('Contrôle des droits');
    expect(html).not.toMatch(/<script/i);
    const styles = [...html.matchAll(/<link[^>]+href="([^"]+\.css)"/g)].map((m) => m[1] as string);
    let bytes = Buffer.byteLength(html);
    for (const href of styles)
      bytes += (await (await fetch(new URL(href, `${suite.base}/controle`))).arrayBuffer()).byteLength;
    expect(bytes).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});
