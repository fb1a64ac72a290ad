import type { CALCULATIONS } from '../calculations.ts';
import { type FieldName, typed } from '../define.ts';
import type { EFFECTS, EffectSpec } from '../effects.ts';
import type { GUARDS, GuardArgs, GuardImplementation } from '../guards.ts';
import { isSettingName, SETTINGS, type SettingName } from '../settings.ts';

// The `pec` process's own rules. The guards decide, inside the workflow, where the pre-checks'
// answer leads (the service wrote it into the case's data at the opening): granted at once under the
// ceiling of the settings, to the medical adviser when the care package asks for one, otherwise to an
// IPM agent. The effect issues the PEC's number and writes its letter (services/pec/letter.ts).

const valueAfter = ({ context, input }: GuardArgs, field: string): unknown =>
  Object.hasOwn(input, field) ? input[field] : context[field];

const french = new Intl.NumberFormat('fr-FR');

export const PEC_GUARDS = {
  montantAuPlus: typed<{ champ: FieldName; reglage: SettingName }>()({
    description: 'Le montant du champ `champ` ne dépasse pas le réglage entier `reglage`.',
    checkParams: (p) =>
      typeof p.champ === 'string' && isSettingName(p.reglage) && SETTINGS[p.reglage].type === 'entier'
        ? undefined
        : 'attend { champ: texte, reglage: nom d’un réglage entier }',
    holds: (args) => {
      const value = valueAfter(args, String(args.params.champ));
      return typeof value === 'number' && value <= Number(args.settings[String(args.params.reglage)]);
    },
    refusal: (args) =>
      `Le montant dépasse le plafond de ${french.format(Number(args.settings[String(args.params.reglage)]))} FCFA.`,
  }),
  champVrai: typed<{ champ: FieldName; motif: string }>()({
    description: 'Le champ booléen `champ` est vrai ; sinon le refus dit `motif`.',
    checkParams: (p) =>
      typeof p.champ === 'string' && typeof p.motif === 'string' ? undefined : 'attend { champ: texte, motif: texte }',
    holds: (args) => valueAfter(args, String(args.params.champ)) === true,
    refusal: (args) => String(args.params.motif),
  }),
  champFaux: typed<{ champ: FieldName; motif: string }>()({
    description: 'Le champ booléen `champ` n’est pas vrai ; sinon le refus dit `motif`.',
    checkParams: (p) =>
      typeof p.champ === 'string' && typeof p.motif === 'string' ? undefined : 'attend { champ: texte, motif: texte }',
    holds: (args) => valueAfter(args, String(args.params.champ)) !== true,
    refusal: (args) => String(args.params.motif),
  }),
} satisfies Record<string, GuardImplementation>;

export const PEC_LETTER_OUTCOMES = ['accord', 'refus'] as const;
export type PecLetterOutcome = (typeof PEC_LETTER_OUTCOMES)[number];

export const PEC_EFFECTS = {
  lettre_pec: typed<{ issue: PecLetterOutcome }>()({
    awaited: true,
    description:
      'Accord : donne à la prise en charge son numéro (PEC-<IPM>-<année>-<rang>, sans trou) et sa fenêtre de validité, ' +
      'puis écrit la lettre d’accord (Word) au prestataire ; refus : écrit la lettre de refus motivé.',
    checkParams: (p) =>
      PEC_LETTER_OUTCOMES.includes(p.issue as PecLetterOutcome)
        ? undefined
        : `issue doit être ${PEC_LETTER_OUTCOMES.join(' ou ')}`,
  }),
  notifier_ipm: typed<{ modele: PecIpmMessage }>()({
    description:
      'Écrit aux agents et au gérant de l’IPM à qui la demande est faite (le dossier est celui du prestataire : ' +
      '`notifier` n’atteindrait que lui) : une demande attend sa décision, ou attend depuis trop longtemps. ' +
      'Le message ne porte que la référence de la demande et le lien vers la page de l’IPM.',
    checkParams: (p) =>
      PEC_IPM_MESSAGES.includes(p.modele as PecIpmMessage)
        ? undefined
        : `modele doit être ${PEC_IPM_MESSAGES.join(' ou ')}`,
  }),
} satisfies Record<string, EffectSpec>;

/** The IPM's messages about a request made to it, with their French names (kinds of notification). */
export const PEC_IPM_NOTIFICATION_KINDS = {
  pec_a_decider: 'Une demande de prise en charge attend la décision de votre IPM',
  pec_en_retard: 'Une demande de prise en charge attend depuis trop longtemps la décision de votre IPM',
} as const;
export const PEC_IPM_MESSAGES = Object.keys(PEC_IPM_NOTIFICATION_KINDS) as (keyof typeof PEC_IPM_NOTIFICATION_KINDS)[];
export type PecIpmMessage = keyof typeof PEC_IPM_NOTIFICATION_KINDS;

export type PecRules = {
  guards: typeof GUARDS & typeof PEC_GUARDS;
  calculations: typeof CALCULATIONS;
  effects: typeof EFFECTS & typeof PEC_EFFECTS;
};
