import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedPortfolio } from '../services/portfolio/shipped-portfolio.ts';
import type { GanttProject } from '../ui/src/lib/gantt-layout.ts';

// The Gantt component as the portal serves it: rendered on the server into plain SVG and HTML, with
// its text alternatives. Loaded through the portal's own Vite configuration, as SvelteKit would.

let vite: ViteDevServer;
let renderGantt: (props: Record<string, unknown>) => string;
let plan: GanttProject[];

beforeAll(async () => {
  vite = await createServer({
    configFile: 'ui/vite.config.ts',
    server: { middlewareMode: true, hmr: false, ws: false },
    appType: 'custom',
    logLevel: 'error',
  });
  const { render } = await vite.ssrLoadModule('svelte/server');
  const Gantt = (await vite.ssrLoadModule('/ui/src/lib/components/Gantt.svelte')).default;
  renderGantt = (props) => render(Gantt, { props }).body;
  plan = (await loadShippedPortfolio()).projects.map((p) => ({
    number: p.number,
    title: p.title,
    axis: p.axis,
    plannedStart: p.start,
    durationMonths: p.durationMonths,
    dependsOn: p.dependsOn,
  }));
}, 120_000);

afterAll(async () => {
  await vite?.close();
});

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0;

describe('the Gantt component', () => {
  it('renders the plan as SVG with a title, a description and a bar per dated project', () => {
    const html = renderGantt({ projects: plan });
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="([^" ]+)-titre \1-desc"/);
    expect(html).toContain('Calendrier du portefeuille du SDSI</title>');
    expect(html).toContain('27 projets sur 42 mois (novembre 2017 – avril 2021).');
    // 26 planned bars (project 4 has no duration) and one start mark, 9 arrows, one of them in conflict.
    // Svelte appends its scoping class, then the conditional ones: match classes as words.
    expect(count(html, /<rect [^>]*class="planned\b/g)).toBe(26 + 1); // + the legend's swatch
    expect(count(html, /<path [^>]*class="open-start\b/g)).toBe(1);
    expect(html).toContain('durée non chiffrée');
    expect(count(html, /<path [^>]*class="arrow\b/g)).toBe(9);
    expect(count(html, /<path [^>]*class="arrow\b[^"]*\bconflict\b/g)).toBe(1);
    // Positions are written to the hundredth at most, to keep the page light.
    expect(html.match(/\d\.\d{3,}/g)).toBeNull();
    expect(html).toContain('Axe 3 — Services aux bénéficiaires et aux prestataires');
  });

  it('gives every project in words in a text alternative', () => {
    const html = renderGantt({ projects: plan });
    const items = html.slice(html.indexOf('<ol class="text-alternative'));
    expect(count(items, /<li>/g)).toBe(27);
    expect(items).toContain("Projet 20 — Suivi des projets d'adaptation des logiciels PS");
    expect(items).toContain('Prévu : mars 2020 – février 2022 (24 mois). Dépend du projet 19.');
  });

  it('draws today’s line inside the window, and says so when today falls after it', () => {
    const inside = renderGantt({ projects: plan, today: '2019-06-10' });
    expect(inside).toContain('aujourd’hui, 10 juin 2019');
    const after = renderGantt({ projects: plan, today: '2026-11-29' });
    expect(after).not.toContain('aujourd’hui, ');
    expect(after).toContain('Aujourd’hui tombe après la période affichée (novembre 2017 – avril 2021).');
  });
});
