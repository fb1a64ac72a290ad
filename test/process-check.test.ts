import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDefinition } from '../processes/check.ts';
import { ALL_EFFECTS, NOTIFICATION_KINDS } from '../processes/effects.ts';
import { ALL_GUARDS } from '../processes/guards.ts';
import agrementV1 from '../processes/licensing/agrement/v1.ts';
import type { EventDefinition, ProcessDefinition, StateDefinition } from '../processes/model.ts';
import { DEFINITIONS } from '../processes/registry.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FILE = 'processes/licensing/agrement/v1.ts';

/** A deep copy of agrément v1 that a test may break without touching the registry's object. */
const agrement = (): ProcessDefinition => structuredClone(agrementV1) as ProcessDefinition;

const stateOf = (definition: ProcessDefinition, id: string): StateDefinition => {
  const state = definition.states[id];
  if (!state) throw new Error(`no state ${id}`);
  return state;
};

const eventOf = (definition: ProcessDefinition, id: string): EventDefinition => {
  const event = definition.events[id];
  if (!event) throw new Error(`no event ${id}`);
  return event;
};

/** Checks a broken copy of agrément v1. */
const problemsOf = (breakIt: (d: ProcessDefinition) => void): string[] => {
  const definition = agrement();
  breakIt(definition);
  return checkDefinition(definition, FILE);
};

/** Runs the checker as `npm run processes:check` does; npm's own warnings about the machine's npmrc are dropped. */
const runCli = (args: string[] = []) => {
  const run = spawnSync('npx', ['tsx', 'processes/cli-check.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
  const stderr = run.stderr
    .split('\n')
    .filter((line) => !line.startsWith('npm warn '))
    .join('\n');
  return { status: run.status, stdout: run.stdout, stderr };
};

describe('the deployed definitions', () => {
  it('has at least the agrément v1 definition in the registry', () => {
    expect(DEFINITIONS).toContain(agrementV1);
  });

  it.each(DEFINITIONS.map((d) => [`${d.id} v${d.version}`, d] as const))('%s passes every check', (_, definition) => {
    expect(checkDefinition(definition, `processes/${definition.id}/v${definition.version}.ts`)).toEqual([]);
  });

  it('leaves agrément v1 itself untouched when a copy is broken', () => {
    problemsOf((d) => {
      stateOf(d, 'brouillon').on = {};
    });
    expect(checkDefinition(agrementV1, FILE)).toEqual([]);
  });

  it('`npm run processes:check` exits 0 and says how many definitions it checked', () => {
    const run = runCli();
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(`${DEFINITIONS.length} définition(s) de processus vérifiée(s) : aucun problème.`);
  }, 60_000);
});

describe('checkDefinition finds each kind of mistake, naming the file and the place', () => {
  it('a transition to an unknown state', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'brouillon').on = {
        'dossier.soumettre': stateOf(d, 'brouillon').on?.['dossier.soumettre'] ?? [],
        'dossier.abandonner': { target: 'abandonnee' },
      };
    });
    expect(problems).toEqual([
      `${FILE} [état brouillon] : « dossier.abandonner » mène à un état inconnu « abandonnee »`,
      // The state it should have led to is now out of reach.
      `${FILE} [état abandonne] : inatteignable depuis l’état initial`,
    ]);
  });

  it('an unreachable state', () => {
    const problems = problemsOf((d) => {
      d.states.archive = { label: 'Archivé', terminal: true };
    });
    expect(problems).toEqual([`${FILE} [état archive] : inatteignable depuis l’état initial`]);
  });

  it('a non-terminal state with no way out', () => {
    const problems = problemsOf((d) => {
      delete stateOf(d, 'accorde').terminal;
    });
    expect(problems).toEqual([
      `${FILE} [état accorde] : état non terminal sans aucune sortie : un dossier y resterait bloqué`,
    ]);
  });

  it('a terminal state with transitions', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'refuse').on = { 'decision.accorder': { target: 'accorde' } };
    });
    expect(problems).toEqual([
      `${FILE} [état refuse] : un état terminal ne peut pas avoir de transitions ni de minuteries`,
    ]);
  });

  it('a terminal state with a timer', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'classe_sans_suite').timers = [{ after: 'delaiComplements', event: 'delai.expirer' }];
    });
    expect(problems).toContain(
      `${FILE} [état classe_sans_suite] : un état terminal ne peut pas avoir de transitions ni de minuteries`,
    );
  });

  it('an event no role may send', () => {
    const problems = problemsOf((d) => {
      eventOf(d, 'dossier.abandonner').roles = [];
    });
    expect(problems).toEqual([`${FILE} [événement dossier.abandonner] : aucun rôle ne peut envoyer cet événement`]);
  });

  it('a system event that no timer sends', () => {
    const problems = problemsOf((d) => {
      delete stateOf(d, 'complements_demandes').timers;
    });
    expect(problems).toEqual([
      `${FILE} [événement delai.expirer] : réservé au système mais aucune minuterie ne l’envoie (ni un dossier lié : fromLinkedCase)`,
    ]);
  });

  it('an unknown guard', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'brouillon').on = {
        'dossier.soumettre': { target: 'soumis', guard: { name: 'piecesCompletes' } },
        'dossier.abandonner': { target: 'abandonne' },
      };
    });
    expect(problems).toEqual([
      `${FILE} [état brouillon] : « dossier.soumettre » : condition inconnue « piecesCompletes » (connues : ${Object.keys(ALL_GUARDS).join(', ')})`,
    ]);
  });

  it('a guard with wrong parameters', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'brouillon').on = {
        'dossier.soumettre': { target: 'soumis', guard: { name: 'listeComplete', params: { champ: 'pieces' } } },
        'dossier.abandonner': { target: 'abandonne' },
      };
    });
    expect(problems).toEqual([
      `${FILE} [état brouillon] : « dossier.soumettre » : condition listeComplete : attend { champ: texte, valeurs: [textes] }`,
    ]);
  });

  it('a guard whose values are not all texts', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'brouillon').on = {
        'dossier.soumettre': {
          target: 'soumis',
          guard: { name: 'listeComplete', params: { champ: 'pieces', valeurs: ['statuts', 3] } },
        },
        'dossier.abandonner': { target: 'abandonne' },
      };
    });
    expect(problems).toEqual([
      `${FILE} [état brouillon] : « dossier.soumettre » : condition listeComplete : attend { champ: texte, valeurs: [textes] }`,
    ]);
  });

  it('an unknown effect on entering a state', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'soumis').entry = [{ name: 'envoyerSms', params: { destinataires: ['agent_ministere'] } }];
    });
    expect(problems).toEqual([
      `${FILE} [état soumis] : effet inconnu « envoyerSms » (connus : ${Object.keys(ALL_EFFECTS).join(', ')})`,
    ]);
  });

  it('an effect with wrong parameters, on entry and on a transition', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'soumis').entry = [
        { name: 'notifier', params: { modele: 'rappel', destinataires: ['agent_ministere'] } },
      ];
      stateOf(d, 'en_instruction').on = {
        'decision.accorder': {
          target: 'accorde',
          effects: [{ name: 'notifier', params: { modele: 'decision', destinataires: [] } }],
        },
        'decision.refuser': {
          target: 'refuse',
          effects: [{ name: 'notifier', params: { modele: 'decision', destinataires: ['gerant'] } }],
        },
      };
    });
    expect(problems).toEqual([
      `${FILE} [état soumis] : effet notifier : modele doit être l’un de : ${Object.keys(NOTIFICATION_KINDS).join(', ')}`,
      `${FILE} [état en_instruction] : « decision.accorder » : effet notifier : destinataires doit être une liste non vide de rôles`,
      `${FILE} [état en_instruction] : « decision.refuser » : effet notifier : destinataires doit être une liste non vide de rôles`,
    ]);
  });

  it('a document effect naming an unknown template or an unknown parameter', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'soumis').entry = [
        { name: 'generer_document', params: { modele: 'attestation' } },
        { name: 'generer_document', params: { modele: 'lettre_refus', copie: true } },
        { name: 'generer_document', params: { modele: 'decision_agrement' } },
      ];
    });
    expect(problems).toEqual([
      `${FILE} [état soumis] : effet generer_document : modele doit être l’un de : demande_complements, decision_agrement, lettre_refus, decision_renouvellement, refus_renouvellement, decision_suspension, decision_retrait, mise_en_demeure`,
      `${FILE} [état soumis] : effet generer_document : paramètre inconnu : copie`,
    ]);
  });

  it('a duration that is not ISO 8601', () => {
    const problems = problemsOf((d) => {
      d.durations = { ...d.durations, instruction: { label: 'Instruction technique', default: '45 jours' } };
    });
    expect(problems).toEqual([
      `${FILE} [durations.instruction] : durée invalide « 45 jours » (attendu ISO 8601, ex. P30D, PT12H)`,
    ]);
  });

  it('a zero duration', () => {
    const problems = problemsOf((d) => {
      d.durations = { ...d.durations, instruction: { label: 'Instruction technique', default: 'P0D' } };
    });
    expect(problems).toEqual([
      `${FILE} [durations.instruction] : durée invalide « P0D » (attendu ISO 8601, ex. P30D, PT12H)`,
    ]);
  });

  it('a timer naming an unknown duration', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'complements_demandes').timers = [{ after: 'delaiReponse', event: 'delai.expirer' }];
    });
    expect(problems).toEqual([`${FILE} [état complements_demandes] : minuterie : durée inconnue « delaiReponse »`]);
  });

  it('a state naming an unknown target duration', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'soumis').targetDuration = 'recevabilite';
    });
    expect(problems).toEqual([`${FILE} [état soumis] : targetDuration nomme une durée inconnue « recevabilite »`]);
  });

  it('a timer whose event is not reserved to the system', () => {
    const problems = problemsOf((d) => {
      eventOf(d, 'delai.expirer').roles = ['systeme', 'agent_ministere'];
    });
    expect(problems).toEqual([
      `${FILE} [état complements_demandes] : minuterie : l’événement « delai.expirer » doit être réservé au rôle systeme`,
    ]);
  });

  it('a timer whose event the state does not accept', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'en_instruction').timers = [{ after: 'instruction', event: 'delai.expirer' }];
    });
    expect(problems).toEqual([
      `${FILE} [état en_instruction] : minuterie : l’état n’a pas de transition pour « delai.expirer »`,
    ]);
  });

  it('an unknown initial state', () => {
    const problems = problemsOf((d) => {
      d.initial = 'depot';
    });
    // Only the cause: every state being unreachable from a missing initial state would be noise.
    expect(problems).toEqual([`${FILE} : état initial inconnu « depot »`]);
  });

  it('an unknown role, among those who open a case and those who send an event', () => {
    const problems = problemsOf((d) => {
      d.startRoles = ['gerant_ipm', 'directeur' as never];
      eventOf(d, 'recevabilite.valider').roles = ['agent_ministre' as never];
    });
    expect(problems).toEqual([
      `${FILE} : rôle inconnu « directeur » dans startRoles`,
      `${FILE} [événement recevabilite.valider] : rôle inconnu « agent_ministre »`,
    ]);
  });

  it('an event unknown to the definition, accepted by a state', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'en_instruction').on = {
        ...stateOf(d, 'en_instruction').on,
        'decision.ajourner': { target: 'soumis' },
      };
    });
    expect(problems).toEqual([`${FILE} [état en_instruction] : événement inconnu « decision.ajourner »`]);
  });

  it('an unguarded alternative before the last one', () => {
    const problems = problemsOf((d) => {
      stateOf(d, 'soumis').on = {
        ...stateOf(d, 'soumis').on,
        'recevabilite.valider': [{ target: 'en_instruction' }, { target: 'refuse' }],
      };
    });
    expect(problems).toEqual([
      `${FILE} [état soumis] : « recevabilite.valider » : seule la dernière alternative peut être sans condition (guard)`,
    ]);
  });
});

describe('the processes:check command on a broken JSON definition', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-check-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 1, naming the file and the problem', () => {
    const broken = agrement();
    stateOf(broken, 'soumis').on = {
      ...stateOf(broken, 'soumis').on,
      'recevabilite.valider': { target: 'instruction' },
    };
    const file = path.join(dir, 'agrement-casse.json');
    writeFileSync(file, JSON.stringify(broken, null, 2));

    const run = runCli([file]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      '4 problème(s) dans les définitions de processus :\n' +
        `  - ${file} [état soumis] : « recevabilite.valider » mène à un état inconnu « instruction »\n` +
        // What only the lost state led to is out of reach too.
        `  - ${file} [état en_instruction] : inatteignable depuis l’état initial\n` +
        `  - ${file} [état accorde] : inatteignable depuis l’état initial\n` +
        `  - ${file} [état refuse] : inatteignable depuis l’état initial\n`,
    );
  }, 60_000);

  it('exits 0 on a valid JSON definition, counting it', () => {
    const file = path.join(dir, 'agrement-v1.json');
    writeFileSync(file, JSON.stringify(agrementV1));
    const run = runCli([file]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      `${DEFINITIONS.length + 1} définition(s) de processus vérifiée(s) : aucun problème.`,
    );
  }, 60_000);
});
