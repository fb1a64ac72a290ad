import { type CalculationImplementation, isFilled, isName, listParamsProblem } from '../calculations.ts';
import { readDay } from '../calendar.ts';
import { type FieldName, typed } from '../define.ts';
import { endSlippage, plannedDates } from './schedule.ts';

// The portfolio's own calculation: how far a project's end has slipped, from its plan and its reports.

export const PORTFOLIO_CALCULATIONS = {
  glissementFin: typed<{ debut: FieldName; mois: FieldName; fins: readonly FieldName[] }>()({
    description:
      'Le glissement de la fin d’un projet, en mois et jours : la première date remplie parmi `fins` (la fin ' +
      'réelle, sinon la fin prévue par le dernier rapport) contre la fin prévue au plan, du mois du champ `debut` ' +
      '(AAAA-MM) pour le nombre de mois du champ `mois`. Vide quand l’une ou l’autre manque.',
    checkParams: (p) =>
      listParamsProblem(p, ['debut', 'mois']) ??
      (Array.isArray(p.fins) && p.fins.length > 0 && p.fins.every(isName)
        ? undefined
        : 'fins doit être une liste non vide de champs date'),
    compute: ({ context, params }) => {
      const start = context[String(params.debut)];
      const months = context[String(params.mois)];
      const planned = plannedDates({
        start: typeof start === 'string' ? start : null,
        durationMonths: typeof months === 'number' ? months : null,
      });
      const end = (params.fins as string[]).map((name) => context[name]).find(isFilled);
      if (!planned?.endDay || typeof end !== 'string' || readDay(end) === null) return null;
      return endSlippage(planned.endDay, end).label;
    },
  }),
} satisfies Record<string, CalculationImplementation>;
