import { beforeAll, describe, expect, it } from 'vitest';
import { endSlippage } from '../processes/portfolio/schedule.ts';
import type { PortfolioProject } from '../services/portfolio/project.ts';
import {
  buildPortfolioReport,
  type PortfolioReport,
  type PortfolioReportProject,
} from '../services/portfolio/report-document.ts';
import { loadShippedPortfolio } from '../services/portfolio/shipped-portfolio.ts';
import { docxText } from './support/docx-text.ts';

// The steering committee's report, read back from the .docx: the letterhead, the summary's figures
// and each project's situation, in French.

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

let projects: PortfolioProject[];
beforeAll(async () => {
  projects = (await loadShippedPortfolio()).projects;
});

/** The plan as it stands on 31 March 2019 in this test: a few projects under way, one completed, one late. */
function situation(): PortfolioReportProject[] {
  return projects.map((p) => {
    const base: PortfolioReportProject = {
      number: p.number,
      title: p.title,
      axis: p.axis,
      phase: p.phase,
      priority: p.priority,
      costFcfa: p.costFcfa,
      state: 'planifie',
      progressPercent: null,
      slippage: null,
      risks: [],
      nextMilestones: [],
    };
    if (p.number === 2) return { ...base, state: 'termine', progressPercent: 100 };
    if (p.number === 3)
      return {
        ...base,
        state: 'demarre',
        progressPercent: 62.4,
        slippage: endSlippage('2018-06-30', '2018-09-30'),
        risks: ['Disponibilité des autorités de tutelle', 'Retard de validation des référentiels'],
        nextMilestones: [
          { label: 'Validation de la stratégie', due: '2019-03-15', status: 'overdue' },
          { label: 'Cahiers des charges', due: '2019-05-31', status: 'due' },
        ],
      };
    if (p.number === 13) return { ...base, state: 'suspendu', progressPercent: 20 };
    if (p.number === 25) return { ...base, state: 'abandonne' };
    return base;
  });
}

const report = (changes: Partial<PortfolioReport> = {}): PortfolioReport => ({
  asOf: '2019-03-31',
  issuedAt: new Date('2019-04-02T09:00:00Z'),
  number: '2019/ICAMO/RAP/0003',
  projects: situation(),
  ...changes,
});

describe('the portfolio report', () => {
  it('is a Word document on ICAMO’s letterhead, numbered and dated', async () => {
    const content = await buildPortfolioReport(report());
    expect(content.subarray(0, 2).toString()).toBe('PK');
    const { body, footer, files } = await docxText(content);
    expect(files).toEqual(expect.arrayContaining(['word/document.xml', '[Content_Types].xml']));
    for (const expected of [
      'RÉPUBLIQUE DU SÉNÉGAL',
      'Un Peuple – Un But – Une Foi',
      'INSTITUTION DE COORDINATION DE L’ASSURANCE MALADIE OBLIGATOIRE',
      'N° 2019/ICAMO/RAP/0003',
      'Dakar, le 2 avril 2019',
      'RAPPORT D’AVANCEMENT DU PORTEFEUILLE DE PROJETS DU SDSI',
      'Comité de pilotage — situation au 31 mars 2019',
    ])
      expect(plain(body)).toContain(expected);
    expect(body).not.toContain('DIRECTION DE LA PROTECTION SOCIALE');
    expect(footer).toContain(
      'Document établi par Siamo — portefeuille du SDSI, situation au 31 mars 2019 — n° 2019/ICAMO/RAP/0003',
    );
  });

  it('sums up projects by state and the budget by axis and by phase, with the grand total', async () => {
    const { body } = await docxText(await buildPortfolioReport(report()));
    const text = plain(body);
    expect(text).toContain('Le portefeuille compte 27 projets, pour un coût total de 1 855,25 MF CFA.');
    // Table cells are paragraphs: each cell ends a line.
    for (const [state, count] of [
      ['Planifié', 23],
      ['Démarré', 1],
      ['Suspendu', 1],
      ['Terminé', 1],
      ['Abandonné', 1],
    ])
      expect(text).toContain(`\n${state}\n${count}\n`);
    for (const line of [
      'Axe 1 — Gouvernance du SIAMO et renforcement de l’ICAMO\n9\n226,5 MF CFA\n',
      'Axe 2 — Renforcement du modèle IPM\n4\n444,5 MF CFA\n',
      'Axe 3 — Services aux bénéficiaires et aux prestataires\n11\n750,25 MF CFA\n',
      'Axe 4 — Accompagnement de la transformation\n3\n434 MF CFA\n',
      'Court terme\n13\n675,25 MF CFA\n',
      'Moyen terme\n9\n863,75 MF CFA\n',
      'Long terme\n5\n316,25 MF CFA\n',
      'Total\n27\n1 855,25 MF CFA\n',
    ])
      expect(text).toContain(line);
    expect(text).toContain('Coût total du portefeuille : 1 855,25 MF CFA.');
  });

  it('gives each project its state, progress, slippage, risks and next milestones', async () => {
    const text = plain((await docxText(await buildPortfolioReport(report()))).body);
    const section = text.slice(
      text.indexOf('Projet 3 — Définition de la stratégie'),
      text.indexOf('Projet 4 — Mise en œuvre des référentiels cibles'),
    );
    expect(section).toBe(
      [
        'Projet 3 — Définition de la stratégie et des cahiers des charges en vue de la transition vers les référentiels nationaux',
        'Plan : Court terme · priorité 1 · 29,25 MF CFA',
        'État : Démarré',
        'Avancement : 62 %',
        'Glissement : En retard de 3 mois',
        'Principaux risques : ',
        'Disponibilité des autorités de tutelle',
        'Retard de validation des référentiels',
        'Prochains jalons : ',
        'Validation de la stratégie — 15 mars 2019 (en retard)',
        'Cahiers des charges — 31 mai 2019 (à venir)',
        '',
      ].join('\n'),
    );
    expect(text).toContain(
      'Projet 2 — Elaboration de la cartographie des référentiels nationaux et leurs autorités de Tutelle\n' +
        'Plan : Court terme · priorité 1 · 13,5 MF CFA\nÉtat : Terminé\nAvancement : 100 %\nGlissement : non calculable\n' +
        'Principaux risques : aucun risque signalé\nProchains jalons : aucun jalon à venir\n',
    );
    // Projects come under their axis, in the plan's order.
    const order = [...text.matchAll(/^Projet (\d+) — /gm)].map((m) => Number(m[1]));
    expect(order).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(text.indexOf('Projet 9 — ')).toBeLessThan(text.lastIndexOf('Axe 2 — Renforcement du modèle IPM'));
    expect(text.lastIndexOf('Axe 2 — Renforcement du modèle IPM')).toBeLessThan(text.indexOf('Projet 10 — '));
  });

  it('says which projects have no cost instead of leaving them out of the total silently', async () => {
    const projectsWithGap = situation().map((p) => (p.number === 4 ? { ...p, costFcfa: null } : p));
    const text = plain((await docxText(await buildPortfolioReport(report({ projects: projectsWithGap })))).body);
    expect(text).toContain(
      'Le portefeuille compte 27 projets, pour un coût total de 1 828,25 MF CFA (hors le projet 4, dont le coût n’est pas chiffré).',
    );
    expect(text).toContain('Plan : Court terme · priorité 1 · coût non chiffré');
  });

  it('groups projects under their axis, whatever their numbers', async () => {
    const [first, second, third] = situation();
    const mixed = [
      { ...(first as PortfolioReportProject), axis: 4 as const },
      { ...(second as PortfolioReportProject), axis: null },
      third as PortfolioReportProject,
    ];
    const text = plain((await docxText(await buildPortfolioReport(report({ projects: mixed })))).body);
    // The last headings: section 2 comes after the summary's tables, which name the axes too.
    const headings = [...text.matchAll(/^(Axe [^\n]*|Projet \d+)(?: — [^\n]*)?$/gm)].map((m) => m[1]);
    expect(headings.slice(-6)).toEqual([
      'Axe 1 — Gouvernance du SIAMO et renforcement de l’ICAMO',
      'Projet 3',
      'Axe 4 — Accompagnement de la transformation',
      'Projet 1',
      'Axe non renseigné',
      'Projet 2',
    ]);
  });

  it('carries no number line when the report is not registered', async () => {
    const { body, footer } = await docxText(await buildPortfolioReport(report({ number: null })));
    expect(body).not.toContain('N° ');
    expect(footer).toBe('Document établi par Siamo — portefeuille du SDSI, situation au 31 mars 2019\n');
  });
});
