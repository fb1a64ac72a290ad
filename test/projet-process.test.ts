import { describe, expect, it } from 'vitest';
import { isCaseWideAlarm, stateAlarms } from '../processes/alarms.ts';
import { CALCULATIONS } from '../processes/calculations.ts';
import { checkDefinition } from '../processes/check.ts';
import { type CaseState, ProcessEngine } from '../processes/engine.ts';
import { validateInput } from '../processes/fields.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import projet from '../processes/portfolio/projet/v1.ts';
import projetV2 from '../processes/portfolio/projet/v2.ts';
import { DEFINITIONS } from '../processes/registry.ts';

// The `projet` process without Temporal: what the engine decides, what lists become, which reminders
// a state schedules. The real timers and the linked cases are exercised in test/portfolio-*.test.ts.

const settings = { jourRapportMensuel: 5 };
const engine = new ProcessEngine(projet, { settings });
const chef = 'analyste_icamo' as const;
const comite = 'pilotage_icamo' as const;

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

const plan = {
  numero: 20,
  titre: 'Suivi des projets d’adaptation des logiciels PS',
  axe: '3',
  phase: 'long',
  priorite: 2,
  debutPrevu: '2020-03',
  dureeMois: 24,
  coutFcfa: 54_000_000,
  prerequisPlan: 'Projet 19',
  dependances: [{ numero: 19 }],
  prerequisEnAttente: [{ numero: 19 }],
  conditions: [{ numero: 1, texte: 'Cartographie des PS sur le territoire' }],
};

function opened(): CaseState {
  const result = engine.open('systeme', plan);
  if (!result.ok) throw new Error(result.message);
  return result.next;
}

function step(current: CaseState, event: string, role: typeof chef | typeof comite | 'systeme', input = {}, now = 0) {
  const result = engine.decide(current, { event, role, input, at: now });
  if (!result.ok) throw new Error(`${event} : ${result.message}`);
  return result.next;
}

describe('the projet process', () => {
  it('passes the process checker, with every other definition', () => {
    expect(checkDefinition(projet, 'projet/v1.ts', DEFINITIONS)).toEqual([]);
  });

  it('opens with the plan, its prerequisite projects and its external conditions', () => {
    expect(opened()).toEqual({ state: 'planifie', context: plan });
    expect(engine.open('systeme', { ...plan, dependances: [{ numero: 'dix-neuf' }] })).toMatchObject({
      ok: false,
      fieldErrors: { dependances: '« Projets prérequis », élément 1 : « Projet n° » doit être un nombre entier.' },
    });
    expect(engine.open(chef, plan)).toMatchObject({ ok: false, code: 'non_autorise' });
  });

  it('refuses to start while a prerequisite project is not completed, naming it', () => {
    const refused = engine.decide(opened(), {
      event: 'projet.demarrer',
      role: chef,
      input: { dateDemarrage: '2020-03-02' },
      at: at('2020-03-10T09:00:00Z'),
    });
    expect(refused).toEqual({
      ok: false,
      code: 'condition_non_remplie',
      message:
        'L’action « Démarrer le projet » n’est pas possible dans l’état « Planifié » : Projets prérequis non ' +
        'terminés : 19. Seul le comité de pilotage peut autoriser le démarrage avant leur achèvement, par une ' +
        'dérogation motivée.',
    });
  });

  it('starts once the prerequisite project tells it is completed', () => {
    const told = step(opened(), 'prerequis.termine', 'systeme', { projetTermine: 19 });
    expect(told.context.prerequisEnAttente).toEqual([]);
    expect(told.context.projetTermine).toBeNull();
    expect(told.context.dependances).toEqual([{ numero: 19 }]);
    const started = step(told, 'projet.demarrer', chef, { dateDemarrage: '2020-03-02' }, at('2020-03-10T09:00:00Z'));
    expect(started.state).toBe('demarre');
    // News of another project changes nothing.
    expect(step(opened(), 'prerequis.termine', 'systeme', { projetTermine: 7 }).context.prerequisEnAttente).toEqual([
      { numero: 19 },
    ]);
  });

  it('starts on the steering committee’s motivated override, which keeps what it lifted', () => {
    expect(engine.decide(opened(), { event: 'prerequis.deroger', role: chef, input: {} })).toMatchObject({
      ok: false,
      code: 'non_autorise',
    });
    expect(engine.decide(opened(), { event: 'prerequis.deroger', role: comite, input: {} })).toMatchObject({
      ok: false,
      code: 'saisie_invalide',
      fieldErrors: { motifDerogation: '« Motif de la dérogation du comité de pilotage » est obligatoire.' },
    });
    const free = step(opened(), 'prerequis.termine', 'systeme', { projetTermine: 19 });
    expect(
      engine.decide(free, {
        event: 'prerequis.deroger',
        role: comite,
        input: { motifDerogation: 'Pour mémoire seulement.' },
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('Aucun projet prérequis n’est en attente') });
    const overridden = step(opened(), 'prerequis.deroger', comite, {
      motifDerogation: 'Le projet 19 est livré à 90 % ; le comité accepte un démarrage en parallèle.',
    });
    expect(overridden.context).toMatchObject({ prerequisEnAttente: null, prerequisLeves: [{ numero: 19 }] });
    expect(
      step(overridden, 'projet.demarrer', chef, { dateDemarrage: '2020-03-02' }, at('2020-03-03T00:00:00Z')).state,
    ).toBe('demarre');
  });

  it('refuses a start date to come', () => {
    const free = step(opened(), 'prerequis.termine', 'systeme', { projetTermine: 19 });
    expect(
      engine.decide(free, {
        event: 'projet.demarrer',
        role: chef,
        input: { dateDemarrage: '2020-03-11' },
        at: at('2020-03-10T23:00:00Z'),
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('« Date de démarrage effective » ne peut pas être une date à venir.'),
    });
  });

  it('keeps milestones as a numbered list: added, moved, reached', () => {
    const now = at('2020-04-01T10:00:00Z');
    let c = step(opened(), 'jalon.ajouter', chef, { nomJalon: 'Cahier des charges', echeanceJalon: '2020-06-30' }, now);
    c = step(c, 'jalon.ajouter', chef, { nomJalon: 'Recette', echeanceJalon: '2020-12-15' }, now);
    expect(c.context.jalons).toEqual([
      { numero: 1, nom: 'Cahier des charges', echeance: '2020-06-30', ajouteLe: '2020-04-01T10:00:00.000Z' },
      { numero: 2, nom: 'Recette', echeance: '2020-12-15', ajouteLe: '2020-04-01T10:00:00.000Z' },
    ]);
    expect(c.context).toMatchObject({ nomJalon: null, echeanceJalon: null });
    c = step(c, 'jalon.replanifier', chef, { numeroJalon: 2, nouvelleEcheance: '2021-01-31' }, now);
    c = step(c, 'jalon.atteindre', chef, { numeroJalon: 1, dateAtteinte: '2020-03-30' }, now);
    expect(c.context.jalons).toEqual([
      {
        numero: 1,
        nom: 'Cahier des charges',
        echeance: '2020-06-30',
        atteintLe: '2020-03-30',
        ajouteLe: '2020-04-01T10:00:00.000Z',
      },
      { numero: 2, nom: 'Recette', echeance: '2021-01-31', ajouteLe: '2020-04-01T10:00:00.000Z' },
    ]);
    // Reached once; an unknown one is named.
    expect(
      engine.decide(c, {
        event: 'jalon.atteindre',
        role: chef,
        input: { numeroJalon: 1, dateAtteinte: '2020-03-31' },
        at: now,
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('pas de jalon n° 1 encore à atteindre') });
    expect(
      engine.decide(c, {
        event: 'jalon.replanifier',
        role: chef,
        input: { numeroJalon: 9, nouvelleEcheance: '2021-01-31' },
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('pas de jalon n° 9') });
  });

  it('ticks external conditions off one by one', () => {
    const now = at('2020-04-01T10:00:00Z');
    const c = step(opened(), 'condition.remplir', chef, { numeroCondition: 1 }, now);
    expect(c.context.conditions).toEqual([
      { numero: 1, texte: 'Cartographie des PS sur le territoire', remplieLe: '2020-04-01T10:00:00.000Z' },
    ]);
    expect(engine.decide(c, { event: 'condition.remplir', role: chef, input: { numeroCondition: 1 } })).toMatchObject({
      ok: false,
    });
  });

  it('records monthly reports, a corrected one replacing its month, and the end’s slippage', () => {
    let c = step(opened(), 'prerequis.termine', 'systeme', { projetTermine: 19 });
    c = step(c, 'projet.demarrer', chef, { dateDemarrage: '2020-03-02' }, at('2020-03-02T08:00:00Z'));
    const report = {
      periode: '2020-03',
      avancement: 5,
      realisations: 'Lancement.',
      risques: 'Disponibilité des éditeurs',
      finPrevue: '2022-05-31',
    };
    c = step(c, 'rapport.deposer', chef, report, at('2020-04-03T08:00:00Z'));
    // Planned March 2020 + 24 months: ends 28 February 2022; forecast 31 May 2022.
    expect(c.context.glissement).toBe('en retard de 3 mois');
    c = step(
      c,
      'rapport.deposer',
      chef,
      { ...report, avancement: 6, finPrevue: '2022-02-28' },
      at('2020-04-04T08:00:00Z'),
    );
    expect(c.context.rapports).toEqual([
      {
        periode: '2020-03',
        avancement: 6,
        realisations: 'Lancement.',
        risques: 'Disponibilité des éditeurs',
        finPrevue: '2022-02-28',
        deposeLe: '2020-04-04T08:00:00.000Z',
      },
    ]);
    expect(c.context).toMatchObject({ glissement: 'à l’heure', periode: null, avancement: 6 });
    // Neither a month to come nor one before the start.
    for (const periode of ['2020-05', '2020-02'])
      expect(
        engine.decide(c, {
          event: 'rapport.deposer',
          role: chef,
          input: { ...report, periode },
          at: at('2020-04-04T08:00:00Z'),
        }),
      ).toMatchObject({ ok: false, code: 'condition_non_remplie' });
    const done = step(c, 'projet.terminer', chef, { dateFin: '2022-03-15' }, at('2022-03-16T08:00:00Z'));
    expect(done).toMatchObject({ state: 'termine', context: { glissement: 'en retard de 15 jours' } });
  });

  it('lets only the steering committee suspend, resume, revise and abandon', () => {
    let c = step(opened(), 'prerequis.termine', 'systeme', { projetTermine: 19 });
    c = step(c, 'projet.demarrer', chef, { dateDemarrage: '2020-03-02' }, at('2020-03-02T08:00:00Z'));
    expect(engine.decide(c, { event: 'projet.suspendre', role: chef, input: {} })).toMatchObject({ ok: false });
    c = step(c, 'projet.suspendre', comite, { motifSuspension: 'Budget gelé jusqu’au prochain comité.' });
    expect(c.state).toBe('suspendu');
    c = step(c, 'plan.reviser', comite, { dureeMois: 30, motifRevision: 'Le comité reporte la fin de six mois.' });
    expect(c.context).toMatchObject({ dureeMois: 30 });
    c = step(c, 'projet.reprendre', comite);
    expect(step(c, 'projet.abandonner', comite, { motifAbandon: 'Remplacé par le projet 22.' }).state).toBe(
      'abandonne',
    );
  });
});

describe('list and month reminders', () => {
  const durations = { rappelJalon: 7 * DAY, alerteJalon: 7 * DAY, rappelRapport: 3 * DAY, alerteRapport: 5 * DAY };
  const entered = at('2020-03-02T08:00:00Z');
  const base = { ...plan, prerequisEnAttente: [] };

  it('warns before a milestone, reminds on its day, then alerts the committee; nothing once reached', () => {
    const context = {
      ...base,
      jalons: [
        { numero: 1, nom: 'Cahier des charges', echeance: '2020-06-30' },
        { numero: 2, nom: 'Recette', echeance: '2020-05-15', atteintLe: '2020-05-10' },
      ],
    };
    const alarms = stateAlarms(projet, 'planifie', entered, durations, context, { now: entered, settings });
    const end = at('2020-07-01T00:00:00Z');
    expect(alarms).toEqual([
      {
        id: 'liste:jalons:1:2020-06-30:avertissement:0',
        at: end - 7 * DAY,
        kind: 'notify',
        notification: 'echeance_element',
        roles: ['analyste_icamo'],
        deadline: end,
        params: { objet: 'Jalon « Cahier des charges »', jour: '2020-06-30', responsable: true },
      },
      {
        id: 'liste:jalons:1:2020-06-30:retard',
        at: end,
        kind: 'notify',
        notification: 'retard_element',
        roles: ['analyste_icamo'],
        deadline: end,
        params: { objet: 'Jalon « Cahier des charges »', jour: '2020-06-30', responsable: true },
      },
      {
        id: 'liste:jalons:1:2020-06-30:escalade',
        at: end + 7 * DAY,
        kind: 'notify',
        notification: 'escalade_element',
        roles: ['pilotage_icamo'],
        deadline: end,
        params: { objet: 'Jalon « Cahier des charges »', jour: '2020-06-30' },
      },
    ]);
    expect(alarms.every((a) => isCaseWideAlarm(a.id))).toBe(true);
  });

  it('does not warn of a milestone already due, and warns at once of one due within the lead time', () => {
    const now = at('2020-06-28T10:00:00Z');
    const context = {
      ...base,
      jalons: [
        { numero: 1, nom: 'Passé', echeance: '2020-06-20' },
        { numero: 2, nom: 'Proche', echeance: '2020-06-30' },
      ],
    };
    const ids = stateAlarms(projet, 'planifie', entered, durations, context, { now, settings }).map((a) => [
      a.id,
      a.at,
    ]);
    expect(ids).toEqual([
      ['liste:jalons:1:2020-06-20:retard', at('2020-06-21T00:00:00Z')],
      ['liste:jalons:2:2020-06-30:avertissement:0', at('2020-06-24T00:00:00Z')],
      ['liste:jalons:1:2020-06-20:escalade', at('2020-06-28T00:00:00Z')],
      ['liste:jalons:2:2020-06-30:retard', at('2020-07-01T00:00:00Z')],
      ['liste:jalons:2:2020-06-30:escalade', at('2020-07-08T00:00:00Z')],
    ]);
  });

  it('expects a report for each month from the start, by the configured day of the next month', () => {
    const context = { ...base, dateDemarrage: '2020-03-02', rapports: [] };
    const alarms = stateAlarms(projet, 'demarre', entered, durations, context, { now: entered, settings });
    const due = at('2020-04-06T00:00:00Z');
    expect(alarms.map((a) => [a.id, a.at])).toEqual([
      ['mois:rapports:2020-03:avertissement:0', due - 3 * DAY],
      ['mois:rapports:2020-03:retard', due],
      ['mois:rapports:2020-03:escalade', due + 5 * DAY],
    ]);
    expect(alarms[1]).toMatchObject({
      notification: 'retard_element',
      params: { objet: 'Rapport d’avancement de mars 2020', jour: '2020-04-05', responsable: true },
    });
    // A month reported is no longer due; the next one is, once its warning may come.
    const later = stateAlarms(
      projet,
      'demarre',
      entered,
      durations,
      { ...context, rapports: [{ periode: '2020-03', avancement: 5 }] },
      { now: at('2020-04-20T00:00:00Z'), settings },
    );
    expect(later.map((a) => a.id)).toEqual([
      'mois:rapports:2020-04:avertissement:0',
      'mois:rapports:2020-04:retard',
      'mois:rapports:2020-04:escalade',
    ]);
    expect(later[0]).toMatchObject({ params: { objet: 'Rapport d’avancement d’avril 2020' } });
  });

  it('on entering the state, reminds only the month last due, not every month gone by', () => {
    const resumed = at('2020-09-20T08:00:00Z');
    const context = { ...base, dateDemarrage: '2020-03-02', rapports: [] };
    const ids = stateAlarms(projet, 'demarre', resumed, durations, context, { now: resumed, settings }).map(
      (a) => a.id,
    );
    expect(ids).toEqual([
      'mois:rapports:2020-08:retard',
      'mois:rapports:2020-08:escalade',
      'mois:rapports:2020-09:avertissement:0',
      'mois:rapports:2020-09:retard',
      'mois:rapports:2020-09:escalade',
    ]);
    // Suspended, nothing is due; the state-wide alarms are not kept across states, these are.
    expect(stateAlarms(projet, 'suspendu', resumed, durations, context, { now: resumed, settings })).toEqual([]);
    expect(isCaseWideAlarm('retard')).toBe(false);
  });
});

describe('list fields and calculations', () => {
  const schema = {
    jalons: {
      type: 'liste' as const,
      label: 'Jalons',
      items: { nom: { type: 'text' as const, label: 'Jalon', required: true } },
    },
  };

  it('validates each item of a list with its own fields', () => {
    expect(validateInput(schema, { jalons: [{ nom: 'A' }] })).toEqual({});
    expect(validateInput(schema, { jalons: [{ nom: 'A' }, {}] })).toEqual({
      jalons: '« Jalons », élément 2 : « Jalon » est obligatoire.',
    });
    expect(validateInput(schema, { jalons: [{ nom: 'A', rang: 1 }] })).toEqual({
      jalons: '« Jalons », élément 1 : Champ inconnu « rang » : il ne fait pas partie de ce formulaire.',
    });
    expect(validateInput(schema, { jalons: 'A' })).toEqual({ jalons: '« Jalons » doit être une liste d’éléments.' });
  });

  it('adds, updates and removes items without touching the others', () => {
    const context = {
      liste: [
        { n: 1, v: 'a' },
        { n: 2, v: 'b' },
      ],
      v: 'c',
      k: 2,
    };
    const args = (params: Record<string, unknown>) => ({ context, params: params as never, settings: {}, now: 0 });
    expect(CALCULATIONS.ajouterElement.compute(args({ liste: 'liste', numero: 'n', champs: { v: 'v' } }))).toEqual([
      { n: 1, v: 'a' },
      { n: 2, v: 'b' },
      { n: 3, v: 'c' },
    ]);
    expect(CALCULATIONS.ajouterElement.compute(args({ liste: 'vide', numero: 'n', champs: { v: 'v' } }))).toEqual([
      { n: 1, v: 'c' },
    ]);
    expect(
      CALCULATIONS.modifierElement.compute(args({ liste: 'liste', cle: 'n', valeur: 'k', champs: { v: 'v' } })),
    ).toEqual([
      { n: 1, v: 'a' },
      { n: 2, v: 'c' },
    ]);
    expect(CALCULATIONS.retirerElement.compute(args({ liste: 'liste', cle: 'n', valeur: 'k' }))).toEqual([
      { n: 1, v: 'a' },
    ]);
  });

  it('tells a definition author what is wrong with a list’s reminders', () => {
    const broken = JSON.parse(JSON.stringify(projet)) as ProcessDefinition;
    const milestones = broken.states.planifie?.listDeadlines?.[0];
    if (!milestones) throw new Error('jalons');
    milestones.due = 'date';
    milestones.warnBefore = 'inconnue';
    const monthly = broken.states.demarre?.monthlyDeadlines?.[0];
    if (!monthly) throw new Error('rapports');
    monthly.day = 'effectifMinimumIpmEntreprise';
    expect(checkDefinition(broken, 'projet.json')).toEqual([
      'projet.json [état planifie] : listDeadlines jalons : durée inconnue « inconnue »',
      'projet.json [état planifie] : listDeadlines jalons : les éléments de « jalons » n’ont pas de champ « date »',
      'projet.json [état demarre] : monthlyDeadlines rapports : le réglage « effectifMinimumIpmEntreprise » doit figurer dans settings',
    ]);
  });
});

describe('the projet process, version 2', () => {
  const v2 = new ProcessEngine(projetV2, { settings });
  const decide = (current: CaseState, event: string, input: Record<string, unknown>, now: number) => {
    const result = v2.decide(current, { event, role: chef, input, at: now });
    if (!result.ok) throw new Error(`${event} : ${result.message}`);
    return result.next;
  };

  it('keeps the milestones as version 1 does, and none of the actions’ fields in the project’s data', () => {
    expect(checkDefinition(projetV2, 'projet/v2.ts', DEFINITIONS)).toEqual([]);
    const now = at('2020-04-01T10:00:00Z');
    const open = v2.open('systeme', plan);
    if (!open.ok) throw new Error(open.message);
    let c = decide(open.next, 'jalon.ajouter', { nomJalon: 'Cahier des charges', echeanceJalon: '2020-06-30' }, now);
    c = decide(c, 'jalon.replanifier', { numeroJalon: 1, nouvelleEcheance: '2020-07-31' }, now);
    c = decide(c, 'jalon.atteindre', { numeroJalon: 1, dateAtteinte: '2020-03-30' }, now);
    c = decide(c, 'condition.remplir', { numeroCondition: 1 }, now);
    expect(c.context.jalons).toEqual([
      {
        numero: 1,
        nom: 'Cahier des charges',
        echeance: '2020-07-31',
        ajouteLe: '2020-04-01T10:00:00.000Z',
        atteintLe: '2020-03-30',
      },
    ]);
    expect(c.context.conditions).toEqual([
      { numero: 1, texte: 'Cartographie des PS sur le territoire', remplieLe: '2020-04-01T10:00:00.000Z' },
    ]);
    for (const scratch of [
      'nomJalon',
      'echeanceJalon',
      'numeroJalon',
      'nouvelleEcheance',
      'dateAtteinte',
      'numeroCondition',
    ])
      expect(c.context).not.toHaveProperty(scratch);
    // Its guards still read the action's input: a milestone it does not have is refused.
    expect(
      v2.decide(c, {
        event: 'jalon.atteindre',
        role: chef,
        input: { numeroJalon: 7, dateAtteinte: '2020-03-30' },
        at: now,
      }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('Le projet n’a pas de jalon n° 7 encore à atteindre.'),
    });
  });
});
