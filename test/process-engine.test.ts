import { describe, expect, it } from 'vitest';
import { transition } from 'xstate';
import { durationMs, isValidDuration, parseDurationOverrides } from '../processes/calendar.ts';
import { compileMachine } from '../processes/compile.ts';
import { type CaseState, type EventRequest, ProcessEngine } from '../processes/engine.ts';
import { type FieldSchema, validateInput } from '../processes/fields.ts';
import { GUARDS } from '../processes/guards.ts';
import agrementV1 from '../processes/licensing/agrement/v1.ts';
import type { ProcessDefinition } from '../processes/model.ts';

const PIECES = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
const application = { denomination: 'IPM des Industries Réunies', typeIpm: 'interentreprises', effectif: 1200 };

const engine = new ProcessEngine(agrementV1 as ProcessDefinition);

const at = (state: string, context: Record<string, unknown> = application): CaseState => ({ state, context });

describe('ProcessEngine.open', () => {
  it('opens a case in the initial state, with the input as its data and no effect', () => {
    expect(engine.open('gerant_ipm', application)).toEqual({
      ok: true,
      next: { state: 'brouillon', context: application },
      effects: [],
      records: [],
    });
  });

  it('refuses a role that may not open this process', () => {
    expect(engine.open('agent_ministere', application)).toEqual({
      ok: false,
      code: 'non_autorise',
      message: 'Le rôle « Agent du ministère » ne peut pas ouvrir un dossier « Agrément d’une IPM ».',
    });
  });

  it('refuses invalid fields, each with its own message', () => {
    expect(engine.open('gerant_ipm', { typeIpm: 'mutuelle', effectif: 0, siege: 'Dakar' })).toEqual({
      ok: false,
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’ouverture du dossier « Agrément d’une IPM » : 4 champs à corriger.',
      fieldErrors: {
        denomination: '« Dénomination de l’IPM » est obligatoire.',
        typeIpm: '« Type d’IPM » doit être l’un de : IPM d’entreprise, IPM interentreprises.',
        effectif: '« Effectif salarié couvert » doit être au moins 1.',
        siege: 'Champ inconnu « siege » : il ne fait pas partie de ce formulaire.',
      },
    });
  });

  it('says “1 champ” in the singular', () => {
    const refusal = engine.open('gerant_ipm', { ...application, effectif: 12.5 });
    expect(refusal).toMatchObject({
      ok: false,
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’ouverture du dossier « Agrément d’une IPM » : 1 champ à corriger.',
      fieldErrors: { effectif: '« Effectif salarié couvert » doit être un nombre entier.' },
    });
  });
});

describe('ProcessEngine.decide', () => {
  it('refuses an event the process does not have', () => {
    expect(engine.decide(at('brouillon'), { event: 'dossier.valider', role: 'gerant_ipm', input: {} })).toEqual({
      ok: false,
      code: 'evenement_inconnu',
      message: 'L’action « dossier.valider » n’existe pas dans le processus « Agrément d’une IPM » (version 1).',
    });
  });

  it('refuses an event that is not possible in the current state', () => {
    expect(
      engine.decide(at('brouillon'), { event: 'recevabilite.valider', role: 'agent_ministere', input: {} }),
    ).toEqual({
      ok: false,
      code: 'non_autorise',
      message:
        'L’action « Déclarer le dossier recevable » n’est pas possible dans l’état « Brouillon » (rôle « Agent du ministère »).',
    });
  });

  it('refuses every event in a terminal state', () => {
    expect(
      engine.decide(at('accorde'), { event: 'decision.refuser', role: 'directeur_ministere', input: {} }),
    ).toMatchObject({
      ok: false,
      code: 'non_autorise',
      message:
        'L’action « Refuser l’agrément » n’est pas possible dans l’état « Agrément accordé » (rôle « Directeur (ministère) »).',
    });
  });

  it('refuses a role that may not send the event', () => {
    expect(
      engine.decide(at('brouillon'), {
        event: 'dossier.soumettre',
        role: 'agent_ministere',
        input: { pieces: PIECES },
      }),
    ).toEqual({
      ok: false,
      code: 'non_autorise',
      message:
        'Le rôle « Agent du ministère » ne peut pas faire l’action « Soumettre le dossier » dans l’état « Brouillon ».',
    });
  });

  it('refuses a timer event sent by a person', () => {
    expect(
      engine.decide(at('complements_demandes'), { event: 'delai.expirer', role: 'gerant_ipm', input: {} }),
    ).toMatchObject({
      ok: false,
      code: 'non_autorise',
      message:
        'Le rôle « Gérant d’IPM » ne peut pas faire l’action « Expiration du délai de réponse » dans l’état « Compléments demandés ».',
    });
  });

  it('refuses invalid input with a message per field', () => {
    const request: EventRequest = {
      event: 'recevabilite.demanderComplements',
      role: 'agent_ministere',
      input: { complementsDemandes: 'Statuts', urgence: true },
    };
    expect(engine.decide(at('soumis'), request)).toEqual({
      ok: false,
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’action « Demander des compléments » : 2 champs à corriger.',
      fieldErrors: {
        complementsDemandes: '« Compléments demandés » doit compter au moins 10 caractères.',
        urgence: 'Champ inconnu « urgence » : il ne fait pas partie de ce formulaire.',
      },
    });
  });

  it('refuses a required field left empty', () => {
    expect(
      engine.decide(at('brouillon'), { event: 'dossier.soumettre', role: 'gerant_ipm', input: { pieces: [] } }),
    ).toEqual({
      ok: false,
      code: 'saisie_invalide',
      message: 'Saisie invalide pour l’action « Soumettre le dossier » : 1 champ à corriger.',
      fieldErrors: { pieces: '« Pièces jointes au dossier » est obligatoire.' },
    });
  });

  it('refuses an event whose guard does not hold, naming what is missing', () => {
    const decision = engine.decide(at('brouillon'), {
      event: 'dossier.soumettre',
      role: 'gerant_ipm',
      input: { pieces: ['statuts', 'liste_employeurs', 'projections_financieres'] },
    });
    expect(decision).toEqual({
      ok: false,
      code: 'condition_non_remplie',
      message:
        'L’action « Soumettre le dossier » n’est pas possible dans l’état « Brouillon » : Éléments manquants : Effectifs, Organes de gouvernance.',
    });
  });

  it('counts what the case already holds when checking a guard, the input winning', () => {
    const params = { champ: 'pieces', valeurs: ['statuts', 'effectifs'] };
    const guard = GUARDS.listeComplete;
    const base = { settings: {}, now: 0 };
    expect(guard.holds({ ...base, context: { pieces: ['effectifs', 'statuts'] }, input: {}, params })).toBe(true);
    const args = { ...base, context: { pieces: ['effectifs', 'statuts'] }, input: { pieces: ['statuts'] }, params };
    expect(guard.holds(args)).toBe(false);
    expect(guard.refusal(args)).toBe('Éléments manquants : effectifs.');
    expect(guard.refusal({ ...base, context: {}, input: {}, params })).toBe('Éléments manquants : statuts, effectifs.');
  });

  it('accepts a transition: next state, merged data, and the entered state’s effects', () => {
    const decision = engine.decide(at('brouillon'), {
      event: 'dossier.soumettre',
      role: 'gerant_ipm',
      input: { pieces: PIECES },
    });
    expect(decision).toEqual({
      ok: true,
      next: { state: 'soumis', context: { ...application, pieces: PIECES } },
      effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
      records: [],
    });
  });

  it('gives a transition’s own effects before those of the state it enters', () => {
    const context = { ...application, pieces: PIECES, complementsDemandes: 'Fournir les statuts signés.' };
    const decision = engine.decide(at('complements_demandes', context), {
      event: 'complements.repondre',
      role: 'gerant_ipm',
      input: { reponseComplements: 'Statuts signés joints.' },
    });
    expect(decision).toEqual({
      ok: true,
      next: { state: 'soumis', context: { ...context, reponseComplements: 'Statuts signés joints.' } },
      effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['agent_ministere'] } }],
      records: [],
    });

    const asked = engine.decide(at('soumis', { ...application, pieces: PIECES }), {
      event: 'recevabilite.demanderComplements',
      role: 'agent_ministere',
      input: { complementsDemandes: 'Fournir les statuts signés.' },
    });
    expect(asked).toEqual({
      ok: true,
      next: {
        state: 'complements_demandes',
        context: { ...application, pieces: PIECES, complementsDemandes: 'Fournir les statuts signés.' },
      },
      effects: [{ name: 'notifier', params: { modele: 'action_requise', destinataires: ['gerant_ipm'] } }],
      records: [],
    });
  });

  it('lets the system expire the deadline', () => {
    expect(engine.decide(at('complements_demandes'), { event: 'delai.expirer', role: 'systeme', input: {} })).toEqual({
      ok: true,
      next: { state: 'classe_sans_suite', context: application },
      effects: [{ name: 'notifier', params: { modele: 'decision', destinataires: ['gerant_ipm'] } }],
      records: [],
    });
  });

  it('does not change the case state it was given', () => {
    const current = at('brouillon', { ...application });
    engine.decide(current, { event: 'dossier.soumettre', role: 'gerant_ipm', input: { pieces: PIECES } });
    expect(current).toEqual({ state: 'brouillon', context: application });
  });
});

describe('ProcessEngine.availableEvents', () => {
  it('lists, per state and role, the events that role may send, with their forms', () => {
    expect(engine.availableEvents('brouillon', 'gerant_ipm')).toEqual([
      {
        id: 'dossier.soumettre',
        label: 'Soumettre le dossier',
        input: agrementV1.events['dossier.soumettre']?.input,
      },
      { id: 'dossier.abandonner', label: 'Abandonner la demande', input: {} },
    ]);
    expect(engine.availableEvents('brouillon', 'agent_ministere')).toEqual([]);
    expect(engine.availableEvents('soumis', 'agent_ministere').map((e) => e.id)).toEqual([
      'recevabilite.valider',
      'recevabilite.demanderComplements',
    ]);
    expect(engine.availableEvents('soumis', 'gerant_ipm')).toEqual([]);
    expect(engine.availableEvents('complements_demandes', 'gerant_ipm').map((e) => e.id)).toEqual([
      'complements.repondre',
    ]);
    expect(engine.availableEvents('complements_demandes', 'systeme').map((e) => e.id)).toEqual(['delai.expirer']);
    expect(engine.availableEvents('en_instruction', 'directeur_ministere').map((e) => e.id)).toEqual([
      'decision.accorder',
      'decision.refuser',
    ]);
    expect(engine.availableEvents('accorde', 'directeur_ministere')).toEqual([]);
    expect(engine.availableEvents('inconnu', 'gerant_ipm')).toEqual([]);
  });

  it('names states and knows which ones end a case', () => {
    expect(engine.stateLabel('en_instruction')).toBe('En instruction');
    expect(engine.stateLabel('inconnu')).toBe('inconnu');
    expect(
      ['brouillon', 'soumis', 'accorde', 'refuse', 'classe_sans_suite', 'abandonne'].map(engine.isTerminal, engine),
    ).toEqual([false, false, true, true, true, true]);
  });
});

describe('compileMachine', () => {
  const machine = compileMachine(agrementV1 as ProcessDefinition);
  const send = (state: string, context: Record<string, unknown>, type: string, input: Record<string, unknown> = {}) =>
    transition(machine, machine.resolveState({ value: state, context }), { type, input });

  it('gives an XState machine whose transitions agree with decide', () => {
    const cases: [string, Record<string, unknown>, EventRequest][] = [
      ['brouillon', application, { event: 'dossier.soumettre', role: 'gerant_ipm', input: { pieces: PIECES } }],
      ['brouillon', application, { event: 'dossier.abandonner', role: 'gerant_ipm', input: {} }],
      ['soumis', application, { event: 'recevabilite.valider', role: 'agent_ministere', input: {} }],
      [
        'soumis',
        application,
        {
          event: 'recevabilite.demanderComplements',
          role: 'agent_ministere',
          input: { complementsDemandes: 'Liste des employeurs à jour.' },
        },
      ],
      ['complements_demandes', application, { event: 'delai.expirer', role: 'systeme', input: {} }],
      [
        'en_instruction',
        application,
        { event: 'decision.refuser', role: 'directeur_ministere', input: { motifRefus: 'Effectif insuffisant.' } },
      ],
    ];
    for (const [state, context, request] of cases) {
      const decision = engine.decide({ state, context }, request);
      if (!decision.ok) throw new Error(`refused: ${decision.message}`);
      const [next, actions] = send(state, context, request.event, request.input);
      expect(next.value).toBe(decision.next.state);
      expect(next.context).toEqual(decision.next.context);
      expect(actions.map((a) => ({ name: a.type, params: a.params }))).toEqual(decision.effects);
    }
  });

  it('stays put when the guard does not hold, as decide refuses', () => {
    const before = machine.resolveState({ value: 'brouillon', context: application });
    const [next, actions] = transition(machine, before, { type: 'dossier.soumettre', input: { pieces: ['statuts'] } });
    expect(next.value).toBe('brouillon');
    expect(actions).toEqual([]);
    expect(
      engine.decide(at('brouillon'), {
        event: 'dossier.soumettre',
        role: 'gerant_ipm',
        input: { pieces: ['statuts'] },
      }),
    ).toMatchObject({ ok: false, code: 'condition_non_remplie' });
  });

  it('marks terminal states final', () => {
    const [next] = send('en_instruction', application, 'decision.accorder', {});
    expect(next.value).toBe('accorde');
    expect(next.status).toBe('done');
  });
});

describe('validateInput', () => {
  const check = (field: FieldSchema, value: unknown) => validateInput({ champ: field }, { champ: value }).champ;

  it('text: type, length and pattern', () => {
    const text: FieldSchema = {
      type: 'text',
      label: 'NINEA',
      required: true,
      minLength: 3,
      maxLength: 9,
      pattern: { regex: '\\d+', message: 'seulement des chiffres.' },
    };
    expect(check(text, '12345')).toBeUndefined();
    expect(check(text, '')).toBe('« NINEA » est obligatoire.');
    expect(check(text, 42)).toBe('« NINEA » doit être un texte.');
    expect(check(text, '12')).toBe('« NINEA » doit compter au moins 3 caractères.');
    expect(check(text, '1234567890')).toBe('« NINEA » ne doit pas dépasser 9 caractères.');
    // The pattern must match the whole value, not a part of it.
    expect(check(text, '12a45')).toBe('« NINEA » : seulement des chiffres.');
    expect(check({ type: 'text', label: 'Note' }, 'x'.repeat(10_001))).toBe(
      '« Note » ne doit pas dépasser 10000 caractères.',
    );
    expect(check({ type: 'text', label: 'Note' }, undefined)).toBeUndefined();
  });

  it('integer: whole numbers within bounds', () => {
    const integer: FieldSchema = { type: 'integer', label: 'Effectif', min: 1, max: 5000 };
    expect(check(integer, 12)).toBeUndefined();
    expect(check(integer, 12.5)).toBe('« Effectif » doit être un nombre entier.');
    expect(check(integer, '12')).toBe('« Effectif » doit être un nombre entier.');
    expect(check(integer, 0)).toBe('« Effectif » doit être au moins 1.');
    expect(check(integer, 5001)).toBe('« Effectif » doit être au plus 5\u202f000.');
    expect(check({ type: 'integer', label: 'Écart' }, -3)).toBeUndefined();
  });

  it('montant: whole francs, never negative', () => {
    const montant: FieldSchema = { type: 'montant', label: 'Cotisation', required: true };
    expect(check(montant, 150_000)).toBeUndefined();
    expect(check(montant, 0)).toBeUndefined();
    expect(check(montant, 1500.5)).toBe('« Cotisation » doit être un montant en francs CFA, sans décimales.');
    expect(check(montant, -1)).toBe('« Cotisation » doit être au moins 0.');
    expect(check(montant, undefined)).toBe('« Cotisation » est obligatoire.');
  });

  it('boolean', () => {
    const boolean: FieldSchema = { type: 'boolean', label: 'Conforme', required: true };
    expect(check(boolean, false)).toBeUndefined();
    expect(check(boolean, 'oui')).toBe('« Conforme » doit être oui ou non.');
    expect(check(boolean, null)).toBe('« Conforme » est obligatoire.');
  });

  it('date: format and calendar', () => {
    const date: FieldSchema = { type: 'date', label: 'Date de dépôt' };
    expect(check(date, '2026-02-28')).toBeUndefined();
    expect(check(date, '2028-02-29')).toBeUndefined();
    expect(check(date, '2026-02-30')).toBe('« Date de dépôt » n’est pas une date du calendrier.');
    expect(check(date, '2026-02-29')).toBe('« Date de dépôt » n’est pas une date du calendrier.');
    expect(check(date, '2026-13-01')).toBe('« Date de dépôt » doit être une date au format AAAA-MM-JJ.');
    expect(check(date, '28/02/2026')).toBe('« Date de dépôt » doit être une date au format AAAA-MM-JJ.');
    expect(check(date, '2026-02-28T10:00:00Z')).toBe('« Date de dépôt » doit être une date au format AAAA-MM-JJ.');
  });

  it('choice: one of the options', () => {
    const choice: FieldSchema = {
      type: 'choice',
      label: 'Avis',
      options: [
        { value: 'favorable', label: 'Favorable' },
        { value: 'defavorable', label: 'Défavorable' },
      ],
    };
    expect(check(choice, 'favorable')).toBeUndefined();
    expect(check(choice, 'Favorable')).toBe('« Avis » doit être l’un de : Favorable, Défavorable.');
    expect(check(choice, ['favorable'])).toBe('« Avis » doit être l’un de : Favorable, Défavorable.');
  });

  it('multichoice: a list of options, without duplicates', () => {
    const multichoice: FieldSchema = {
      type: 'multichoice',
      label: 'Pièces',
      required: true,
      options: [
        { value: 'statuts', label: 'Statuts' },
        { value: 'effectifs', label: 'Effectifs' },
      ],
    };
    expect(check(multichoice, ['statuts', 'effectifs'])).toBeUndefined();
    expect(check(multichoice, ['statuts', 'statuts'])).toBe('« Pièces » contient des doublons.');
    expect(check(multichoice, ['statuts', 'bilan'])).toBe('« Pièces » doit être une liste parmi : Statuts, Effectifs.');
    expect(check(multichoice, 'statuts')).toBe('« Pièces » doit être une liste parmi : Statuts, Effectifs.');
    expect(check(multichoice, [])).toBe('« Pièces » est obligatoire.');
  });

  it('refuses unknown fields and input that is not an object', () => {
    expect(validateInput(undefined, {})).toEqual({});
    expect(validateInput(undefined, undefined)).toEqual({});
    expect(validateInput(undefined, { a: 1 })).toEqual({
      a: 'Champ inconnu « a » : il ne fait pas partie de ce formulaire.',
    });
    expect(validateInput({}, ['a'])).toEqual({ _: 'La saisie doit être un objet de champs.' });
    expect(validateInput({}, 'a')).toEqual({ _: 'La saisie doit être un objet de champs.' });
  });
});

describe('durations', () => {
  it('reads ISO 8601 durations in milliseconds', () => {
    expect(durationMs('P30D')).toBe(30 * 24 * 3600 * 1000);
    expect(durationMs('P2W')).toBe(14 * 24 * 3600 * 1000);
    expect(durationMs('PT12H')).toBe(12 * 3600 * 1000);
    expect(durationMs('PT10S')).toBe(10_000);
    expect(durationMs('PT1.5S')).toBe(1500);
    expect(durationMs('P1DT2H30M')).toBe((24 * 3600 + 2 * 3600 + 30 * 60) * 1000);
  });

  it('refuses anything else, with a French message', () => {
    const expected = (d: string) => `durée invalide « ${d} » : attendu une durée ISO 8601 comme P30D, PT12H ou PT10S`;
    for (const d of ['P', 'PT', 'P1DT', '30D', 'p30d', 'PT-5S', '']) {
      expect(() => durationMs(d), d).toThrow(expected(d));
    }
    // Calendar terms have no fixed length: a step's delay cannot use them.
    for (const d of ['P1M', 'P1Y', 'P1Y2M10D']) {
      expect(() => durationMs(d), d).toThrow(
        `durée invalide « ${d} » : un délai se compte en semaines, jours, heures, minutes ou secondes (P30D, PT12H) ; ` +
          'les années et les mois ne servent qu’aux durées de validité',
      );
    }
    expect(() => durationMs('P0D')).toThrow('durée invalide « P0D » : elle doit être positive');
    expect(() => durationMs('PT0.0001S')).toThrow('durée invalide « PT0.0001S » : elle doit être positive');
    expect(isValidDuration('P15D')).toBe(true);
    expect(isValidDuration('P0D')).toBe(false);
    expect(isValidDuration(15)).toBe(false);
  });

  it('parses duration overrides, comma or semicolon separated', () => {
    expect(parseDurationOverrides('')).toEqual({});
    expect(parseDurationOverrides(' agrement.delaiComplements=PT10S, agrement.instruction = P5D ;')).toEqual({
      'agrement.delaiComplements': 'PT10S',
      'agrement.instruction': 'P5D',
    });
    expect(parseDurationOverrides('agrement.a=PT1S;remboursement-soins.b=PT2M')).toEqual({
      'agrement.a': 'PT1S',
      'remboursement-soins.b': 'PT2M',
    });
  });

  it('refuses malformed overrides, naming the item', () => {
    const expected = (item: string) =>
      `« ${item} » : attendu processus.nomDeLaDurée=DURÉE, par exemple agrement.delaiComplements=PT10S`;
    for (const item of [
      'delaiComplements=PT10S',
      'agrement.delai',
      'agrement.delai=',
      'a.b=PT1S=PT2S',
      'Agrement.x=P1D',
    ]) {
      expect(() => parseDurationOverrides(`agrement.instruction=P5D, ${item}`), item).toThrow(expected(item));
    }
    expect(() => parseDurationOverrides('agrement.instruction=5 jours')).toThrow(
      'durée invalide « 5 jours » : attendu une durée ISO 8601 comme P30D, PT12H ou PT10S',
    );
  });
});
