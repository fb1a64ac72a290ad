import type { CalculationImplementation } from '../calculations.ts';
import { dakarDay, dayStartOf, startOfDay } from '../calendar.ts';
import { type FieldName, typed } from '../define.ts';
import type { EffectSpec } from '../effects.ts';
import type { GuardImplementation } from '../guards.ts';

// The rules the `referentiel` process names besides the engine's. A version comes into force at the
// start of its first day (Dakar, UTC), not at its end as a date-only timer would fire: the process keeps
// that instant in a field of its own for its timer. Today is allowed (the engine's `dateFuture` is not).

const field = (p: Record<string, unknown>) => (typeof p.champ === 'string' ? undefined : 'attend { champ: texte }');

export const REFERENTIAL_GUARDS = {
  dateNonPassee: typed<{ champ: FieldName }>()({
    description: 'Le champ date `champ` est rempli et n’est pas avant le jour de l’événement (aujourd’hui est permis).',
    checkParams: field,
    holds: ({ input, context, params, now }) => {
      const name = String(params.champ);
      const day = dayStartOf(Object.hasOwn(input, name) ? input[name] : context[name]);
      return day !== null && day >= startOfDay(now);
    },
    refusal: ({ params, fieldLabel, now }) => {
      const name = String(params.champ);
      const today = dakarDay(new Date(now)).split('-').reverse().join('/');
      return `« ${fieldLabel?.(name) ?? name} » ne peut pas être passée : choisissez aujourd’hui (${today}) ou une date à venir.`;
    },
  }) satisfies GuardImplementation,
} as const;

export const REFERENTIAL_CALCULATIONS = {
  debutDuJour: typed<{ champ: FieldName }>()({
    description: 'Le début (minuit, heure de Dakar) du jour que tient le champ date `champ`.',
    checkParams: field,
    compute: ({ context, params }) => {
      const day = dayStartOf(context[String(params.champ)]);
      return day === null ? null : new Date(day).toISOString();
    },
  }) satisfies CalculationImplementation,
} as const;

const noParams = (p: Record<string, unknown>) => (Object.keys(p).length === 0 ? undefined : 'n’attend aucun paramètre');

// Each applies a step of services/referentials/lifecycle.ts to the case's version; the service checked
// who acts and the overlap before the event, the lifecycle checks again in its transaction.
export const REFERENTIAL_EFFECTS = {
  programmer_version: typed<Record<never, never>>()({
    awaited: true,
    description:
      'Approuve la version du dossier si elle ne l’est pas, puis la programme (ou la reporte) au jour saisi par l’événement.',
    checkParams: noParams,
  }),
  rejeter_version: typed<Record<never, never>>()({
    awaited: true,
    description: 'Rejette la version du dossier avec le motif saisi par l’événement.',
    checkParams: noParams,
  }),
  annuler_version: typed<Record<never, never>>()({
    awaited: true,
    description: 'Annule la version programmée du dossier : la version en vigueur continue.',
    checkParams: noParams,
  }),
  activer_version: typed<Record<never, never>>()({
    description:
      'Met en vigueur la version du dossier (la précédente est archivée, « remplacée ») et en informe par message ' +
      'les gérants d’IPM et les agents des prestataires, avec le résumé des changements.',
    checkParams: noParams,
  }),
} satisfies Record<string, EffectSpec>;
