import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeAt } from '../services/auth/totp.ts';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// Signing in through the portal in a real browser (Debian's Chromium) when the administrator's role
// requires two-factor sign-in: the enrolment page with its otpauth link and key, the code step on the
// next sign-in; the pages' Content-Security-Policy, with no violation while doing so.

const ADMIN = 'administrateur@demo.siamo.sn';
const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';

let suite: BrowserSuite;

// In CI a missing Chromium fails the run (`required`); elsewhere the suite is skipped, saying why.
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('signing in through the portal, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('connexion', { TOTP_REQUIRED_ROLES: 'administrateur' });
  }, 240_000);
  afterAll(() => suite?.close());

  /** A page that records the policy violations the browser reports. */
  async function watchedPage() {
    const context = await suite.browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    return { context, page, violations };
  }

  // Once the page's script has loaded: a click while SvelteKit hydrates the form can be lost on a loaded
  // machine, and the next step's field never comes.
  const submitPassword = async (page: Page, email: string) => {
    await page.waitForLoadState('networkidle');
    await page.fill('#email', email);
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
  };

  it('serves its pages under a policy with SvelteKit’s nonce, and nothing breaks it', async () => {
    const { context, page, violations } = await watchedPage();
    const response = await page.goto(`${suite.base}/connexion`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toMatch(/script-src 'self' 'nonce-[\w+/=]+'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(response?.headers()['x-content-type-options']).toBe('nosniff');
    expect(response?.headers()['x-frame-options']).toBe('DENY');
    // The page's own script ran (SvelteKit hydrated it) under that policy.
    await page.waitForFunction(() => document.querySelector('script[nonce]') !== null);
    await submitPassword(page, GERANT);
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
    await page.waitForLoadState('networkidle');
    expect(violations).toEqual([]);
    await context.close();
  });

  it('leads the administrator to enrol, then asks for a code at each sign-in', async () => {
    const { context, page, violations } = await watchedPage();
    await page.goto(`${suite.base}/connexion`);
    await submitPassword(page, ADMIN);
    const link = page.locator('#otpauth-uri');
    await link.waitFor();
    const uri = new URL((await link.getAttribute('href')) ?? '');
    expect(uri.protocol).toBe('otpauth:');
    const secret = uri.searchParams.get('secret') ?? '';
    expect((await page.locator('#manual-key').textContent())?.replaceAll(' ', '')).toBe(secret);
    await suite.shot(page, 'connexion-inscription-double-facteur');

    await page.fill('#code', '000000' === codeAt(secret) ? '111111' : '000000');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/^Code incorrect/);
    await page.fill('#code', codeAt(secret));
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
      page.click('button[type=submit]'),
    ]);

    await page.click('text=Se déconnecter');
    await page.waitForURL(/\/connexion/);
    await submitPassword(page, ADMIN);
    await page.locator('#code').waitFor();
    await suite.shot(page, 'connexion-code');
    await page.fill('#code', codeAt(secret, Date.now() + 30_000));
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
      page.click('button[type=submit]'),
    ]);
    expect(violations).toEqual([]);
    await context.close();
  });
});
