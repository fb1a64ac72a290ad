import { describe, expect, it } from 'vitest';
import { dependencyCycles } from '../services/portfolio/dependency-cycles.ts';
import type { ImportIssue } from '../services/portfolio/import-issues.ts';
import { parsePortfolio } from '../services/portfolio/parse-portfolio.ts';
import { PORTFOLIO_COLUMNS } from '../services/portfolio/project.ts';

// Files the import must not guess about: each problem is reported on its line and column, in French,
// with what was done, and the rest of the file is still read.

const HEADER = PORTFOLIO_COLUMNS.join(';');

/** A well-formed line, with some of its columns replaced. */
function row(number: number | string, changes: Partial<Record<(typeof PORTFOLIO_COLUMNS)[number], string>> = {}) {
  const values: Record<string, string> = {
    numero: String(number),
    titre: `Projet d’essai ${number}`,
    axe: '1',
    phase: 'court',
    priorite: '1',
    debut: '2018-01',
    duree_mois: '3',
    cout_mfcfa: '10',
    gouvernance: 'Chef de projet ICAMO',
    acteurs: 'ICAMO,IPM',
    prerequis: '',
    ...changes,
  };
  return PORTFOLIO_COLUMNS.map((c) => values[c]).join(';');
}

const file = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;

const where = (issues: ImportIssue[]) =>
  issues.map(({ code, line, column, project, severity }) => ({ code, line, column, project, severity }));

describe('a malformed portfolio file', () => {
  it('empty: nothing imported, and said so', () => {
    for (const empty of ['', '\n\n', '  \r\n']) {
      const result = parsePortfolio(empty);
      expect(result.projects).toEqual([]);
      expect(where(result.issues)).toEqual([
        { code: 'fichier-vide', line: null, column: null, project: null, severity: 'erreur' },
      ]);
      expect(result.issues[0]?.problem).toBe('Le fichier est vide.');
    }
    const headerOnly = parsePortfolio(`${HEADER}\n`);
    expect(headerOnly.projects).toEqual([]);
    expect(headerOnly.issues.map((i) => i.code)).toEqual(['aucun-projet']);
  });

  it('with a UTF-8 byte-order mark and Windows line ends: read in full, both noted', () => {
    const text = `\uFEFF${file(row(1), row(2)).replaceAll('\n', '\r\n')}`;
    const result = parsePortfolio(new TextEncoder().encode(text));
    expect(result.projects.map((p) => [p.number, p.line, p.actors])).toEqual([
      [1, 2, ['ICAMO', 'IPM']],
      [2, 3, ['ICAMO', 'IPM']],
    ]);
    expect(where(result.issues)).toEqual([
      { code: 'crlf', line: null, column: null, project: null, severity: 'information' },
      { code: 'bom', line: 1, column: null, project: null, severity: 'information' },
    ]);
    expect(result.issues[0]?.problem).toBe('3 lignes se terminent par CR LF (fins de ligne Windows).');
  });

  it('not in UTF-8 (a Windows-1252 export): nothing imported, the first bad line named', () => {
    const latin1 = Buffer.from(file(row(1), row(2, { titre: 'Élaboration' })), 'latin1');
    const result = parsePortfolio(latin1);
    expect(result.projects).toEqual([]);
    expect(where(result.issues)).toEqual([
      { code: 'encodage', line: 3, column: null, project: null, severity: 'erreur' },
    ]);
    expect(result.issues[0]?.action).toBe('Aucun projet importé : réenregistrez le fichier en UTF-8.');
  });

  it('with a header that is not the plan’s: import stopped, the differences named', () => {
    const result = parsePortfolio(file(row(1)).replace('cout_mfcfa', 'cout'));
    expect(result.projects).toEqual([]);
    expect(where(result.issues)).toEqual([
      { code: 'en-tete', line: 1, column: null, project: null, severity: 'erreur' },
    ]);
    expect(result.issues[0]?.problem).toContain('colonne absente : « cout_mfcfa »');
    expect(result.issues[0]?.problem).toContain('colonne inconnue : « cout »');
    expect(result.issues[0]?.action).toBe('Import arrêté : aucun projet lu.');

    const noHeader = parsePortfolio(`${row(1)}\n${row(2)}\n`);
    expect(noHeader.projects).toEqual([]);
    expect(noHeader.issues.map((i) => i.code)).toEqual(['en-tete']);
  });

  it('with its columns in another order or an extra column: read by name, and noted', () => {
    const order = ['titre', 'numero', ...PORTFOLIO_COLUMNS.slice(2), 'commentaire'];
    const text = `${order.join(';')}\nProjet A;7;2;long;2;2019-05;6;12,5;;ICAMO;;à revoir\n`;
    const result = parsePortfolio(text);
    expect(result.projects).toMatchObject([
      { number: 7, title: 'Projet A', axis: 2, phase: 'long', costFcfa: 12_500_000 },
    ]);
    expect(result.issues.map((i) => [i.code, i.severity, i.action])).toEqual([
      ['en-tete', 'avertissement', 'Colonne ignorée.'],
      ['en-tete', 'avertissement', 'Colonnes lues par leur nom.'],
    ]);
  });

  it('with blank lines or a spreadsheet’s empty rows: skipped, as they hold nothing', () => {
    const result = parsePortfolio(file(row(1), '', ';;;;;;;;;;', '  ', row(2), ';;;;;;;;;;'));
    expect(result.projects.map((p) => [p.number, p.line])).toEqual([
      [1, 2],
      [2, 6],
    ]);
    expect(result.issues).toEqual([]);
  });

  it('with a line of the wrong column count: that line left out, the others read', () => {
    const result = parsePortfolio(file(row(1), `${row(2)};en trop`, row(3).split(';').slice(0, 9).join(';'), row(4)));
    expect(result.projects.map((p) => p.number)).toEqual([1, 4]);
    expect(where(result.issues)).toEqual([
      { code: 'colonnes', line: 3, column: null, project: null, severity: 'erreur' },
      { code: 'colonnes', line: 4, column: null, project: null, severity: 'erreur' },
    ]);
    expect(result.issues.map((i) => i.problem)).toEqual(['12 champs au lieu de 11.', '9 champs au lieu de 11.']);
  });

  it('reads quoted fields that hold separators, and reports one left open', () => {
    const quoted = parsePortfolio(file(row(1, { titre: '"Étude ; phase ""A"""' }), row(2)));
    expect(quoted.projects.map((p) => p.title)).toEqual(['Étude ; phase "A"', 'Projet d’essai 2']);
    expect(quoted.issues).toEqual([]);

    const open = parsePortfolio(file(row(1), row(2, { titre: '"Étude sans fin' }), row(3)));
    expect(open.projects.map((p) => p.number)).toEqual([1]);
    expect(where(open.issues)).toEqual([
      { code: 'guillemets', line: 3, column: null, project: null, severity: 'erreur' },
    ]);
  });

  it('with unreadable values: the project kept without them, each value reported in its column', () => {
    const result = parsePortfolio(
      file(
        row(1, { axe: '5', phase: 'immédiate' }),
        row(2, { debut: '2018-13', priorite: 'haute' }),
        row(3, { cout_mfcfa: '-12,5' }),
        row(4, { cout_mfcfa: '13.5' }),
        row(5, { duree_mois: '0', titre: '' }),
        row(6, { cout_mfcfa: '' }),
      ),
    );
    expect(result.projects.map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(where(result.issues)).toEqual([
      { code: 'axe', line: 2, column: 'axe', project: 1, severity: 'erreur' },
      { code: 'phase', line: 2, column: 'phase', project: 1, severity: 'erreur' },
      { code: 'priorite', line: 3, column: 'priorite', project: 2, severity: 'erreur' },
      { code: 'debut', line: 3, column: 'debut', project: 2, severity: 'erreur' },
      { code: 'cout', line: 4, column: 'cout_mfcfa', project: 3, severity: 'erreur' },
      { code: 'cout', line: 5, column: 'cout_mfcfa', project: 4, severity: 'erreur' },
      { code: 'titre', line: 6, column: 'titre', project: 5, severity: 'avertissement' },
      { code: 'duree', line: 6, column: 'duree_mois', project: 5, severity: 'erreur' },
      { code: 'cout', line: 7, column: 'cout_mfcfa', project: 6, severity: 'erreur' },
    ]);
    const [p1, p2, p3, p4, p5, p6] = result.projects;
    expect(p1).toMatchObject({
      axis: null,
      phase: null,
      unread: [
        { column: 'axe', text: '5' },
        { column: 'phase', text: 'immédiate' },
      ],
    });
    expect(p2).toMatchObject({ start: null, priority: null });
    expect(p3?.costFcfa).toBeNull();
    expect(p4?.costFcfa).toBeNull();
    expect(p5).toMatchObject({ durationMonths: null, title: '' });
    expect(p6).toMatchObject({ costFcfa: null, unread: [] });
    const problems = result.issues.map((i) => i.problem);
    expect(problems).toContain('Axe « 5 » inconnu : le plan a les axes 1 à 4.');
    expect(problems).toContain('Phase « immédiate » inconnue : court, moyen ou long est attendu.');
    expect(problems).toContain('Début « 2018-13 » illisible : un mois AAAA-MM est attendu (2018-03).');
    expect(problems).toContain('Coût « -12,5 » négatif.');
    expect(problems).toContain('Coût absent.');
    expect(problems.find((p) => p.startsWith('Coût « 13.5 »'))).toContain('virgule décimale');
    expect(result.issues.find((i) => i.code === 'axe')?.action).toBe(
      'Projet gardé sans axe : son coût compte dans le total, dans aucun axe.',
    );
  });

  it('with a number already taken or unreadable: the later line left out, the first kept', () => {
    const result = parsePortfolio(file(row(1, { titre: 'Premier' }), row(1, { titre: 'Second' }), row('1b'), row('')));
    expect(result.projects.map((p) => [p.number, p.title])).toEqual([[1, 'Premier']]);
    expect(where(result.issues)).toEqual([
      { code: 'doublon', line: 3, column: 'numero', project: 1, severity: 'erreur' },
      { code: 'numero', line: 4, column: 'numero', project: null, severity: 'erreur' },
      { code: 'numero', line: 5, column: 'numero', project: null, severity: 'erreur' },
    ]);
    expect(result.issues[0]?.problem).toBe('Le numéro 1 est déjà celui du projet de la ligne 2.');
    expect(result.issues[0]?.action).toBe('Ligne ignorée ; le projet de la ligne 2 est gardé.');
  });

  it('naming a project that is missing or was left out: an unresolved reference, not a dependency', () => {
    const result = parsePortfolio(
      file(
        row(1, { prerequis: 'Projet 9 | Projet 2 | Projet 3 | Recrutement du RSI' }),
        `${row(2)};de trop`,
        row(3),
        row(4, { prerequis: 'Projets 1 et 3' }),
      ),
    );
    const first = result.projects.find((p) => p.number === 1);
    expect(first?.dependsOn).toEqual([3]);
    expect(first?.prerequisites.map((p) => p.kind)).toEqual([
      'unknown-project',
      'unknown-project',
      'project',
      'condition',
    ]);
    const references = result.issues.filter((i) => i.code === 'reference-inconnue');
    expect(references.map((i) => i.problem)).toEqual([
      '« Projet 9 » : le fichier n’a pas de projet 9.',
      '« Projet 2 » : le projet 2 n’a pas été importé (ligne 3 ignorée).',
    ]);
    const fourth = result.projects.find((p) => p.number === 4);
    expect(fourth?.dependsOn).toEqual([]);
    expect(fourth?.prerequisites).toEqual([{ kind: 'condition', text: 'Projets 1 et 3' }]);
    expect(where(result.issues.filter((i) => i.code === 'mention-de-projet'))).toEqual([
      { code: 'mention-de-projet', line: 5, column: 'prerequis', project: 4, severity: 'avertissement' },
    ]);
  });

  it('with projects that depend on each other: each cycle reported once, dependencies kept', () => {
    const result = parsePortfolio(
      file(
        row(1, { prerequis: 'Projet 3' }),
        row(2, { prerequis: 'Projet 1' }),
        row(3, { prerequis: 'Projet 2' }),
        row(4, { prerequis: 'Projet 4' }),
        row(5, { prerequis: 'Projet 1' }),
      ),
    );
    expect(result.projects.map((p) => p.dependsOn)).toEqual([[3], [1], [2], [4], [1]]);
    const cycles = result.issues.filter((i) => i.code === 'cycle');
    expect(where(cycles)).toEqual([
      { code: 'cycle', line: 2, column: 'prerequis', project: 1, severity: 'avertissement' },
      { code: 'cycle', line: 5, column: 'prerequis', project: 4, severity: 'avertissement' },
    ]);
    expect(cycles[0]?.problem).toBe(
      'Dépendances circulaires : projet 1 → projet 3 → projet 2 → projet 1 (chacun attend la fin du suivant).',
    );
    expect(cycles[1]?.problem).toBe('Le projet 4 figure parmi ses propres prérequis.');
  });
});

describe('finding dependency cycles', () => {
  it('gives one shortest cycle per group, from its smallest project, and none for a chain', () => {
    expect(
      dependencyCycles(
        new Map([
          [1, [2]],
          [2, [3]],
          [3, []],
        ]),
      ),
    ).toEqual([]);
    expect(
      dependencyCycles(
        new Map([
          [5, [6]],
          [6, [5, 7]],
          [7, [5]],
          [8, [8]],
          [9, [5]],
        ]),
      ),
    ).toEqual([
      [5, 6, 5],
      [8, 8],
    ]);
  });
});
