import { describe, expect, it } from 'vitest';
import { stateAlarms } from '../processes/alarms.ts';
import { ALL_CALCULATIONS } from '../processes/calculations.ts';
import { addDuration } from '../processes/calendar.ts';
import { checkDefinition } from '../processes/check.ts';
import { calculate } from '../processes/compile.ts';
import { ProcessEngine } from '../processes/engine.ts';
import { validateInput } from '../processes/fields.ts';
import agrementV3 from '../processes/licensing/agrement/v3.ts';
import agrementV4 from '../processes/licensing/agrement/v4.ts';
import licenceV1 from '../processes/licensing/licence/v1.ts';
import { checkMigration } from '../processes/migration.ts';
import type { ProcessDefinition } from '../processes/model.ts';
import { DEFINITIONS } from '../processes/registry.ts';
import { parseSettingOverrides, resolveSettings, SETTINGS } from '../processes/settings.ts';

// The engine's pure parts added for licensing: calendar validity periods, settings, guards that read
// them, computed data, timers at dates with several warnings, checklists of documents, moves between
// versions, and what the checker says of each.

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('addDuration', () => {
  it('counts years and months on the calendar, the rest exactly', () => {
    expect(iso(addDuration(at('2026-11-29T10:15:00Z'), 'P5Y'))).toBe('2031-11-29T10:15:00.000Z');
    expect(iso(addDuration(at('2028-02-29T00:00:00Z'), 'P1Y'))).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(addDuration(at('2027-01-31T00:00:00Z'), 'P1M'))).toBe('2027-02-28T00:00:00.000Z');
    expect(iso(addDuration(at('2027-11-30T00:00:00Z'), 'P3M'))).toBe('2028-02-29T00:00:00.000Z');
    expect(iso(addDuration(at('2026-11-29T10:15:00Z'), 'P1Y2M3DT4H'))).toBe('2028-02-01T14:15:00.000Z');
    expect(addDuration(at('2026-11-29T10:15:00Z'), 'PT12S') - at('2026-11-29T10:15:00Z')).toBe(12_000);
  });
});

describe('settings', () => {
  it('reads overrides of the catalogue, each of its type, and refuses anything else by name', () => {
    expect(parseSettingOverrides('effectifMinimumIpmEntreprise=500; dureeValiditeAgrement=P3Y')).toEqual({
      effectifMinimumIpmEntreprise: 500,
      dureeValiditeAgrement: 'P3Y',
    });
    expect(() => parseSettingOverrides('effectifMinimum=500')).toThrow(
      `réglage inconnu « effectifMinimum » (connus : ${Object.keys(SETTINGS).join(', ')})`,
    );
    expect(() => parseSettingOverrides('effectifMinimumIpmEntreprise=trois cents')).toThrow(
      'effectifMinimumIpmEntreprise : doit être un nombre entier',
    );
    expect(() => parseSettingOverrides('effectifMinimumIpmEntreprise=0')).toThrow('doit être au moins 1');
    expect(() => parseSettingOverrides('dureeValiditeAgrement=5 ans')).toThrow('doit être une durée ISO 8601');
    expect(
      resolveSettings(['effectifMinimumIpmEntreprise', 'dureeValiditeAgrement'], { dureeValiditeAgrement: 'P3Y' }),
    ).toEqual({ effectifMinimumIpmEntreprise: 300, dureeValiditeAgrement: 'P3Y' });
  });

  it('are what the minimum headcount guard compares to, per case', () => {
    const draft = {
      state: 'brouillon',
      context: {
        denomination: 'IPM',
        typeIpm: 'entreprise',
        adresseSiege: 'Dakar',
        effectif: 250,
        nombreEntreprises: 1,
        entreprisesAdherentes: 'A',
        gouvernance: 'CA',
        cotisationsAnnuelles: 1,
        prestationsAnnuelles: 1,
        pieces: Object.fromEntries(
          ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'].map((p) => [
            p,
            `d-${p}`,
          ]),
        ),
      },
    };
    const submit = { event: 'dossier.soumettre', role: 'gerant_ipm' as const, input: {}, at: 0 };
    const strict = new ProcessEngine(agrementV4, { settings: { effectifMinimumIpmEntreprise: 300 } });
    const lenient = new ProcessEngine(agrementV4, { settings: { effectifMinimumIpmEntreprise: 200 } });
    expect(strict.decide(draft, submit)).toMatchObject({
      ok: false,
      code: 'condition_non_remplie',
      message: expect.stringContaining('Une IPM d’entreprise doit couvrir au moins 300 salariés'),
    });
    expect(lenient.decide(draft, submit)).toMatchObject({ ok: true, next: { state: 'soumis' } });
    // The threshold applies to an IPM d’entreprise only.
    expect(
      strict.decide({ ...draft, context: { ...draft.context, typeIpm: 'interentreprises' } }, submit),
    ).toMatchObject({
      ok: true,
    });
  });
});

describe('computed data', () => {
  it('records the moment of the grant and an end of validity counted from the latest start', () => {
    const settings = { dureeValiditeAgrement: 'P5Y' };
    const now = at('2026-11-29T08:00:00Z');
    expect(
      calculate(
        {
          debutValidite: { name: 'instant' },
          finValidite: { name: 'echeance', params: { depuis: ['instant'], duree: 'dureeValiditeAgrement' } },
        },
        {},
        settings,
        now,
      ),
    ).toEqual({ debutValidite: '2026-11-29T08:00:00.000Z', finValidite: '2031-11-29T08:00:00.000Z' });
    const renewal = {
      name: 'echeance',
      params: { depuis: ['finValidite', 'instant'], duree: 'dureeValiditeAgrement' },
    };
    // Renewed before its end: from the end. After it: from today.
    expect(calculate({ fin: renewal }, { finValidite: '2027-03-01T00:00:00.000Z' }, settings, now)).toEqual({
      fin: '2032-03-01T00:00:00.000Z',
    });
    expect(calculate({ fin: renewal }, { finValidite: '2025-03-01T00:00:00.000Z' }, settings, now)).toEqual({
      fin: '2031-11-29T08:00:00.000Z',
    });
  });
});

describe('timers at dates', () => {
  const durations = {
    premierRappelRenouvellement: 180 * 86_400_000,
    deuxiemeRappelRenouvellement: 90 * 86_400_000,
    dernierRappelRenouvellement: 30 * 86_400_000,
  };
  const entered = at('2026-11-29T00:00:00Z');

  it('fire at the instant a field holds, after a warning at each lead time still to come', () => {
    const end = '2031-11-29T08:00:00.000Z';
    const alarms = stateAlarms(licenceV1, 'en_vigueur', entered, durations, { finValidite: end });
    expect(alarms.map((a) => [a.id, iso(a.at), a.kind === 'notify' ? a.notification : a.event])).toEqual([
      ['avertissement:0:0', '2031-06-02T08:00:00.000Z', 'licence_expire'],
      ['avertissement:0:1', '2031-08-31T08:00:00.000Z', 'licence_expire'],
      ['avertissement:0:2', '2031-10-30T08:00:00.000Z', 'licence_expire'],
      ['evenement:0', end, 'licence.expirer'],
    ]);
    // A lead time already past when the case entered the state is not rung late.
    const soon = stateAlarms(licenceV1, 'en_vigueur', entered, durations, { finValidite: '2027-01-10T00:00:00.000Z' });
    expect(soon.map((a) => a.id)).toEqual(['avertissement:0:2', 'evenement:0']);
  });

  it('take a date alone as the end of that day, and arm nothing while the field is empty', () => {
    const suspended = stateAlarms(licenceV1, 'suspendu', entered, durations, {
      finSuspension: '2026-12-15',
      finValidite: '2031-11-29T08:00:00.000Z',
    });
    expect(suspended.map((a) => [a.id, iso(a.at)])).toEqual([
      ['evenement:0', '2026-12-16T00:00:00.000Z'],
      ['evenement:1', '2031-11-29T08:00:00.000Z'],
    ]);
    expect(
      stateAlarms(licenceV1, 'suspendu', entered, durations, { finValidite: '2031-11-29T08:00:00.000Z' }).map(
        (a) => a.id,
      ),
    ).toEqual(['evenement:1']);
  });
});

describe('a checklist of documents', () => {
  const field = { pieces: agrementV3.events['pieces.deposer']?.input?.pieces ?? { type: 'text' as const, label: '' } };

  it('takes document ids for known items only', () => {
    expect(validateInput(field, { pieces: { statuts: 'c0ffee00-0000-4000-8000-000000000001' } })).toEqual({});
    expect(validateInput(field, { pieces: { bilan: 'x' } })).toEqual({
      pieces:
        '« Pièces du dossier » : pièce inconnue ; les pièces sont : Statuts de l’IPM, Liste des entreprises adhérentes, ' +
        'État des effectifs salariés, Projections financières, Procès-verbal de constitution des organes de gouvernance.',
    });
    expect(validateInput(field, { pieces: { statuts: 'a b' } })).toEqual({
      pieces: '« Pièces du dossier » : chaque pièce doit désigner un document déposé dans le dossier.',
    });
    expect(validateInput(field, { pieces: {} })).toEqual({ pieces: '« Pièces du dossier » est obligatoire.' });
  });

  it('adds what an event brings to what the case holds, an item replaced by its new document', () => {
    const engine = new ProcessEngine(agrementV3);
    const held = { state: 'brouillon', context: { pieces: { statuts: 'd-1', effectifs: 'd-2' } } };
    const decision = engine.decide(held, {
      event: 'pieces.deposer',
      role: 'gerant_ipm',
      input: { pieces: { statuts: 'd-3', gouvernance: 'd-4' } },
      at: 0,
    });
    expect(decision).toMatchObject({
      ok: true,
      next: { state: 'brouillon', context: { pieces: { statuts: 'd-3', effectifs: 'd-2', gouvernance: 'd-4' } } },
    });
  });
});

describe('moving a case between versions', () => {
  const identity = Object.fromEntries(Object.keys(agrementV3.states).map((s) => [s, s]));

  it('plans the move of a mapped state, carrying the timers that already fired', () => {
    expect(checkMigration(agrementV3, agrementV4, identity, 'complements_demandes', [0])).toEqual({
      ok: true,
      plan: { target: 'complements_demandes', firedTimers: [0] },
    });
  });

  it('refuses, with every reason, what would lose a pending timer or close an open case', () => {
    expect(
      checkMigration(agrementV3, agrementV4, { ...identity, complements_demandes: 'refuse' }, 'complements_demandes'),
    ).toEqual({
      ok: false,
      problems: [
        '« Compléments demandés » ne peut pas devenir un état final (« Agrément refusé ») : le dossier serait clos.',
        'La minuterie « Expiration du délai de réponse » de l’état « Compléments demandés » est en cours : ' +
          'l’état « Agrément refusé » de la version 4 ne l’a pas, elle serait perdue.',
      ],
    });
    expect(checkMigration(agrementV3, licenceV1 as ProcessDefinition, {}, 'brouillon').ok).toBe(false);
    expect(checkMigration(agrementV3, agrementV3, identity, 'brouillon')).toMatchObject({
      ok: false,
      problems: ['Le dossier est déjà en version 3.'],
    });
  });
});

describe('the checker, on the new parts of a definition', () => {
  const broken = (change: (d: ProcessDefinition) => void): string[] => {
    const copy = structuredClone(licenceV1) as ProcessDefinition;
    change(copy);
    return checkDefinition(copy, 'licence.json', DEFINITIONS);
  };

  it('accepts the deployed definitions, links between processes included', () => {
    for (const definition of DEFINITIONS) expect(checkDefinition(definition, 'x', DEFINITIONS)).toEqual([]);
  });

  it('names a timer at an unknown field, a setting not declared, an unknown calculation', () => {
    expect(
      broken((d) => {
        const state = d.states.en_vigueur;
        if (state?.timers?.[0]) state.timers[0] = { at: 'finDeValidite', event: 'licence.expirer' };
        const suspended = d.states.suspendu?.on?.['licence.retablir'];
        if (suspended && !Array.isArray(suspended)) suspended.set = { fin: { name: 'prolonger' } };
        const suspend = d.states.en_vigueur?.on?.['licence.suspendre'];
        if (suspend && !Array.isArray(suspend))
          suspend.guard = {
            name: 'seuilMinimum',
            params: { champ: 'effectif', reglage: 'effectifMinimumIpmEntreprise', motif: 'Au moins {seuil}.' },
          };
      }),
    ).toEqual([
      'licence.json [état en_vigueur] : le réglage « effectifMinimumIpmEntreprise » doit figurer dans settings',
      'licence.json [état en_vigueur] : minuterie : at nomme un champ inconnu « finDeValidite »',
      `licence.json [état suspendu] : « licence.retablir » : set.fin : calcul inconnu « prolonger » (connus : ${Object.keys(ALL_CALCULATIONS).join(', ')})`,
    ]);
  });

  it('names a linked case of an unknown process, and an event no process expects from a linked case', () => {
    expect(
      broken((d) => {
        const ask = d.states.en_vigueur?.on?.['renouvellement.demander'];
        if (ask && !Array.isArray(ask))
          ask.effects = [
            { name: 'ouvrir_dossier', params: { processus: 'reconduction' } },
            { name: 'transmettre', params: { vers: 'parent', evenement: 'licence.prolonger' } },
          ];
      }),
    ).toEqual([
      'licence.json [état en_vigueur] : « renouvellement.demander » : effet ouvrir_dossier : processus inconnu « reconduction »',
      'licence.json [état en_vigueur] : « renouvellement.demander » : effet transmettre : aucun processus n’attend « licence.prolonger » d’un dossier lié (fromLinkedCase)',
    ]);
  });
});
