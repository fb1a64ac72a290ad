import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { docxText } from './support/docx-text.ts';
import type { Answer } from './support/licensing.ts';
import { as, type People } from './support/people.ts';
import { eventually, portfolioApi, SHIPPED_FILE } from './support/portfolio.ts';

// The master plan's portfolio as cases, through the API, on a real Temporal server and PostgreSQL:
// the steering committee imports the shipped file (27 cases opened in ICAMO, five points reported,
// the budget's totals), imports it again (nothing changes) and a changed copy (what differs is
// reported, not applied); a project cannot start before its prerequisite is completed — the
// completion tells it — unless the committee overrides with a reason; slippage follows the reports
// and the end; the Word report says it all.

let suite: ApiSuite;
let api: ApiServer;
let people: People;
let p: ReturnType<typeof portfolioApi>;
let firstImport: Answer;

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
  p = portfolioApi(api);
  firstImport = await p.importFile(people.person.pilotage);
}, 240_000);
afterAll(() => suite?.close());

const caseOf = (number: number) => `projet/${people.organisations.icamo}/SDSI-${String(number).padStart(2, '0')}`;
const auditCount = () => suite.h.prisma.auditEntry.count();

describe('importing the shipped portfolio', () => {
  it('opens a case per project in ICAMO’s organisation, and reports what it cannot resolve, line by line', async () => {
    expect(firstImport).toMatchObject({ __typename: 'PortfolioImport', projects: 27, existing: [] });
    expect(firstImport.opened).toEqual(Array.from({ length: 27 }, (_, i) => i + 1));
    expect(firstImport.issues.map((i: Answer) => [i.line, i.column, i.project, i.code, i.severity])).toEqual([
      [5, 'duree_mois', 4, 'duree', 'erreur'],
      [21, 'debut', 20, 'debut-avant-prerequis', 'avertissement'],
      [21, 'duree_mois', 20, 'hors-fenetre', 'avertissement'],
      [25, 'prerequis', 24, 'reference-inconnue', 'avertissement'],
      [25, 'prerequis', 24, 'reference-inconnue', 'avertissement'],
    ]);
    expect(firstImport.issues[0].problem).toBe(
      'La durée « échelonné sur la durée du SDSI » n’est pas un nombre entier de mois.',
    );
    const cases = await suite.h.prisma.case.findMany({
      where: { processId: 'projet' },
      orderBy: { businessKey: 'asc' },
    });
    expect(cases.map((c) => [c.id, c.state, c.startedBy])[6]).toEqual([caseOf(7), 'planifie', 'systeme']);
    expect(new Set(cases.map((c) => c.organisationId))).toEqual(new Set([people.organisations.icamo]));
    expect(cases).toHaveLength(27);
  });

  it('keeps the plan’s own dates: only the demonstration moves them (services/demo/demo-portfolio.ts)', async () => {
    const view = await p.portfolio(people.person.pilotage, '', 'window { start end } lastImport { shiftMonths }');
    expect(view.window).toEqual({ start: '2017-11', end: '2021-04' });
    expect(view.lastImport.shiftMonths).toBe(0);
    const third = await suite.h.prisma.case.findFirstOrThrow({
      where: { processId: 'projet', businessKey: 'SDSI-03' },
    });
    expect((third.context as Answer).debutPrevu).toBe('2018-03');
  });

  it('computes the budget from the data: by axis, by phase, and the grand total', () => {
    const { byAxis, byPhase, total } = firstImport.totals;
    expect(byAxis.map((t: Answer) => [t.axis, t.projects, t.formatted.replace(/\u00a0|\u202f/g, ' ')])).toEqual([
      [1, 9, '226,5 MF CFA'],
      [2, 4, '444,5 MF CFA'],
      [3, 11, '750,25 MF CFA'],
      [4, 3, '434 MF CFA'],
    ]);
    expect(byPhase.map((t: Answer) => [t.phase, t.projects])).toEqual([
      ['court', 13],
      ['moyen', 9],
      ['long', 5],
    ]);
    expect(total).toMatchObject({ projects: 27, costFcfa: 1_855_250_000, withoutCost: [] });
    expect(total.formatted.replace(/\u00a0|\u202f/g, ' ')).toBe('1 855,25 MF CFA');
  });

  it('keeps each project’s plan, prerequisite projects and external conditions in its case', async () => {
    const projects = (await p.portfolio(people.person.pilotage)).projects as Answer[];
    const byNumber = (n: number) => projects.find((x) => x.number === n) as Answer;
    expect(byNumber(3)).toMatchObject({
      state: 'planifie',
      plannedStart: '2018-03',
      durationMonths: 4,
      plannedEnd: '2018-06-30',
      costFcfa: 29_250_000,
      dependsOn: [2],
      pendingPrerequisites: [2],
    });
    expect(byNumber(4)).toMatchObject({ durationMonths: null, plannedEnd: null, dependsOn: [3] });
    expect(byNumber(5).conditions.map((c: Answer) => c.text)).toEqual(
      [
        'Définition exhaustive des données attendues par l’ICAMO et la Tutelle',
        'Capacité et moyens pour l’ICAMO de traiter les données reçues des IPMs',
      ].map((t) => t.replaceAll('’', "'")),
    );
    // « Projet 29 » and « Projet 30 » name no project of the file: reported, blocking nothing.
    expect(byNumber(24)).toMatchObject({ dependsOn: [], pendingPrerequisites: [] });
    expect(byNumber(26)).toMatchObject({ dependsOn: [12, 13], pendingPrerequisites: [12, 13] });
  });

  it('changes nothing when the same file is imported again: no case, no transition', async () => {
    const before = await auditCount();
    const again = await p.importFile(people.person.pilotage);
    expect(again).toMatchObject({ opened: [], projects: 27 });
    expect(again.existing).toHaveLength(27);
    expect(again.issues.map((i: Answer) => i.code)).toEqual(firstImport.issues.map((i: Answer) => i.code));
    expect(await auditCount()).toBe(before);
    expect(await suite.h.prisma.case.count({ where: { processId: 'projet' } })).toBe(27);
    // Recorded once: an import of the same file that opened nothing leaves no second trail.
    expect(await suite.h.prisma.portfolioImport.count()).toBe(1);
  });

  it('reports what a changed file says differently, opens what is new, and leaves the cases as they are', async () => {
    const text = new TextDecoder().decode(SHIPPED_FILE);
    const changed = text
      .replace(/^7;(.*?);1;court;1;2018-03;2;13,5;/m, '7;$1;1;court;1;2018-03;3;13,5;')
      .replace(/^27;.*\n/m, '')
      .concat('28;Archivage électronique des dossiers des IPM;2;moyen;2;2019-01;6;12,5;ICAMO;ICAMO,IPM;Projet 27\n');
    const before = await suite.h.prisma.case.findUniqueOrThrow({ where: { id: caseOf(7) } });
    const result = await p.importFile(people.person.pilotage, new TextEncoder().encode(changed), 'sdsi-v2.csv');
    expect(result.opened).toEqual([28]);
    const about = (code: string) => result.issues.filter((i: Answer) => i.code === code);
    expect(about('dossier-different')).toEqual([
      expect.objectContaining({
        line: 8,
        project: 7,
        problem:
          'Le plan du fichier diffère de celui du dossier SDSI-07 : durée 3 mois dans le fichier, 2 mois dans le dossier.',
        action: expect.stringContaining('Dossier inchangé'),
      }),
    ]);
    expect(about('absent-du-fichier')).toEqual([
      expect.objectContaining({ project: 27, problem: 'Le dossier SDSI-27 n’a plus de projet dans le fichier.' }),
    ]);
    // « Projet 27 »: no longer in the file, so an unresolved reference, not a dependency.
    expect(about('reference-inconnue').map((i: Answer) => i.project)).toEqual([24, 24, 28]);
    const after = await suite.h.prisma.case.findUniqueOrThrow({ where: { id: caseOf(7) } });
    expect(after.revision).toBe(before.revision);
    expect((after.context as Answer).dureeMois).toBe(2);
    const lastImport = (
      await p.run(people.person.analyste, '{ portfolio { ... on Portfolio { lastImport { fileName opened } } } }')
    ).portfolio.lastImport;
    expect(lastImport).toEqual({ fileName: 'sdsi-v2.csv', opened: [28] });
  });
});

describe('prerequisite projects', () => {
  it('block a start until the prerequisite is completed, which tells the projects waiting for it', async () => {
    const chef = people.person.analyste;
    const refused = await p.send(chef, caseOf(3), 'projet.demarrer', { dateDemarrage: '2018-03-05' });
    expect(refused).toMatchObject({
      __typename: 'NotAllowedError',
      code: 'condition_non_remplie',
      message: expect.stringContaining('Projets prérequis non terminés : 2.'),
    });
    await p.act(chef, caseOf(2), 'projet.demarrer', { dateDemarrage: '2018-01-08' });
    await p.act(chef, caseOf(2), 'projet.terminer', { dateFin: '2018-03-16', bilan: 'Cartographie validée.' });
    const told = await eventually(
      () => p.readCase(chef, caseOf(3)),
      (c) => Array.isArray(c.context.prerequisEnAttente) && c.context.prerequisEnAttente.length === 0,
    );
    expect(told.history.at(-1)).toMatchObject({
      event: 'prerequis.termine',
      actorRole: 'systeme',
      fromState: 'planifie',
      toState: 'planifie',
      input: { projetTermine: 2 },
    });
    expect((await p.act(chef, caseOf(3), 'projet.demarrer', { dateDemarrage: '2018-03-05' })).state).toBe('demarre');
    // Only the projects waiting for project 2 heard of it.
    const others = await suite.h.prisma.auditEntry.count({ where: { event: 'prerequis.termine' } });
    expect(others).toBe(1);
  });

  it('give way to the steering committee’s override, whose reason the history keeps', async () => {
    const [chef, comite] = [people.person.analyste, people.person.pilotage];
    expect(
      await p.send(chef, caseOf(9), 'prerequis.deroger', { motifDerogation: 'Le comité le décide ainsi.' }),
    ).toMatchObject({
      __typename: 'NotAllowedError',
    });
    expect(await p.send(comite, caseOf(9), 'prerequis.deroger', {})).toMatchObject({
      __typename: 'InvalidInputError',
      fields: [
        { field: 'motifDerogation', message: '« Motif de la dérogation du comité de pilotage » est obligatoire.' },
      ],
    });
    const reason = 'Le cahier des charges (projet 8) est validé sur le fond ; le comité autorise le démarrage.';
    await p.act(comite, caseOf(9), 'prerequis.deroger', { motifDerogation: reason });
    expect((await p.act(chef, caseOf(9), 'projet.demarrer', { dateDemarrage: '2018-11-12' })).state).toBe('demarre');
    const kase = await p.readCase(comite, caseOf(9));
    expect(kase.history.map((h: Answer) => [h.event, h.actorRole])).toEqual([
      ['dossier.ouvrir', 'systeme'],
      ['prerequis.deroger', 'pilotage_icamo'],
      ['projet.demarrer', 'analyste_icamo'],
    ]);
    expect(kase.history[1].input).toEqual({ motifDerogation: reason });
    expect(await p.project(comite, 9)).toMatchObject({ pendingPrerequisites: [], liftedPrerequisites: [8] });
  });
});

describe('progress and slippage', () => {
  it('follow the monthly reports and the actual end, against the plan', async () => {
    const chef = people.person.analyste;
    // Project 6: January 2018 for 2 months, planned to end on 28 February 2018.
    await p.act(chef, caseOf(6), 'projet.demarrer', { dateDemarrage: '2018-01-15' });
    await p.act(chef, caseOf(6), 'jalon.ajouter', { nomJalon: 'Dictionnaire validé', echeanceJalon: '2018-02-20' });
    await p.act(chef, caseOf(6), 'jalon.ajouter', { nomJalon: 'Publication', echeanceJalon: '2099-12-31' });
    await p.act(chef, caseOf(6), 'rapport.deposer', {
      periode: '2018-01',
      avancement: 35,
      realisations: 'Inventaire des données de l’ICAMO et de la Tutelle.',
      risques: 'Disponibilité des directions métier\nDonnées de l’ACMU non publiées',
      prochainesEtapes: 'Ateliers de validation.',
      finPrevue: '2018-05-31',
    });
    const reported = await p.project(chef, 6);
    expect(reported).toMatchObject({
      state: 'demarre',
      progressPercent: 35,
      actualStart: '2018-01-15',
      forecastEnd: '2018-05-31',
      startSlippage: { label: 'en retard de 14 jours', totalDays: 14 },
      endSlippage: { direction: 'retard', months: 3, days: 0, label: 'en retard de 3 mois' },
      risks: ['Disponibilité des directions métier', 'Données de l’ACMU non publiées'],
      endPassed: true,
    });
    expect(reported.milestones.map((m: Answer) => [m.label, m.status])).toEqual([
      ['Dictionnaire validé', 'overdue'],
      ['Publication', 'due'],
    ]);
    const kase = await p.readCase(chef, caseOf(6));
    expect(kase.context.glissement).toBe('en retard de 3 mois');

    await p.act(chef, caseOf(6), 'projet.terminer', { dateFin: '2018-06-15' });
    expect(await p.project(chef, 6)).toMatchObject({
      state: 'termine',
      progressPercent: 100,
      actualEnd: '2018-06-15',
      endSlippage: { label: 'en retard de 3 mois et 15 jours' },
      endPassed: false,
    });
  });

  it('lists the milestones due and overdue of the open projects', async () => {
    const chef = people.person.analyste;
    await p.act(chef, caseOf(10), 'jalon.ajouter', { nomJalon: 'Maquette des écrans', echeanceJalon: '2018-06-15' });
    await p.act(chef, caseOf(10), 'jalon.ajouter', { nomJalon: 'Recette', echeanceJalon: '2099-01-31' });
    await p.act(chef, caseOf(10), 'jalon.ajouter', {
      nomJalon: 'Atteint',
      echeanceJalon: '2018-05-31',
      jalonDejaAtteintLe: '2018-05-30',
    });
    const board = (
      await p.run(
        people.person.directeur,
        `{ portfolio { ... on Portfolio { milestones(withinDays: 40000) {
          overdue { label due status daysLeft project { number businessKey } }
          due { label status project { number } } } } } }`,
      )
    ).portfolio.milestones;
    const overdue = board.overdue.filter((m: Answer) => m.project.number === 10);
    expect(overdue).toEqual([
      expect.objectContaining({
        label: 'Maquette des écrans',
        due: '2018-06-15',
        status: 'overdue',
        project: { number: 10, businessKey: 'SDSI-10' },
      }),
    ]);
    expect(overdue[0].daysLeft).toBeLessThan(0);
    expect(board.due.filter((m: Answer) => m.project.number === 10).map((m: Answer) => m.label)).toEqual(['Recette']);
    // Project 6 is completed: its milestone left undone is no longer on the board.
    expect(board.overdue.some((m: Answer) => m.project.number === 6)).toBe(false);
  });

  it('narrows the projects by axis, phase, priority and state', async () => {
    const pick = async (args: string) =>
      ((await p.portfolio(people.person.pilotage, args)).projects as Answer[]).map((x) => x.number);
    expect(await pick('(axis: 4)')).toEqual([25, 26, 27]);
    expect(await pick('(phase: long, axis: 3)')).toEqual([20, 21, 22, 24]);
    expect(await pick('(state: termine)')).toEqual([2, 6]);
    expect(await pick('(priority: 2, axis: 4)')).toEqual([25, 26, 27]);
  });
});

describe('the steering committee’s report', () => {
  it('is a Word document with the summary, the totals and each project’s state, progress, slippage, risks and next milestones', async () => {
    const response = await api.get('/portefeuille/rapport.docx', as(people.person.pilotage));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    const { body } = await docxText(Buffer.from(await response.arrayBuffer()));
    const text = body.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('RAPPORT D’AVANCEMENT DU PORTEFEUILLE DE PROJETS DU SDSI');
    expect(text).toContain('Le portefeuille compte 28 projets');
    expect(text).toContain('Coût total du portefeuille : 1 867,75 MF CFA.');
    expect(text).toMatch(/Terminé\n2\n/);
    expect(text).toMatch(/Démarré\n2\n/);
    const section = (n: number) => text.slice(text.indexOf(`Projet ${n} — `), text.indexOf(`Projet ${n + 1} — `));
    expect(section(6)).toContain('État : Terminé');
    expect(section(6)).toContain('Avancement : 100 %');
    expect(section(6)).toContain('Glissement : En retard de 3 mois et 15 jours');
    expect(section(6)).toContain('Disponibilité des directions métier');
    expect(section(10)).toContain('Maquette des écrans — 15 juin 2018 (en retard)');
    expect(section(10)).not.toContain('Atteint —');
    expect(section(3)).toContain('État : Démarré');
  });

  it('is for national steering only', async () => {
    expect((await api.get('/portefeuille/rapport.docx', as(people.person.gerantA))).status).toBe(403);
    expect((await api.get('/portefeuille/rapport.docx', as(people.person.agentMinistere))).status).toBe(200);
  });
});

describe('npm run portfolio:import', () => {
  const command = (env: Record<string, string>, file?: string) =>
    promisify(execFile)('npx', ['tsx', 'runtime/cli-portfolio-import.ts', ...(file ? [file] : [])], {
      env: { ...process.env, SIAMO_API_URL: api.url, ...env },
    }).then(
      (done) => ({ code: 0, out: done.stdout, err: done.stderr }),
      (failed: { code: number; stdout: string; stderr: string }) => ({
        code: failed.code,
        out: failed.stdout,
        err: failed.stderr,
      }),
    );

  it('imports through the running Siamo’s API and prints the report, what it opened and the totals', async () => {
    const before = await auditCount();
    const { code, out } = await command({ SIAMO_API_TOKEN: people.person.pilotage.token });
    expect(code).toBe(0);
    const text = out.replace(/[\u00a0\u202f]/g, ' ');
    expect(text).toContain('Import de sdsi-portfolio.csv : 27 projets lus, 0 dossier ouvert, 27 projets déjà suivis.');
    expect(text).toContain(
      '- [erreur] Ligne 5, colonne duree_mois (projet 4) : La durée « échelonné sur la durée du SDSI » n’est pas un nombre entier de mois.',
    );
    expect(text).toContain(
      '- [information] Fichier (projet 28) : Le dossier SDSI-28 n’a plus de projet dans le fichier.',
    );
    expect(text).toContain('Axe 3 — Services aux bénéficiaires et aux prestataires : 11 projets, 750,25 MF CFA');
    expect(text).toContain('Total : 27 projets, 1 855,25 MF CFA.');
    expect(await auditCount()).toBe(before);
  });

  it('says who must import, and refuses a role that may not', async () => {
    const anonymous = await command({ SIAMO_API_TOKEN: '', SIAMO_EMAIL: '', SIAMO_PASSWORD: '' });
    expect(anonymous.code).toBe(2);
    expect(anonymous.err).toContain('Indiquez qui importe');
    const analyst = await command({ SIAMO_API_TOKEN: people.person.analyste.token });
    expect(analyst.code).toBe(1);
    expect(analyst.err).toContain('Votre rôle ne permet pas d’importer le portefeuille de projets du SDSI.');
  });
});
