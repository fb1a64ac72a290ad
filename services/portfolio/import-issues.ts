import type { PortfolioColumn } from './project.ts';

/**
 * What the import of a portfolio file reports. Every code names one kind of problem:
 * - `encodage`: the file is not UTF-8 (often Windows-1252 from a spreadsheet): nothing is read;
 * - `fichier-vide`: nothing in the file; `aucun-projet`: a header and no project;
 * - `bom`, `crlf`: a byte-order mark or Windows line ends, read without harm;
 * - `en-tete`: the header is not the plan's (missing, unknown or reordered columns);
 * - `guillemets`: a quoted field that does not close;
 * - `colonnes`: a line with more or fewer fields than the header;
 * - `numero`, `doublon`: a line without a readable number, or with one already taken;
 * - `titre`, `axe`, `phase`, `priorite`, `debut`, `duree`, `cout`: a value that cannot be read;
 * - `reference-inconnue`: « Projet N » where the file has no project N;
 * - `mention-de-projet`: a prerequisite that mentions a project in another form than « Projet N »;
 * - `cycle`: projects that depend on each other, directly or not;
 * - `debut-avant-prerequis`: a project planned to start before one of its prerequisites ends;
 * - `hors-fenetre`: a project planned outside the plan's window;
 * and, when the import meets the cases already open (`import-portfolio.ts`):
 * - `dossier-different`: the file's plan of a project differs from its case's, which is left as it is;
 * - `absent-du-fichier`: a project's case whose project the file no longer has, kept as it is;
 * - `ouverture`: a project whose case could not be opened.
 */
export type ImportIssueCode =
  | 'encodage'
  | 'fichier-vide'
  | 'aucun-projet'
  | 'bom'
  | 'crlf'
  | 'en-tete'
  | 'guillemets'
  | 'colonnes'
  | 'numero'
  | 'doublon'
  | 'titre'
  | 'axe'
  | 'phase'
  | 'priorite'
  | 'debut'
  | 'duree'
  | 'cout'
  | 'reference-inconnue'
  | 'mention-de-projet'
  | 'cycle'
  | 'debut-avant-prerequis'
  | 'hors-fenetre'
  | 'dossier-different'
  | 'absent-du-fichier'
  | 'ouverture';

/**
 * `erreur`: something was not taken in (a value, a line, the file); `avertissement`: taken in as the
 * file says, but doubtful or unresolved; `information`: a form the import read without harm.
 */
export type ImportSeverity = 'erreur' | 'avertissement' | 'information';

export interface ImportIssue {
  code: ImportIssueCode;
  severity: ImportSeverity;
  /** Line of the file (1 is the header), or `null` for the file as a whole. */
  line: number | null;
  column: PortfolioColumn | null;
  /** The project concerned, when known. */
  project: number | null;
  /** What is wrong, in French. */
  problem: string;
  /** What the import did about it, in French. */
  action: string;
}

/** « Ligne 5, colonne duree_mois (projet 4) : … Suite donnée : … » */
export function describeIssue(issue: ImportIssue): string {
  const where = [
    issue.line === null ? 'Fichier' : `Ligne ${issue.line}`,
    ...(issue.column ? [`colonne ${issue.column}`] : []),
  ].join(', ');
  const project = issue.project === null ? '' : ` (projet ${issue.project})`;
  return `${where}${project} : ${issue.problem} Suite donnée : ${issue.action}`;
}
