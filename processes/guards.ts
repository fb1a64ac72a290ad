import type { JsonValue } from './model.ts';

// Guards named by definitions. Pure and deterministic: they run inside workflow code, in the update
// validator, so an event whose guard fails is refused before it enters the case's history.
// Changing what a guard decides changes running cases: add a new guard name instead.

export interface GuardArgs {
  /** The case's data before the event. */
  context: Record<string, unknown>;
  /** The event's input. */
  input: Record<string, unknown>;
  params: Record<string, JsonValue>;
  /** The French label of a choice value, for refusal messages; defaults to the value itself. */
  labelOf?: (field: string, value: string) => string;
}

export interface GuardImplementation {
  /** What the guard requires, for the process checker and the documentation. */
  description: string;
  /** A reason when the parameters are wrong, checked by `processes:check`. */
  checkParams(params: Record<string, JsonValue>): string | undefined;
  holds(args: GuardArgs): boolean;
  /** The French reason shown when the guard refuses the event. */
  refusal(args: GuardArgs): string;
}

/** The value of a field after the event: its input wins over the case's data. */
const valueAfter = ({ context, input }: GuardArgs, field: string): unknown =>
  Object.hasOwn(input, field) ? input[field] : context[field];

const missingValues = (args: GuardArgs): string[] => {
  const present = valueAfter(args, String(args.params.champ));
  const list = Array.isArray(present) ? present : [];
  return (args.params.valeurs as string[]).filter((v) => !list.includes(v));
};

export const GUARDS = {
  listeComplete: {
    description: 'Le champ à choix multiples `champ` contient toutes les `valeurs` (par exemple les pièces requises).',
    checkParams: (p) =>
      typeof p.champ === 'string' && Array.isArray(p.valeurs) && p.valeurs.every((v) => typeof v === 'string')
        ? undefined
        : 'attend { champ: texte, valeurs: [textes] }',
    holds: (args) => missingValues(args).length === 0,
    refusal: (args) => {
      const label = (v: string) => args.labelOf?.(String(args.params.champ), v) ?? v;
      return `Éléments manquants : ${missingValues(args).map(label).join(', ')}.`;
    },
  },
} satisfies Record<string, GuardImplementation>;

export type GuardName = keyof typeof GUARDS;

export const isGuardName = (name: string): name is GuardName => Object.hasOwn(GUARDS, name);
