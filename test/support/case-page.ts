import type { Locator, Page, Response } from 'playwright-core';
import { expect } from 'vitest';

// Acting on a case page in a browser, and knowing when the page has taken the answer in.
//
// `networkidle` says nothing once a page has loaded (it is a load state, reached once per document),
// and with `use:enhance` the page is not done when the POST has answered: on success SvelteKit resets
// the form, reloads the page's data, then shows the result. A next action filled in between is wiped
// by that reset and its required fields stop the browser from sending it. So each action waits for
// something the answer alone can make appear: one more entry in the history (the case's new revision
// with it), or the refusal in the action's form.

/** An action's form on a case page, found by its heading. */
export const actionForm = (page: Page, label: string): Locator =>
  page.locator('form.action', { has: page.getByRole('heading', { name: label, exact: true }) });

export interface Acted {
  form: Locator;
  /** Whether the server took the action or refused it (the form then says why). */
  outcome: 'done' | 'refused';
}

/**
 * Fills an action's form (`fields` by input name; others filled beforehand stay as they are), checks
 * the browser holds the values, sends it and returns once the page shows what came of it.
 */
export async function act(page: Page, label: string, fields: Record<string, string> = {}): Promise<Acted> {
  // A document just opened: once its script has run, so that the form is the enhanced one.
  await page.waitForLoadState('networkidle');
  const form = actionForm(page, label);
  const entries = page.locator('ol.timeline > li');
  const before = await entries.count();
  for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
  for (const [name, value] of Object.entries(fields)) {
    await expect.poll(() => form.locator(`[name="${name}"]`).inputValue()).toBe(value);
  }
  const outcome = await send(page, form.getByRole('button', { name: label, exact: true }));
  if (outcome === 'done') await expect.poll(() => entries.count(), { timeout: 30_000 }).toBeGreaterThan(before);
  else await expect.poll(() => form.locator('.alert, .error').count(), { timeout: 30_000 }).toBeGreaterThan(0);
  return { form, outcome };
}

/** Deposits a file for one item of the case's checklist and waits until its row names it. */
export async function deposit(page: Page, piece: string, file: { name: string; buffer: Buffer; mimeType: string }) {
  await page.waitForLoadState('networkidle');
  await page.setInputFiles(`#piece-${piece}`, file);
  const form = page.locator('form.attach', { has: page.locator(`#piece-${piece}`) });
  const outcome = await send(page, form.locator('button[type=submit]'));
  if (outcome === 'refused') {
    throw new Error(`Pièce ${piece} refusée : ${await form.locator('[role=alert]').textContent()}`);
  }
  const row = page.locator('.checklist tr', { has: page.locator(`#piece-${piece}`) });
  await expect.poll(() => row.getByRole('link', { name: file.name, exact: true }).count()).toBe(1);
}

/**
 * Clicks a form's submit button and tells how the server answered. An enhanced form's answer is
 * SvelteKit's JSON (success or failure whatever the HTTP status); a form sent before the page's script
 * ran loads a new page, whose status says it, and the wait includes that page's load.
 */
async function send(page: Page, button: Locator): Promise<'done' | 'refused'> {
  const loaded = page.waitForEvent('load', { timeout: 60_000 }).catch(() => undefined);
  const [response] = await Promise.all([
    page.waitForResponse((r: Response) => r.request().method() === 'POST', { timeout: 30_000 }),
    button.click(),
  ]);
  if (response.request().headers()['x-sveltekit-action'] === 'true') {
    const result = (await response.json()) as { type: string; status?: number };
    if (result.type === 'success') return 'done';
    if (result.type === 'failure') return 'refused';
    throw new Error(`Réponse inattendue à l’action : ${JSON.stringify(result)}`);
  }
  await loaded;
  return response.status() < 400 ? 'done' : 'refused';
}
