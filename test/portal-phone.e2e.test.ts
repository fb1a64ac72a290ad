import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable } from '../ui/chromium.ts';
import { ARTIFACTS, type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';
import { GERANT, openPortalSample, PILOTAGE, type PortalSample } from './support/portal-sample.ts';

// The portal on a phone (390 × 844, as an iPhone 12–15 shows it), in a real browser: the page never
// scrolls sideways; a table wider than the screen scrolls inside its own frame; the Gantt chart
// scrolls its months under the projects' names, which stay at the left edge.

let suite: BrowserSuite;
let sample: PortalSample;
const PHONE = { width: 390, height: 844 };

// In CI a missing Chromium fails the run (`required`); elsewhere the suite is skipped, saying why.
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the portal on a phone, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('telephone');
    sample = await openPortalSample(suite.siamo);
  }, 300_000);

  afterAll(() => suite?.close());

  /** Problems of width on the page: the page scrolling sideways, a table out of the screen and of any frame. */
  const widthProblems = (page: Page) =>
    page.evaluate(() => {
      const problems: string[] = [];
      const width = window.innerWidth;
      if (document.documentElement.scrollWidth > width)
        problems.push(`la page défile de côté (${document.documentElement.scrollWidth} px pour ${width})`);
      for (const el of document.querySelectorAll<HTMLElement>('main table, main ol.timeline, main dl, main form')) {
        let frame: HTMLElement | null = el.parentElement;
        while (frame && !['auto', 'scroll'].includes(getComputedStyle(frame).overflowX)) frame = frame.parentElement;
        const box = (frame ?? el).getBoundingClientRect();
        if (box.left < -0.5 || box.right > width + 0.5)
          problems.push(`${el.tagName.toLowerCase()}.${el.className} dépasse l’écran (${Math.round(box.right)} px)`);
      }
      return problems;
    });

  const visit = async (page: Page, url: string, shot: string) => {
    await page.goto(`${suite.base}${url}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `telephone-${shot}.png`), fullPage: true });
    return widthProblems(page);
  };

  it('fits the inbox, a case and its history, and the register in the screen', async () => {
    const { context, page } = await suite.session(GERANT);
    try {
      await page.setViewportSize(PHONE);
      expect(await visit(page, '/corbeille', 'corbeille')).toEqual([]);
      expect(await page.locator('main').textContent()).toContain('AGR-DEMANDE-');
      expect(await visit(page, `/dossiers/${sample.draftCaseId}`, 'dossier')).toEqual([]);
      expect(await page.locator('ol.timeline li').count()).toBeGreaterThan(0);
      expect(await visit(page, '/registre', 'registre')).toEqual([]);
      expect(await page.locator('main table').textContent()).toContain(sample.licenceNumber);
      expect(await visit(page, `/registre/${sample.licenceNumber}`, 'registre-fiche')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits the portfolio, and scrolls the Gantt chart under the projects’ names', async () => {
    const { context, page } = await suite.session(PILOTAGE);
    try {
      await page.setViewportSize(PHONE);
      expect(await visit(page, '/portefeuille', 'portefeuille')).toEqual([]);
      const frame = page.locator('figure.gantt .gantt-scroll');
      const labels = page.locator('figure.gantt svg.sticky-labels');
      const before = await labels.boundingBox();
      const frameBox = await frame.boundingBox();
      expect(frameBox && frameBox.x + frameBox.width).toBeLessThanOrEqual(PHONE.width);
      // The names take a narrow column, the rest of the screen shows months.
      expect(before?.width).toBeLessThan(PHONE.width / 2);
      const scroll = await frame.evaluate((el) => ({ width: el.scrollWidth, visible: el.clientWidth }));
      expect(scroll.width).toBeGreaterThan(scroll.visible);
      await frame.evaluate((el) => {
        el.scrollLeft = el.scrollWidth;
      });
      await expect.poll(() => frame.evaluate((el) => el.scrollLeft)).toBeGreaterThan(300);
      const after = await labels.boundingBox();
      expect(after?.x).toBeCloseTo(before?.x ?? Number.NaN, 0);
      await page.screenshot({ path: path.join(ARTIFACTS, 'telephone-gantt-defile.png') });
      expect(await visit(page, '/portefeuille/jalons', 'jalons')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('opens the Gantt chart on the day’s month, right of the projects’ names', async () => {
    const { context, page } = await suite.session(PILOTAGE);
    try {
      await page.setViewportSize(PHONE);
      // A day in the plan's window (today is after it): its line is drawn, in June 2019, twenty months in.
      await page.goto(`${suite.base}/portefeuille?au=2019-06-10`, { waitUntil: 'networkidle' });
      const frame = page.locator('figure.gantt .gantt-scroll');
      await expect.poll(() => frame.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      const day = await page.locator('figure.gantt svg[role=img] g.today line').boundingBox();
      const names = await page.locator('figure.gantt svg.sticky-labels').boundingBox();
      const box = await frame.boundingBox();
      if (!day || !names || !box) throw new Error('Le diagramme, ses noms ou la ligne du jour manquent.');
      expect(day.x).toBeGreaterThan(names.x + names.width);
      expect(day.x).toBeLessThan(Math.min(box.x + box.width, PHONE.width));
      await page.screenshot({ path: path.join(ARTIFACTS, 'telephone-gantt-jour.png') });
    } finally {
      await context.close();
    }
  });
});
