import { monthIndex, monthKey, readMonth } from '../../processes/calendar.ts';
import { type MonthSpan, PLAN_WINDOW } from '../../processes/portfolio/schedule.ts';
import { readCsvRecords } from './csv-records.ts';
import type { ImportIssue } from './import-issues.ts';
import { readMf } from './mf-amounts.ts';
import { checkPortfolio } from './portfolio-consistency.ts';
import {
  type Axis,
  PHASES,
  type Phase,
  PORTFOLIO_COLUMNS,
  type PortfolioColumn,
  type PortfolioProject,
  type Prerequisite,
} from './project.ts';
import { readPrerequisites, type WrittenPrerequisite } from './read-prerequisites.ts';

// Reads the master plan's portfolio file (semicolon-separated, decimal commas, UTF-8) into projects.
// What it cannot read or resolve it reports line by line, and never guesses: a value it cannot read
// is left empty (and kept in `unread`), a line it cannot trust is left out, a reference to a project
// the file lacks stays a reference.

export interface PortfolioImport {
  projects: PortfolioProject[];
  /** In the order of the file: the file as a whole first, then line by line. */
  issues: ImportIssue[];
}

export interface ParseOptions {
  /** The plan's window, against which dates are checked. */
  window?: MonthSpan;
  /**
   * Whole months to move the plan by, window included, before it is checked (the demonstration's plan,
   * moved so that today falls inside it): what the import reports then names the months shown.
   */
  shiftMonths?: number;
}

type Issue = Omit<ImportIssue, 'project'> & { project?: number | null };

export function parsePortfolio(input: string | Uint8Array, options: ParseOptions = {}): PortfolioImport {
  const issues: ImportIssue[] = [];
  const report = (issue: Issue) => issues.push({ ...issue, project: issue.project ?? null });
  const done = (projects: PortfolioProject[]): PortfolioImport => ({ projects, issues: inFileOrder(issues) });

  let text = typeof input === 'string' ? input : decodeUtf8(input, report);
  if (text === null) return done([]);
  if (text.startsWith('\uFEFF')) {
    text = text.slice(1);
    report({
      code: 'bom',
      severity: 'information',
      line: 1,
      column: null,
      problem: 'Le fichier commence par une marque d’ordre des octets (BOM UTF-8).',
      action: 'Marque ignorée.',
    });
  }
  if (text.trim() === '') {
    report({
      code: 'fichier-vide',
      severity: 'erreur',
      line: null,
      column: null,
      problem: 'Le fichier est vide.',
      action: 'Aucun projet importé.',
    });
    return done([]);
  }

  const csv = readCsvRecords(text);
  if (csv.crlfLines > 0) {
    report({
      code: 'crlf',
      severity: 'information',
      line: null,
      column: null,
      problem: `${csv.crlfLines} ligne${csv.crlfLines > 1 ? 's se terminent' : ' se termine'} par CR LF (fins de ligne Windows).`,
      action: 'Lues comme des fins de ligne ordinaires.',
    });
  }
  if (csv.unclosedQuoteLine !== null) {
    report({
      code: 'guillemets',
      severity: 'erreur',
      line: csv.unclosedQuoteLine,
      column: null,
      problem: 'Un champ ouvert par un guillemet n’est jamais fermé.',
      action: 'Le fichier n’est pas lu à partir de la ligne où commence ce champ.',
    });
  }
  for (const line of csv.strayQuoteLines) {
    report({
      code: 'guillemets',
      severity: 'erreur',
      line,
      column: null,
      problem: 'Du texte suit un guillemet fermant avant le séparateur « ; ».',
      action: 'Ligne ignorée.',
    });
  }

  const [header, ...rows] = csv.records;
  if (!header) return done([]);
  const positions = readHeader(header.fields, header.line, report);
  if (!positions) return done([]);
  if (rows.length === 0) {
    report({
      code: 'aucun-projet',
      severity: 'avertissement',
      line: null,
      column: null,
      problem: 'Le fichier ne contient que l’en-tête, aucun projet.',
      action: 'Aucun projet importé.',
    });
    return done([]);
  }

  const projects: PortfolioProject[] = [];
  const written = new Map<number, WrittenPrerequisite[]>();
  const lineOf = new Map<number, number>();
  const leftOut = new Map<number, number>();
  for (const row of rows) {
    if (row.fields.length !== header.fields.length) {
      report({
        code: 'colonnes',
        severity: 'erreur',
        line: row.line,
        column: null,
        problem: `${row.fields.length} champ${row.fields.length > 1 ? 's' : ''} au lieu de ${header.fields.length}.`,
        action: 'Ligne ignorée : sans savoir quel champ manque ou est en trop, aucune de ses valeurs n’est sûre.',
      });
      const number = Number(row.fields[0]?.trim());
      if (Number.isSafeInteger(number) && number > 0 && !lineOf.has(number)) leftOut.set(number, row.line);
      continue;
    }
    const value = (column: PortfolioColumn) => (row.fields[positions[column]] ?? '').trim();
    const read = readRow(value, row.line, report, lineOf);
    if (!read) continue;
    lineOf.set(read.project.number, row.line);
    leftOut.delete(read.project.number);
    written.set(read.project.number, read.prerequisites);
    projects.push(read.project);
  }

  const known = new Set(projects.map((p) => p.number));
  for (const project of projects) {
    project.prerequisites = (written.get(project.number) ?? []).map((p) =>
      resolvePrerequisite(p, project, known, leftOut, report),
    );
    project.dependsOn = [...new Set(project.prerequisites.flatMap((p) => (p.kind === 'project' ? [p.project] : [])))];
  }
  const shift = options.shiftMonths ?? 0;
  const window = options.window ?? PLAN_WINDOW;
  if (shift !== 0) {
    for (const project of projects) {
      if (project.start !== null) project.start = monthKey(monthIndex(project.start) + shift);
    }
  }
  issues.push(...checkPortfolio(projects, { ...window, start: monthKey(monthIndex(window.start) + shift) }));
  return done(projects);
}

/** Strict UTF-8: a spreadsheet's Windows-1252 export would otherwise turn « é » into garbage. */
function decodeUtf8(bytes: Uint8Array, report: (issue: Issue) => void): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    report({
      code: 'encodage',
      severity: 'erreur',
      line: at < 0 ? null : lenient.slice(0, at).split('\n').length,
      column: null,
      problem:
        'Le fichier n’est pas encodé en UTF-8 (un export de tableur en Windows-1252 ou ISO-8859-1, par exemple).',
      action: 'Aucun projet importé : réenregistrez le fichier en UTF-8.',
    });
    return null;
  }
}

/** Where each column is, by its name; `null` (reported) when a column of the plan is missing. */
function readHeader(
  fields: string[],
  line: number,
  report: (issue: Issue) => void,
): Record<PortfolioColumn, number> | null {
  const names = fields.map((f) => f.trim());
  const expected: readonly string[] = PORTFOLIO_COLUMNS;
  const missing = PORTFOLIO_COLUMNS.filter((c) => !names.includes(c));
  const repeated = PORTFOLIO_COLUMNS.filter((c) => names.indexOf(c) !== names.lastIndexOf(c));
  const unknown = names.filter((n) => !expected.includes(n));
  if (missing.length > 0 || repeated.length > 0) {
    const parts = [
      ...(missing.length > 0 ? [`colonne${plural(missing)} absente${plural(missing)} : ${quoted(missing)}`] : []),
      ...(repeated.length > 0 ? [`colonne${plural(repeated)} en double : ${quoted(repeated)}`] : []),
      ...(unknown.length > 0 ? [`colonne${plural(unknown)} inconnue${plural(unknown)} : ${quoted(unknown)}`] : []),
    ];
    report({
      code: 'en-tete',
      severity: 'erreur',
      line,
      column: null,
      problem: `En-tête inattendu (${parts.join(' ; ')}). L’en-tête attendu est : ${PORTFOLIO_COLUMNS.join(';')}.`,
      action: 'Import arrêté : aucun projet lu.',
    });
    return null;
  }
  if (unknown.length > 0) {
    report({
      code: 'en-tete',
      severity: 'avertissement',
      line,
      column: null,
      problem: `Colonne${plural(unknown)} inconnue${plural(unknown)} du plan : ${quoted(unknown)}.`,
      action: `Colonne${plural(unknown)} ignorée${plural(unknown)}.`,
    });
  }
  const inOrder = names.filter((n) => expected.includes(n));
  if (inOrder.some((name, i) => name !== PORTFOLIO_COLUMNS[i])) {
    report({
      code: 'en-tete',
      severity: 'avertissement',
      line,
      column: null,
      problem: 'Les colonnes ne sont pas dans l’ordre du plan.',
      action: 'Colonnes lues par leur nom.',
    });
  }
  return Object.fromEntries(PORTFOLIO_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<PortfolioColumn, number>;
}

const plural = (list: readonly unknown[]) => (list.length > 1 ? 's' : '');
const quoted = (list: readonly string[]) => list.map((n) => `« ${n} »`).join(', ');

/** One line of the file; `null` (reported) when the line cannot be a project. */
function readRow(
  value: (column: PortfolioColumn) => string,
  line: number,
  report: (issue: Issue) => void,
  lineOf: ReadonlyMap<number, number>,
): { project: PortfolioProject; prerequisites: WrittenPrerequisite[] } | null {
  const numberText = value('numero');
  if (!/^\d+$/.test(numberText) || Number(numberText) === 0) {
    report({
      code: 'numero',
      severity: 'erreur',
      line,
      column: 'numero',
      problem:
        numberText === '' ? 'Numéro absent.' : `Numéro « ${numberText} » illisible : un entier positif est attendu.`,
      action: 'Ligne ignorée : un projet sans numéro ne peut être ni suivi ni désigné comme prérequis.',
    });
    return null;
  }
  const number = Number(numberText);
  const first = lineOf.get(number);
  if (first !== undefined) {
    report({
      code: 'doublon',
      severity: 'erreur',
      line,
      column: 'numero',
      project: number,
      problem: `Le numéro ${number} est déjà celui du projet de la ligne ${first}.`,
      action: `Ligne ignorée ; le projet de la ligne ${first} est gardé.`,
    });
    return null;
  }

  const unread: PortfolioProject['unread'] = [];
  const fail = (column: PortfolioColumn, code: ImportIssue['code'], problem: string, action: string): null => {
    if (value(column) !== '') unread.push({ column, text: value(column) });
    report({ code, severity: 'erreur', line, column, project: number, problem, action });
    return null;
  };
  const absentOr = (column: PortfolioColumn, absent: string, unreadable: string) =>
    value(column) === '' ? absent : unreadable;

  const title = value('titre');
  if (title === '') {
    report({
      code: 'titre',
      severity: 'avertissement',
      line,
      column: 'titre',
      project: number,
      problem: 'Titre absent.',
      action: 'Projet gardé sans titre.',
    });
  }

  const axisText = value('axe');
  const axis = /^[1-4]$/.test(axisText)
    ? (Number(axisText) as Axis)
    : fail(
        'axe',
        'axe',
        absentOr('axe', 'Axe absent.', `Axe « ${axisText} » inconnu : le plan a les axes 1 à 4.`),
        'Projet gardé sans axe : son coût compte dans le total, dans aucun axe.',
      );

  const phaseText = value('phase').toLowerCase();
  const phase = (PHASES as readonly string[]).includes(phaseText)
    ? (phaseText as Phase)
    : fail(
        'phase',
        'phase',
        absentOr('phase', 'Phase absente.', `Phase « ${value('phase')} » inconnue : court, moyen ou long est attendu.`),
        'Projet gardé sans phase : son coût compte dans le total, dans aucune phase.',
      );

  const priorityText = value('priorite');
  const priority =
    /^\d+$/.test(priorityText) && Number(priorityText) > 0
      ? Number(priorityText)
      : fail(
          'priorite',
          'priorite',
          absentOr(
            'priorite',
            'Priorité absente.',
            `Priorité « ${priorityText} » illisible : un entier positif est attendu.`,
          ),
          'Projet gardé sans priorité.',
        );

  const startText = value('debut');
  const start =
    readMonth(startText) !== null
      ? startText
      : fail(
          'debut',
          'debut',
          absentOr(
            'debut',
            'Début absent.',
            `Début « ${startText} » illisible : un mois AAAA-MM est attendu (2018-03).`,
          ),
          'Projet gardé sans date de début : il n’a pas de dates prévues et n’est pas placé sur le calendrier.',
        );

  const durationText = value('duree_mois');
  const durationMonths =
    /^\d+$/.test(durationText) && Number(durationText) > 0
      ? Number(durationText)
      : fail(
          'duree_mois',
          'duree',
          absentOr('duree_mois', 'Durée absente.', `La durée « ${durationText} » n’est pas un nombre entier de mois.`),
          'Projet gardé sans durée : ni sa fin prévue ni son glissement ne peuvent être calculés.',
        );

  const cost = readMf(value('cout_mfcfa'));
  const costFcfa = cost.ok
    ? cost.fcfa
    : fail(
        'cout_mfcfa',
        'cout',
        {
          absent: 'Coût absent.',
          negatif: `Coût « ${value('cout_mfcfa')} » négatif.`,
          'trop-precis': `Coût « ${value('cout_mfcfa')} » plus précis que le franc CFA.`,
          illisible: `Coût « ${value('cout_mfcfa')} » illisible : un montant en millions de F CFA avec une virgule décimale est attendu (13,5).`,
        }[cost.reason],
        'Projet gardé sans coût : il ne compte dans aucun total.',
      );

  const project: PortfolioProject = {
    number,
    title,
    axis,
    phase,
    priority,
    start,
    durationMonths,
    costFcfa,
    governance: value('gouvernance'),
    actors: value('acteurs')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
    prerequisites: [],
    dependsOn: [],
    line,
    unread,
  };
  return { project, prerequisites: readPrerequisites(value('prerequis')) };
}

function resolvePrerequisite(
  prerequisite: WrittenPrerequisite,
  project: PortfolioProject,
  known: ReadonlySet<number>,
  leftOut: ReadonlyMap<number, number>,
  report: (issue: Issue) => void,
): Prerequisite {
  const where = { line: project.line, column: 'prerequis' as const, project: project.number };
  if (prerequisite.kind === 'condition') {
    if (prerequisite.mentionsProject) {
      report({
        ...where,
        code: 'mention-de-projet',
        severity: 'avertissement',
        problem: `« ${prerequisite.text} » mentionne un projet sans être de la forme « Projet N ».`,
        action: 'Gardé comme condition externe, sans dépendance : à reformuler dans le plan s’il désigne un projet.',
      });
    }
    return { kind: 'condition', text: prerequisite.text };
  }
  const { project: number, note, text } = prerequisite;
  if (known.has(number)) return { kind: 'project', project: number, note, text };
  const ignoredLine = leftOut.get(number);
  report({
    ...where,
    code: 'reference-inconnue',
    severity: 'avertissement',
    problem:
      ignoredLine === undefined
        ? `« ${text} » : le fichier n’a pas de projet ${number}.`
        : `« ${text} » : le projet ${number} n’a pas été importé (ligne ${ignoredLine} ignorée).`,
    action:
      'Gardé comme référence non résolue, pas comme dépendance : il ne bloque aucun démarrage. À corriger dans le plan.',
  });
  return { kind: 'unknown-project', project: number, note, text };
}

/** Issues of the whole file first, then by line, keeping the order of discovery within a line. */
export function inFileOrder(issues: ImportIssue[]): ImportIssue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || a.i - b.i)
    .map(({ issue }) => issue);
}
