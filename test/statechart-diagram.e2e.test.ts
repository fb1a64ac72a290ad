import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../processes/registry.ts';
import { SYSTEM_ACTOR } from '../processes/roles.ts';
import type { RunningSiamo } from '../runtime/siamo.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import { chromiumAvailable } from '../ui/chromium.ts';
import { OPENING } from './support/application-data.ts';
import { ARTIFACTS, type BrowserSuite, startBrowserSuite } from './support/browser.ts';
import { required } from './support/dependencies.ts';

// The process diagram of every shipped definition, drawn in a real browser (Debian's Chromium, its
// own fonts): no two labels overlap, no label runs out of its box, no edge crosses a state other than
// its two ends, every arrow ends on its target; the current state is highlighted and inside the
// viewport at a desktop width and at 390 px (zoomed to fit, and at actual size once the frame has
// scrolled to it); a text alternative lists states and transitions.

const ADMIN = 'administrateur@demo.siamo.sn';
const DIRECTEUR = 'directeur.ministere@demo.siamo.sn';
const run = randomBytes(3).toString('hex').toUpperCase();

let suite: BrowserSuite;
let siamo: RunningSiamo;
/** Case id of one case per shipped definition, `process@version`. */
const cases = new Map<string, string>();
let suspendedLicence: string;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface Drawn {
  labels: (Box & { text: string; kind: 'state' | 'edge' })[];
  stateBoxes: (Box & { id: string })[];
  labelBoxes: (Box & { text: string })[];
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
}

/** What the page drew, in the page's coordinates: label texts, state boxes, label boxes, edge points. */
const drawn = (page: Page): Promise<Drawn> =>
  page.locator('figure.statechart svg').evaluate((svg: SVGSVGElement) => {
    const box = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    };
    const matrix = svg.getScreenCTM() as DOMMatrix;
    return {
      labels: [
        ...[...svg.querySelectorAll('.node text')].map((t) => ({
          ...box(t),
          text: t.textContent ?? '',
          kind: 'state' as const,
        })),
        ...[...svg.querySelectorAll('.edge-label text')].map((t) => ({
          ...box(t),
          text: t.textContent ?? '',
          kind: 'edge' as const,
        })),
      ],
      stateBoxes: [...svg.querySelectorAll('.node')].map((g) => ({
        ...box(g.querySelector('rect') as Element),
        id: g.getAttribute('data-state') ?? '',
      })),
      labelBoxes: [...svg.querySelectorAll('.edge-label')].map((g) => ({
        ...box(g.querySelector('rect') as Element),
        text: g.textContent ?? '',
      })),
      edges: [...svg.querySelectorAll<SVGPathElement>('path.edge')].map((p) => {
        const length = p.getTotalLength();
        const points = [];
        for (let d = 0; d <= length; d += 2) {
          const point = p.getPointAtLength(d).matrixTransform(matrix);
          points.push({ x: point.x, y: point.y });
        }
        const end = p.getPointAtLength(length).matrixTransform(matrix);
        points.push({ x: end.x, y: end.y });
        return { from: p.dataset.from ?? '', to: p.dataset.to ?? '', points };
      }),
    };
  });

const intersects = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const contains = (outer: Box, inner: Box, slack = 0.5) =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;
const strictlyInside = (p: { x: number; y: number }, b: Box, margin = 1) =>
  p.x > b.x + margin && p.x < b.x + b.width - margin && p.y > b.y + margin && p.y < b.y + b.height - margin;

// In CI a missing Chromium fails the run (`required`); elsewhere the suite is skipped, saying why.
const browserHere = required('Chromium', chromiumAvailable(), 'Debian : apt-get install chromium, ou CHROMIUM_PATH');

describe.runIf(browserHere)('the process diagram, in a browser', () => {
  beforeAll(async () => {
    suite = await startBrowserSuite('schema');
    siamo = suite.siamo;
    const gerant = await siamo.ctx.prisma.user.findUniqueOrThrow({
      where: { email: 'gerant.ipm-dakar@demo.siamo.sn' },
    });
    const licence = {
      denomination: 'IPM des Industries de Dakar',
      sigle: 'IPM-ID',
      typeIpm: 'entreprise',
      adresseSiege: 'Zone industrielle de Mbao, Dakar',
      debutValidite: '2026-01-15T10:00:00.000Z',
      finValidite: '2031-01-14T23:59:59.000Z',
    };
    const openings: Record<string, Record<string, unknown>> = {
      agrement: OPENING,
      licence: { ...licence, numero: `AGR-2026-S${run}` },
      renouvellement: { ...licence, numero: `AGR-2026-R${run}`, effectif: 800 },
      projet: { numero: 90, titre: 'Projet du schéma' },
      // Identifiers only; the diagram does not read the version.
      referentiel: { versionId: `schema-${run}`, referentiel: 'tarifs' },
      adhesion: {
        ipm: 'ipm-thies',
        raisonSociale: 'Ciments de Rufisque',
        numeroCssIpres: `CSS-S${run}`,
        secteur: 'industrie',
        commune: 'SN-DK-04',
      },
      doublon: { conflit: `schema-${run}`, ipmPremiere: 'ipm-thies', ipmSeconde: 'ipm-industries-dakar' },
      // Due dates years away: the diagram is read before any timer of theirs could fire.
      campagne: { periode: '2026-11', echeance: '2030-12-31', lot: `schema-${run}` },
      recouvrement: {
        employeurId: `schema-${run}`,
        employeur: 'Employeur du schéma',
        periode: '2026-11',
        echeance: '2030-12-31',
        montantDu: 120_000,
        dateCourrier: '2031-01-15T09:00:00.000Z',
        dateMiseEnDemeure: '2031-02-15T09:00:00.000Z',
        dateSignalement: '2031-03-15T09:00:00.000Z',
        dateSuspension: '2031-04-15T09:00:00.000Z',
      },
      // An opaque participant id and amounts only, its levels years away.
      'relance-quote-parts': {
        participantId: `schema-${run}`,
        echeance: '2030-12-31',
        montantDu: 5_000,
        dateRappel: '2031-01-01T09:00:00.000Z',
        dateRetenue: '2031-02-01T09:00:00.000Z',
        dateSuspension: '2031-03-01T09:00:00.000Z',
      },
      // Identifiers and figures only; over any ceiling, so that the pre-checks' timer, were it to fire,
      // would send it to the IPM (no letter to write for a request row this test has not made).
      pec: {
        demande: `schema-${run}`,
        ipm: 'ipm-industries-dakar',
        datePrevue: '2030-12-31',
        montantPrisEnCharge: 10_000_000,
        avisMedecinRequis: false,
      },
    };
    // A PEC is the provider's case, opened by its agent.
    const agentPs = await siamo.ctx.prisma.user.findUniqueOrThrow({ where: { email: 'agent.ps@demo.siamo.sn' } });
    // An adhesion is the employer's case, opened by its own people.
    const employeur = await siamo.ctx.prisma.user.findUniqueOrThrow({ where: { email: 'employeur@demo.siamo.sn' } });
    for (const d of DEFINITIONS) {
      const { case: opened } = await startCase(siamo.ctx, {
        processId: d.id,
        version: d.version,
        businessKey: `SCHEMA-${d.id.toUpperCase()}-${d.version}-${run}`,
        // A project is the portfolio's, led by ICAMO; each version gets a case of its own.
        organisationId:
          d.id === 'projet'
            ? 'icamo'
            : d.id === 'adhesion'
              ? 'emp-ciments-rufisque'
              : d.id === 'pec'
                ? 'ps-clinique-medina'
                : 'ipm-industries-dakar',
        actor:
          d.id === 'agrement' || d.id === 'campagne'
            ? { id: gerant.id, role: 'gerant_ipm' }
            : d.id === 'referentiel'
              ? { id: gerant.id, role: 'agent_ministere' }
              : d.id === 'adhesion'
                ? { id: employeur.id, role: 'employeur' }
                : d.id === 'pec'
                  ? { id: agentPs.id, role: 'agent_ps' }
                  : SYSTEM_ACTOR,
        // Older versions ask for fewer fields: each gets those its opening form has.
        input: Object.fromEntries(
          Object.entries(openings[d.id] ?? {}).filter(([name]) => name in (d.startInput ?? {})),
        ),
      });
      cases.set(`${d.id}@${d.version}`, opened.caseId);
    }
    // A licence suspended by the director: a state away from the initial one, reached by a transition.
    const { case: suspended } = await startCase(siamo.ctx, {
      processId: 'licence',
      businessKey: `AGR-2026-U${run}`,
      organisationId: 'ipm-industries-dakar',
      actor: SYSTEM_ACTOR,
      input: { ...licence, numero: `AGR-2026-U${run}` },
    });
    suspendedLicence = suspended.caseId;
    const directeur = await siamo.ctx.prisma.user.findUniqueOrThrow({ where: { email: DIRECTEUR } });
    await sendEvent(siamo.ctx, {
      caseId: suspendedLicence,
      event: 'licence.suspendre',
      actor: { id: directeur.id, role: 'directeur_ministere' },
      input: { motifSuspension: 'États financiers de l’exercice 2025 non transmis.', finSuspension: '2030-06-30' },
    });
  }, 300_000);

  afterAll(() => suite?.close());

  it('draws every shipped process with no overlapping label and edges around the states', async () => {
    expect([...cases.keys()].sort()).toEqual(DEFINITIONS.map((d) => `${d.id}@${d.version}`).sort());
    const { context, page } = await suite.session(ADMIN);
    try {
      for (const [key, caseId] of cases) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${suite.base}/dossiers/${caseId}`);
        // At actual size: what is measured is the drawing, not a zoomed-out copy of it.
        await page.getByLabel('Afficher le schéma en taille réelle').check();
        const d = await drawn(page);
        const definition = DEFINITIONS.find((x) => `${x.id}@${x.version}` === key);
        expect(d.stateBoxes.length, key).toBe(Object.keys(definition?.states ?? {}).length);
        expect(d.labels.length, key).toBeGreaterThan(d.stateBoxes.length);

        for (let i = 0; i < d.labels.length; i++) {
          for (let j = i + 1; j < d.labels.length; j++) {
            const [a, b] = [d.labels[i], d.labels[j]] as [Drawn['labels'][number], Drawn['labels'][number]];
            // A state's name and its line of actions share a box, one above the other.
            expect(intersects(a, b), `${key} : « ${a.text} » chevauche « ${b.text} »`).toBe(false);
          }
        }
        // Each transition's label lies inside the box the layout reserved for it, which touches no state.
        for (const label of d.labels.filter((l) => l.kind === 'edge')) {
          const reserved = d.labelBoxes.find((b) => b.text === label.text && contains(b, label));
          expect(reserved, `${key} : « ${label.text} » sort de sa place`).toBeDefined();
        }
        for (const reserved of d.labelBoxes) {
          for (const state of d.stateBoxes) {
            expect(intersects(reserved, state), `${key} : « ${reserved.text} » sur l’état ${state.id}`).toBe(false);
          }
        }
        // A state's labels stay inside its box.
        for (const label of d.labels.filter((l) => l.kind === 'state')) {
          expect(
            d.stateBoxes.some((s) => contains(s, label)),
            `${key} : « ${label.text} » déborde de son état`,
          ).toBe(true);
        }
        // Edges go around the states that are not theirs, and end on the state they lead to.
        for (const edge of d.edges) {
          for (const state of d.stateBoxes.filter((s) => s.id !== edge.from && s.id !== edge.to)) {
            const through = edge.points.find((p) => strictlyInside(p, state));
            expect(through, `${key} : ${edge.from} → ${edge.to} traverse ${state.id}`).toBeUndefined();
          }
          const target = d.stateBoxes.find((s) => s.id === edge.to) as Box;
          const end = edge.points.at(-1) as { x: number; y: number };
          expect(
            contains(
              { x: target.x - 2, y: target.y - 2, width: target.width + 4, height: target.height + 4 },
              { ...end, width: 0, height: 0 },
            ),
            `${key} : ${edge.from} → ${edge.to}`,
          ).toBe(true);
        }
        // Nothing leaves a final state.
        const finals = new Set(
          Object.entries(definition?.states ?? {})
            .filter(([, s]) => s.terminal)
            .map(([id]) => id),
        );
        expect(
          d.edges.filter((e) => finals.has(e.from)),
          key,
        ).toEqual([]);
        await page
          .locator('figure.statechart')
          .screenshot({ path: path.join(ARTIFACTS, `schema-${key.replace('@', '-v')}.png`) });
      }
    } finally {
      await context.close();
    }
  });

  it('highlights the current state and the path taken, inside the viewport on a desktop and on a phone', async () => {
    const { context, page } = await suite.session(ADMIN);
    try {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.goto(`${suite.base}/dossiers/${suspendedLicence}`);
        const figure = page.locator('figure.statechart');
        const current = figure.locator('.node.current');
        expect(await current.count()).toBe(1);
        expect(await current.getAttribute('data-state')).toBe('suspendu');
        // The path taken: the opening state and the suspension's arrow.
        expect(
          await figure.locator('.node.visited').evaluateAll((g) => g.map((n) => n.getAttribute('data-state'))),
        ).toEqual(expect.arrayContaining(['en_vigueur', 'suspendu']));
        expect(
          await figure
            .locator('path.edge.taken')
            .evaluateAll((p) => p.map((e) => `${e.getAttribute('data-from')}→${e.getAttribute('data-to')}`)),
        ).toEqual(['en_vigueur→suspendu']);
        for (const actual of [false, true]) {
          await page.getByLabel('Afficher le schéma en taille réelle').setChecked(actual);
          await figure.locator('.frame').scrollIntoViewIfNeeded();
          await expect
            .poll(
              async () => {
                const [node, frame] = await Promise.all([
                  current.boundingBox(),
                  figure.locator('.frame').boundingBox(),
                ]);
                const viewport = page.viewportSize() as { width: number; height: number };
                return (
                  node !== null &&
                  frame !== null &&
                  contains(frame, node, 1) &&
                  contains({ x: 0, y: 0, width: viewport.width, height: viewport.height }, node, 1)
                );
              },
              { message: `largeur ${width}, taille réelle ${actual}` },
            )
            .toBe(true);
          // The page itself never scrolls sideways.
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        }
        await figure.screenshot({ path: path.join(ARTIFACTS, `schema-courant-${width}.png`) });
      }

      // The text alternative names every state and transition, and says where the case stands.
      const alternative = page.locator('figure.statechart details');
      await alternative.locator('summary').click();
      const text = (await alternative.textContent())?.replace(/\s+/g, ' ') ?? '';
      expect(text).toContain('Suspendu — état actuel du dossier');
      expect(text).toContain('Suspendre l’agrément → Suspendu (déjà fait)');
      expect(await page.locator('figure.statechart svg').getAttribute('aria-describedby')).toBe(
        await alternative.getAttribute('id'),
      );
    } finally {
      await context.close();
    }
  });
});
