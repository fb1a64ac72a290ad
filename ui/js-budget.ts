import { chromium } from 'playwright-core';
import { DEMO_PASSWORD } from '../services/people/demo-accounts.ts';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.ts';
import { JAVASCRIPT_BUDGET_BYTES, measureJavaScript } from './measure-javascript.ts';

// `npm run ui:budget [url] [email] [password]`, with Siamo running (`npm start`): measures the
// JavaScript a first visit to the sign-in page and to the inbox downloads, against the budget.

const [base = 'http://127.0.0.1:3000', email = 'gerant.ipm-dakar@demo.siamo.sn', password = DEMO_PASSWORD] =
  process.argv.slice(2);

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  const signIn = await measureJavaScript(page, `${base}/connexion`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/connexion')),
    page.click('button[type=submit]'),
  ]);
  const fresh = await browser.newContext({ storageState: await context.storageState() });
  const inbox = await measureJavaScript(await fresh.newPage(), `${base}/corbeille`);
  let over = false;
  for (const [name, result] of [
    ['connexion', signIn],
    ['corbeille', inbox],
  ] as const) {
    const kb = (result.bytes / 1024).toFixed(1);
    over ||= result.bytes > JAVASCRIPT_BUDGET_BYTES;
    console.log(
      `${name}: ${kb} Ko de JavaScript (gzip) en ${result.files.length} fichiers, budget ${JAVASCRIPT_BUDGET_BYTES / 1024} Ko`,
    );
  }
  process.exitCode = over ? 1 : 0;
} finally {
  await browser.close();
}
