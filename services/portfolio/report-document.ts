import {
  AlignmentType,
  HeadingLevel,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { type DayKey, frenchDay } from '../../processes/calendar.ts';
import { MILESTONE_STATUS_LABELS, type MilestoneStatus, type Slippage } from '../../processes/portfolio/schedule.ts';
import { ICAMO_ISSUER, letterhead } from '../documents/letterhead.ts';
import { packOfficialDocument } from '../documents/official-document.ts';
import { formatMf } from './mf-amounts.ts';
import { AXES, type Axis, axisTitle, PHASE_LABELS, type Phase } from './project.ts';
import { PROJECT_STATE_LABELS, PROJECT_STATES, type ProjectState } from './project-state.ts';
import { portfolioTotals } from './totals.ts';

// The steering committee's progress report on the portfolio, as a Word document on ICAMO's letterhead:
// a summary (projects by state, budget by axis and by phase, the grand total), then each project's
// situation. Its input is plain data, so that it can be fed from the plan alone or from the cases.

export interface PortfolioReportProject {
  number: number;
  title: string;
  axis: Axis | null;
  phase: Phase | null;
  priority: number | null;
  /** Planned cost in francs CFA; `null` when the plan gives none that can be read. */
  costFcfa: number | null;
  state: ProjectState;
  /** 0 to 100, from the latest progress report; `null` when there is none. */
  progressPercent: number | null;
  /** Expected end against planned end (`endSlippage` of `schedule.ts`); `null` when not computable. */
  slippage: Slippage | null;
  /** The main risks, as the project's manager words them. */
  risks: string[];
  /** The next milestones, soonest first (`nextMilestones` of `schedule.ts`). */
  nextMilestones: { label: string; due: DayKey; status: MilestoneStatus }[];
}

export interface PortfolioReport {
  /** The day the situation describes, in Dakar. */
  asOf: DayKey;
  /** When the document is issued: the letterhead's date. */
  issuedAt: Date;
  /** Official number, when the document is registered; `null` prints none. */
  number: string | null;
  projects: PortfolioReportProject[];
}

export const PORTFOLIO_REPORT_TITLE = 'Rapport d’avancement du portefeuille de projets du SDSI';

export function buildPortfolioReport(report: PortfolioReport): Promise<Buffer> {
  const asOf = frenchDay(report.asOf);
  return packOfficialDocument({
    title: PORTFOLIO_REPORT_TITLE,
    description: `${PORTFOLIO_REPORT_TITLE} — situation au ${asOf}`,
    footer: [
      `Document établi par Siamo — portefeuille du SDSI, situation au ${asOf}`,
      ...(report.number ? [`n° ${report.number}`] : []),
    ].join(' — '),
    children: [
      letterhead(report.number, report.issuedAt, ICAMO_ISSUER),
      spacer(),
      centered(PORTFOLIO_REPORT_TITLE.toUpperCase(), 28),
      centered(`Comité de pilotage — situation au ${asOf}`, 24),
      spacer(),
      ...summary(report.projects),
      ...projectSections(report.projects),
    ],
  });
}

function summary(projects: PortfolioReportProject[]): (Paragraph | Table)[] {
  const totals = portfolioTotals(projects);
  const uncosted = totals.total.withoutCost;
  const count = (n: number) => `${n} projet${n > 1 ? 's' : ''}`;
  return [
    heading('1. Synthèse', HeadingLevel.HEADING_1),
    paragraph(
      `Le portefeuille compte ${count(projects.length)}, pour un coût total de ${totals.total.formatted}` +
        `${uncosted.length > 0 ? ` (hors ${listOfProjects(uncosted)}, dont le coût n’est pas chiffré)` : ''}.`,
    ),
    heading('Projets par état', HeadingLevel.HEADING_2),
    table(
      ['État', 'Projets'],
      [
        ...PROJECT_STATES.map((state) => [
          PROJECT_STATE_LABELS[state],
          String(projects.filter((p) => p.state === state).length),
        ]),
      ],
      ['Total', String(projects.length)],
      [70, 30],
    ),
    heading('Budget par axe', HeadingLevel.HEADING_2),
    table(
      ['Axe', 'Projets', 'Coût'],
      [...totals.byAxis.map((t) => [t.axis === null ? t.label : axisTitle(t.axis), String(t.projects), t.formatted])],
      ['Total', String(totals.total.projects), totals.total.formatted],
      [60, 15, 25],
    ),
    heading('Budget par phase', HeadingLevel.HEADING_2),
    table(
      ['Phase', 'Projets', 'Coût'],
      [...totals.byPhase.map((t) => [capitalised(t.label), String(t.projects), t.formatted])],
      ['Total', String(totals.total.projects), totals.total.formatted],
      [60, 15, 25],
    ),
    paragraph(`Coût total du portefeuille : ${totals.total.formatted}.`, { bold: true }),
  ];
}

function projectSections(projects: PortfolioReportProject[]): Paragraph[] {
  const groups: { title: string; projects: PortfolioReportProject[] }[] = [
    ...AXES.map((axis) => ({ title: axisTitle(axis), projects: projects.filter((p) => p.axis === axis) })),
    { title: 'Axe non renseigné', projects: projects.filter((p) => p.axis === null) },
  ].filter((g) => g.projects.length > 0);
  return [
    heading('2. Situation des projets', HeadingLevel.HEADING_1),
    ...groups.flatMap((group) => [
      heading(group.title, HeadingLevel.HEADING_2),
      ...group.projects
        .slice()
        .sort((a, b) => a.number - b.number)
        .flatMap(projectSection),
    ]),
  ];
}

function projectSection(project: PortfolioReportProject): Paragraph[] {
  const plan = [
    project.phase === null ? 'phase non renseignée' : PHASE_LABELS[project.phase],
    project.priority === null ? 'priorité non renseignée' : `priorité ${project.priority}`,
    project.costFcfa === null ? 'coût non chiffré' : formatMf(project.costFcfa),
  ].join(' · ');
  return [
    heading(`Projet ${project.number} — ${project.title || 'sans titre'}`, HeadingLevel.HEADING_3),
    labelled('Plan', capitalised(plan)),
    labelled('État', PROJECT_STATE_LABELS[project.state]),
    labelled(
      'Avancement',
      project.progressPercent === null ? 'non renseigné' : `${Math.round(project.progressPercent)}\u00a0%`,
    ),
    labelled('Glissement', project.slippage === null ? 'non calculable' : capitalised(project.slippage.label)),
    labelled('Principaux risques', project.risks.length === 0 ? 'aucun risque signalé' : ''),
    ...project.risks.map((risk) => bullet(risk)),
    labelled('Prochains jalons', project.nextMilestones.length === 0 ? 'aucun jalon à venir' : ''),
    ...project.nextMilestones.map((m) =>
      bullet(`${m.label} — ${frenchDay(m.due)} (${MILESTONE_STATUS_LABELS[m.status]})`),
    ),
  ];
}

const listOfProjects = (numbers: number[]) =>
  numbers.length === 1 ? `le projet ${numbers[0]}` : `les projets ${numbers.join(', ')}`;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const spacer = () => new Paragraph({ text: '' });

const centered = (text: string, size: number) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: true, size })],
  });

// Heading levels give Word's outline and navigation pane; the runs keep the letter's own typeface.
const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) =>
  new Paragraph({
    heading: level,
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [
      new TextRun({
        text,
        bold: true,
        color: '000000',
        font: 'Times New Roman',
        size: level === HeadingLevel.HEADING_1 ? 28 : 24,
      }),
    ],
  });

const paragraph = (text: string, options: { bold?: boolean } = {}) =>
  new Paragraph({ spacing: { before: 160, after: 160 }, children: [new TextRun({ text, bold: options.bold })] });

const labelled = (label: string, value: string) =>
  new Paragraph({
    spacing: { after: 60 },
    keepNext: value === '',
    children: [new TextRun({ text: `${label} : `, bold: true }), new TextRun(value)],
  });

const bullet = (text: string) => new Paragraph({ bullet: { level: 0 }, spacing: { after: 40 }, text });

/** A table with a shaded header row, repeated on each page, and a bold total row. */
function table(header: string[], rows: string[][], total: string[], widths: number[]): Table {
  const cell = (text: string, column: number, options: { bold?: boolean; shaded?: boolean } = {}) =>
    new TableCell({
      width: { size: widths[column] ?? 10, type: WidthType.PERCENTAGE },
      shading: options.shaded ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E8EEF2' } : undefined,
      children: [
        new Paragraph({
          alignment: column === 0 ? AlignmentType.LEFT : AlignmentType.RIGHT,
          children: [new TextRun({ text, bold: options.bold })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h, i) => cell(h, i, { bold: true, shaded: true })) }),
      ...rows.map((row) => new TableRow({ cantSplit: true, children: row.map((text, i) => cell(text, i)) })),
      new TableRow({ cantSplit: true, children: total.map((text, i) => cell(text, i, { bold: true })) }),
    ],
  });
}
