import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeIssue } from '../services/portfolio/import-issues.ts';
import { type PortfolioImport, parsePortfolio } from '../services/portfolio/parse-portfolio.ts';
import { AXIS_LABELS } from '../services/portfolio/project.ts';
import { loadShippedPortfolio, SHIPPED_PORTFOLIO_PATH } from '../services/portfolio/shipped-portfolio.ts';

// The plan's own portfolio, as shipped: what the import loads and what it reports, line by line.

let shipped: PortfolioImport;
beforeAll(async () => {
  shipped = await loadShippedPortfolio();
});
const project = (n: number) => {
  const found = shipped.projects.find((p) => p.number === n);
  if (!found) throw new Error(`projet ${n} absent`);
  return found;
};

describe('the shipped portfolio file', () => {
  it('is the domain brief’s file, byte for byte', () => {
    const brief = new URL('../shared/domain/sdsi-portfolio.csv', `file://${process.cwd()}/`);
    let original: Buffer | null = null;
    try {
      original = readFileSync(brief);
    } catch {
      // The shared folder is beside the repository on the team's machines only.
    }
    const copy = readFileSync(SHIPPED_PORTFOLIO_PATH);
    if (original) expect(copy.equals(original)).toBe(true);
    expect(copy.subarray(0, 7).toString()).toBe('numero;');
  });

  it('moves the plan by whole months only when asked (the demonstration), its window and its report with it', () => {
    const moved = parsePortfolio(readFileSync(SHIPPED_PORTFOLIO_PATH), { shiftMonths: 12 });
    expect(project(3).start).toBe('2018-03');
    expect(moved.projects.find((p) => p.number === 3)?.start).toBe('2019-03');
    expect(moved.issues.map((i) => [i.line, i.code])).toEqual(shipped.issues.map((i) => [i.line, i.code]));
    const outside = (issues: PortfolioImport['issues']) => issues.find((i) => i.code === 'hors-fenetre')?.problem;
    expect(outside(shipped.issues)).toContain('novembre 2017 – avril 2021');
    expect(outside(moved.issues)).toContain('novembre 2018 – avril 2022');
  });

  it('loads the 27 projects of the plan, numbered 1 to 27, each from its line', () => {
    expect(shipped.projects.map((p) => p.number)).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(shipped.projects.every((p) => p.line === p.number + 1)).toBe(true);
  });

  it('reads each column into its typed value', () => {
    expect(project(3)).toEqual({
      number: 3,
      title:
        'Définition de la stratégie et des cahiers des charges en vue de la transition vers les référentiels nationaux',
      axis: 1,
      phase: 'court',
      priority: 1,
      start: '2018-03',
      durationMonths: 4,
      costFcfa: 29_250_000,
      governance: 'Gouvernance inter-régimes',
      actors: ['ICAMO', 'MTDSOPRI', 'ACMU', 'PS', 'IPM', 'CSS/IPRES'],
      prerequisites: [{ kind: 'project', project: 2, note: null, text: 'Projet 2' }],
      dependsOn: [2],
      line: 4,
      unread: [],
    });
    expect(project(26)).toMatchObject({ axis: 4, phase: 'moyen', priority: 2, costFcfa: 348_750_000 });
    expect(project(13).costFcfa).toBe(395_000_000);
    expect(project(1).actors).toEqual(['ICAMO', 'IPM', 'ACMU', 'CSS/IPRES', 'ADIE']);
  });

  it('turns « Projet N » into dependencies and keeps every other prerequisite as an external condition', () => {
    const dependencies = Object.fromEntries(
      shipped.projects.filter((p) => p.dependsOn.length > 0).map((p) => [p.number, p.dependsOn]),
    );
    expect(dependencies).toEqual({
      3: [2],
      4: [3],
      7: [6],
      9: [8],
      12: [11],
      18: [17],
      20: [19],
      26: [12, 13],
    });
    expect(project(12).prerequisites).toEqual([
      { kind: 'project', project: 11, note: null, text: 'Projet 11' },
      {
        kind: 'condition',
        text: 'Elaboration de manuels de procédure pour normaliser les pratiques des IPMs',
      },
    ]);
    expect(project(5).prerequisites).toEqual([
      { kind: 'condition', text: "Définition exhaustive des données attendues par l'ICAMO et la Tutelle" },
      { kind: 'condition', text: "Capacité et moyens pour l'ICAMO de traiter les données reçues des IPMs" },
    ]);
    for (const n of [2, 10, 27]) expect(project(n).prerequisites).toEqual([]);
  });

  it('keeps « Projet 29 » and « Projet 30 » as unresolved references, not dependencies', () => {
    expect(project(24).dependsOn).toEqual([]);
    expect(project(24).prerequisites).toEqual([
      {
        kind: 'unknown-project',
        project: 29,
        note: 'déploiement des logiciels métier au niveau des IPMs',
        text: 'Projet 29 (déploiement des logiciels métier au niveau des IPMs)',
      },
      {
        kind: 'unknown-project',
        project: 30,
        note: "déploiement du portail pour l'émission des FSE au niveau des PS",
        text: "Projet 30 (déploiement du portail pour l'émission des FSE au niveau des PS)",
      },
    ]);
  });

  it('keeps project 4 without a duration, and the plan’s words for it', () => {
    expect(project(4)).toMatchObject({
      start: '2018-09',
      durationMonths: null,
      costFcfa: 27_000_000,
      unread: [{ column: 'duree_mois', text: 'échelonné sur la durée du SDSI' }],
    });
  });

  it('reports exactly these five points, on these lines', () => {
    expect(
      shipped.issues.map(({ line, column, project, code, severity }) => ({ line, column, project, code, severity })),
    ).toEqual([
      { line: 5, column: 'duree_mois', project: 4, code: 'duree', severity: 'erreur' },
      { line: 21, column: 'debut', project: 20, code: 'debut-avant-prerequis', severity: 'avertissement' },
      { line: 21, column: 'duree_mois', project: 20, code: 'hors-fenetre', severity: 'avertissement' },
      { line: 25, column: 'prerequis', project: 24, code: 'reference-inconnue', severity: 'avertissement' },
      { line: 25, column: 'prerequis', project: 24, code: 'reference-inconnue', severity: 'avertissement' },
    ]);
    const [duration, early, late, ref29, ref30] = shipped.issues.map(describeIssue);
    expect(duration).toBe(
      'Ligne 5, colonne duree_mois (projet 4) : La durée « échelonné sur la durée du SDSI » n’est pas un nombre ' +
        'entier de mois. Suite donnée : Projet gardé sans durée : ni sa fin prévue ni son glissement ne peuvent être calculés.',
    );
    expect(early).toContain(
      'Le projet 20 doit débuter en mars 2020, avant la fin prévue de son prérequis, le projet 19 (mai 2020).',
    );
    expect(late).toContain(
      'Le projet se termine en février 2022 (2020-03 + 24 mois), après la fin du plan (novembre 2017 – avril 2021).',
    );
    expect(ref29).toContain(
      '« Projet 29 (déploiement des logiciels métier au niveau des IPMs) » : le fichier n’a pas de projet 29.',
    );
    expect(ref29).toContain('Gardé comme référence non résolue, pas comme dépendance');
    expect(ref30).toContain('le fichier n’a pas de projet 30.');
  });

  it('labels the four axes as the plan does', () => {
    expect(AXIS_LABELS).toEqual({
      1: 'Gouvernance du SIAMO et renforcement de l’ICAMO',
      2: 'Renforcement du modèle IPM',
      3: 'Services aux bénéficiaires et aux prestataires',
      4: 'Accompagnement de la transformation',
    });
    expect(shipped.projects.filter((p) => p.axis === 2).map((p) => p.number)).toEqual([10, 11, 12, 13]);
  });
});
