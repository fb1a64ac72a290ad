import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';

/** The portal's budget for a first visit: what a slow line can afford. */
export const JAVASCRIPT_BUDGET_BYTES = 100 * 1024;

/**
 * Visits `url` in a fresh page and adds up the JavaScript it downloads, gzipped (as served over the
 * wire), so that the budget holds for what a person on a slow connection actually waits for.
 */
export async function measureJavaScript(page: Page, url: string): Promise<{ bytes: number; files: string[] }> {
  const bodies: Promise<{ url: string; size: number }>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (response.request().resourceType() !== 'script') return;
    bodies.push(response.body().then((body) => ({ url: response.url(), size: gzipSync(body).length })));
  };
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'networkidle' });
    const scripts = await Promise.all(bodies);
    return { bytes: scripts.reduce((sum, s) => sum + s.size, 0), files: scripts.map((s) => new URL(s.url).pathname) };
  } finally {
    page.off('response', onResponse);
  }
}
