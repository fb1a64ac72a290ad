import { ALL_CALCULATIONS, isCalculationName, settingsReadBy } from './calculations.ts';
import { ALL_COMPUTATIONS, isComputationName } from './computations.ts';
// The product's domains are in the catalogues the checker reads.
import './domains.ts';
import { isValidDuration } from './calendar.ts';
import { ALL_EFFECTS, isEffectName, NOTIFICATION_KINDS } from './effects.ts';
import { FIELD_TYPES, type FieldSchema, LIST_ITEM_TYPES } from './fields.ts';
import { ALL_GUARDS, isGuardName } from './guards.ts';
import {
  type CalculationCall,
  type ComputationCall,
  type DeadlineReminders,
  type EffectCall,
  type GuardCall,
  type InputSchema,
  type ProcessDefinition,
  transitionsOf,
} from './model.ts';
import { recordWriteProblems } from './records.ts';
import { isRole } from './roles.ts';
import { isSettingName, SETTINGS } from './settings.ts';

/**
 * Finds what would break a definition at run time, each problem named by file and state so that the
 * author can go straight to it. An empty list means the definition may be deployed. With `others`
 * (every deployed definition), links between processes are checked too: the process a case opens
 * exists and may be opened by the engine, the events sent to a parent case exist somewhere.
 */
export function checkDefinition(
  definition: ProcessDefinition,
  file: string,
  others?: readonly ProcessDefinition[],
): string[] {
  const problems: string[] = [];
  const where = (place?: string) => `${file}${place ? ` [${place}]` : ''}`;
  const report = (place: string | undefined, message: string) => problems.push(`${where(place)} : ${message}`);

  if (!/^[a-z][a-z0-9-]*$/.test(definition.id ?? ''))
    report(undefined, 'id doit être en minuscules ASCII (a-z, 0-9, -)');
  if (!Number.isInteger(definition.version) || definition.version < 1)
    report(undefined, 'version doit être un entier ≥ 1');
  if (!definition.title?.trim()) report(undefined, 'title (titre français) manquant');
  if (!definition.startRoles?.length) report(undefined, 'startRoles est vide : personne ne pourrait ouvrir un dossier');
  for (const role of definition.startRoles ?? [])
    if (!isRole(role)) report(undefined, `rôle inconnu « ${role} » dans startRoles`);
  checkInput(definition.startInput, (m) => report('startInput', m));
  checkInput(definition.computed, (m) => report('computed', m));

  const states = definition.states ?? {};
  const events = definition.events ?? {};
  const durations = definition.durations ?? {};
  for (const [name, d] of Object.entries(durations)) {
    if (!isValidDuration(d.default))
      report(`durations.${name}`, `durée invalide « ${d.default} » (attendu ISO 8601, ex. P30D, PT12H)`);
    if (!d.label?.trim()) report(`durations.${name}`, 'label manquant');
  }
  if (!Object.hasOwn(states, definition.initial)) report(undefined, `état initial inconnu « ${definition.initial} »`);
  const declaredSettings = definition.settings ?? [];
  for (const name of declaredSettings)
    if (!isSettingName(name))
      report('settings', `réglage inconnu « ${name} » (connus : ${Object.keys(SETTINGS).join(', ')})`);
  const needsSetting = (place: string, name: unknown) => {
    if (typeof name === 'string' && isSettingName(name) && !declaredSettings.includes(name))
      report(place, `le réglage « ${name} » doit figurer dans settings`);
  };
  const fields = new Set([
    ...Object.keys(definition.startInput ?? {}),
    ...Object.keys(definition.computed ?? {}),
    ...Object.values(events).flatMap((e) => Object.keys(e.input ?? {})),
    ...Object.values(states).flatMap((state) =>
      Object.keys(state.on ?? {}).flatMap((id) => transitionsOf(state, id).flatMap((t) => Object.keys(t.set ?? {}))),
    ),
  ]);
  const checkEffectHere = (effect: EffectCall, report: (m: string) => void) =>
    checkEffect(effect, report, definition, others);

  const usedEvents = new Set<string>();
  /** Events some transition of which calls computations: only callers' events may (not timers', not linked cases'). */
  const computingEvents = new Set<string>();
  const timerEvents = new Set<string>();
  for (const [id, state] of Object.entries(states)) {
    const at = `état ${id}`;
    if (!state.label?.trim()) report(at, 'label manquant');
    if (state.targetDuration !== undefined && !Object.hasOwn(durations, state.targetDuration))
      report(at, `targetDuration nomme une durée inconnue « ${state.targetDuration} »`);
    for (const effect of state.entry ?? []) checkEffectHere(effect, (m) => report(at, m));
    if (state.overdue) {
      const { remind, escalateAfter, escalateTo } = state.overdue;
      if (!state.targetDuration) report(at, 'overdue sans targetDuration : aucune échéance à dépasser');
      if (!remind?.length) report(at, 'overdue.remind est vide : personne ne serait relancé');
      for (const role of [...(remind ?? []), ...(escalateTo ?? [])])
        if (!isRole(role)) report(at, `overdue : rôle inconnu « ${role} »`);
      if (Boolean(escalateAfter) !== Boolean(escalateTo?.length))
        report(at, 'overdue : escalateAfter et escalateTo vont ensemble');
      if (escalateAfter && !Object.hasOwn(durations, escalateAfter))
        report(at, `overdue.escalateAfter : durée inconnue « ${escalateAfter} »`);
    }
    for (const role of state.waitsFor ?? []) if (!isRole(role)) report(at, `waitsFor : rôle inconnu « ${role} »`);
    if (state.terminal && state.waitsFor?.length) report(at, 'un état terminal n’attend personne (waitsFor)');
    const eventIds = Object.keys(state.on ?? {});
    if (state.terminal && (eventIds.length > 0 || state.timers?.length))
      report(at, 'un état terminal ne peut pas avoir de transitions ni de minuteries');
    if (!state.terminal && eventIds.length === 0)
      report(at, 'état non terminal sans aucune sortie : un dossier y resterait bloqué');
    for (const eventId of eventIds) {
      usedEvents.add(eventId);
      if (!Object.hasOwn(events, eventId)) report(at, `événement inconnu « ${eventId} »`);
      const transitions = transitionsOf(state, eventId);
      if (transitions.length === 0) report(at, `« ${eventId} » n’a aucune transition`);
      transitions.forEach((t, i) => {
        if (!Object.hasOwn(states, t.target)) report(at, `« ${eventId} » mène à un état inconnu « ${t.target} »`);
        if (t.guard) {
          checkGuard(t.guard, (m) => report(at, `« ${eventId} » : ${m}`));
          for (const name of settingsNamedBy(t.guard)) needsSetting(at, name);
        } else if (i < transitions.length - 1)
          report(at, `« ${eventId} » : seule la dernière alternative peut être sans condition (guard)`);
        for (const [field, call] of Object.entries(t.set ?? {})) {
          if (!/^[a-zA-Z]\w*$/.test(field)) report(at, `« ${eventId} » : set : nom de champ invalide « ${field} »`);
          checkCalculation(call, (m) => report(at, `« ${eventId} » : set.${field} : ${m}`));
          for (const name of settingsReadBy(call.params ?? {})) needsSetting(at, name);
        }
        for (const effect of t.effects ?? []) checkEffectHere(effect, (m) => report(at, `« ${eventId} » : ${m}`));
        for (const [field, call] of Object.entries(t.compute ?? {})) {
          computingEvents.add(eventId);
          checkComputed(definition, eventId, field, call, (m) =>
            report(at, `« ${eventId} » : compute.${field} : ${m}`),
          );
          const other = transitions.slice(0, i).find((o) => o.compute?.[field] !== undefined)?.compute?.[field];
          if (other && JSON.stringify(other) !== JSON.stringify(call))
            report(
              at,
              `« ${eventId} » : compute.${field} : les alternatives doivent calculer ce champ de la même façon`,
            );
        }
        for (const write of t.records ?? []) {
          const list = write.each ? events[eventId]?.input?.[write.each] : undefined;
          if (write.each && list?.type !== 'liste')
            report(at, `« ${eventId} » : records : each doit nommer un champ liste de l’action (« ${write.each} »)`);
          const items = list?.type === 'liste' ? new Set(Object.keys(list.items)) : undefined;
          for (const m of recordWriteProblems(write, fields, items)) report(at, `« ${eventId} » : records : ${m}`);
        }
      });
    }
    const listField = (name: string) => {
      const field = definition.computed?.[name] ?? definition.startInput?.[name];
      return field?.type === 'liste' ? field : undefined;
    };
    const checkReminders = (place: string, reminders: DeadlineReminders) => {
      if (!reminders.label?.trim()) report(at, `${place} : label manquant`);
      if (!reminders.remind?.length) report(at, `${place} : remind est vide : personne ne serait rappelé`);
      const leads = typeof reminders.warnBefore === 'string' ? [reminders.warnBefore] : (reminders.warnBefore ?? []);
      for (const name of [...leads, ...(reminders.escalateAfter ? [reminders.escalateAfter] : [])])
        if (!Object.hasOwn(durations, name)) report(at, `${place} : durée inconnue « ${name} »`);
      if (Boolean(reminders.escalateAfter) !== Boolean(reminders.escalateTo?.length))
        report(at, `${place} : escalateAfter et escalateTo vont ensemble`);
      for (const role of [...(reminders.remind ?? []), ...(reminders.escalateTo ?? [])])
        if (!isRole(role)) report(at, `${place} : rôle inconnu « ${role} »`);
    };
    const checkItemKeys = (place: string, list: string, keys: (string | undefined)[]) => {
      const field = listField(list);
      if (!field) {
        report(at, `${place} : « ${list} » n’est pas un champ liste (startInput ou computed)`);
        return;
      }
      for (const key of keys)
        if (key !== undefined && !Object.hasOwn(field.items, key))
          report(at, `${place} : les éléments de « ${list} » n’ont pas de champ « ${key} »`);
    };
    for (const deadlines of state.listDeadlines ?? []) {
      const place = `listDeadlines ${deadlines.list}`;
      checkReminders(place, deadlines);
      checkItemKeys(place, deadlines.list, [deadlines.key, deadlines.due, deadlines.done, deadlines.name]);
    }
    for (const deadlines of state.monthlyDeadlines ?? []) {
      const place = `monthlyDeadlines ${deadlines.list}`;
      checkReminders(place, deadlines);
      checkItemKeys(place, deadlines.list, [deadlines.key]);
      if (!fields.has(deadlines.from)) report(at, `${place} : from nomme un champ inconnu « ${deadlines.from} »`);
      if (!isSettingName(deadlines.day) || SETTINGS[deadlines.day].type !== 'entier')
        report(at, `${place} : day doit nommer un réglage entier`);
      else if (!declaredSettings.includes(deadlines.day))
        report(at, `${place} : le réglage « ${deadlines.day} » doit figurer dans settings`);
    }
    for (const timer of state.timers ?? []) {
      timerEvents.add(timer.event);
      if ((timer.after === undefined) === (timer.at === undefined))
        report(at, 'minuterie : donnez soit after (une durée), soit at (un champ date)');
      if (timer.after !== undefined && !Object.hasOwn(durations, timer.after))
        report(at, `minuterie : durée inconnue « ${timer.after} »`);
      if (timer.at !== undefined && !fields.has(timer.at))
        report(at, `minuterie : at nomme un champ inconnu « ${timer.at} »`);
      const warnings = typeof timer.warnBefore === 'string' ? [timer.warnBefore] : (timer.warnBefore ?? []);
      if (warnings.length > 0 !== Boolean(timer.warn?.length))
        report(at, 'minuterie : warnBefore et warn vont ensemble');
      for (const before of warnings)
        if (!Object.hasOwn(durations, before))
          report(at, `minuterie : warnBefore nomme une durée inconnue « ${before} »`);
      if (timer.warnWith !== undefined && !Object.hasOwn(NOTIFICATION_KINDS, timer.warnWith))
        report(at, `minuterie : warnWith doit être l’un de : ${Object.keys(NOTIFICATION_KINDS).join(', ')}`);
      for (const role of timer.warn ?? []) if (!isRole(role)) report(at, `minuterie : rôle inconnu « ${role} »`);
      if (!eventIds.includes(timer.event))
        report(at, `minuterie : l’état n’a pas de transition pour « ${timer.event} »`);
      const roles = events[timer.event]?.roles ?? [];
      if (roles.length !== 1 || roles[0] !== 'systeme')
        report(at, `minuterie : l’événement « ${timer.event} » doit être réservé au rôle systeme`);
    }
  }

  for (const [id, event] of Object.entries(events)) {
    const at = `événement ${id}`;
    if (!event.label?.trim()) report(at, 'label manquant');
    if (!event.roles?.length) report(at, 'aucun rôle ne peut envoyer cet événement');
    for (const role of event.roles ?? []) if (!isRole(role)) report(at, `rôle inconnu « ${role} »`);
    if (event.roles?.includes('systeme') && !timerEvents.has(id) && !event.fromLinkedCase)
      report(at, 'réservé au système mais aucune minuterie ne l’envoie (ni un dossier lié : fromLinkedCase)');
    if (event.fromLinkedCase && (event.roles?.length !== 1 || event.roles[0] !== 'systeme'))
      report(at, 'un événement reçu d’un dossier lié doit être réservé au rôle systeme');
    if (!usedEvents.has(id)) report(at, 'aucun état ne l’accepte');
    checkInput(event.input, (m) => report(at, m));
    if (computingEvents.has(id) && (timerEvents.has(id) || event.fromLinkedCase))
      report(at, 'des données calculées (compute) ne sont prises que pour une action envoyée par une personne');
  }

  if (Object.hasOwn(states, definition.initial)) {
    for (const id of unreachableStates(definition)) report(`état ${id}`, 'inatteignable depuis l’état initial');
  }
  return problems;
}

function unreachableStates(definition: ProcessDefinition): string[] {
  const seen = new Set<string>();
  const queue = [definition.initial];
  while (queue.length > 0) {
    const id = queue.shift() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const state = definition.states[id];
    if (!state) continue;
    for (const eventId of Object.keys(state.on ?? {}))
      for (const t of transitionsOf(state, eventId)) queue.push(t.target);
  }
  return Object.keys(definition.states).filter((id) => !seen.has(id));
}

function checkGuard(guard: GuardCall, report: (m: string) => void) {
  if (!isGuardName(guard.name)) {
    report(`condition inconnue « ${guard.name} » (connues : ${Object.keys(ALL_GUARDS).join(', ')})`);
    return;
  }
  const problem = ALL_GUARDS[guard.name]?.checkParams(guard.params ?? {});
  if (problem) report(`condition ${guard.name} : ${problem}`);
}

/** The settings a guard reads, its conditions' included. */
function settingsNamedBy(guard: GuardCall): string[] {
  const params = guard.params ?? {};
  const own = typeof params.reglage === 'string' ? [params.reglage] : [];
  const conditions = Array.isArray(params.conditions) ? (params.conditions as unknown as GuardCall[]) : [];
  return [...own, ...conditions.flatMap((c) => (c && typeof c === 'object' ? settingsNamedBy(c) : []))];
}

function checkCalculation(call: CalculationCall, report: (m: string) => void) {
  if (!isCalculationName(call.name)) {
    report(`calcul inconnu « ${call.name} » (connus : ${Object.keys(ALL_CALCULATIONS).join(', ')})`);
    return;
  }
  const problem = ALL_CALCULATIONS[call.name]?.checkParams(call.params ?? {});
  if (problem) report(`calcul ${call.name} : ${problem}`);
}

/** A computed step's field: filled by a known computation, declared in `computed` with its type, never typed in. */
function checkComputed(
  definition: ProcessDefinition,
  eventId: string,
  field: string,
  call: ComputationCall,
  report: (m: string) => void,
) {
  const spec = ALL_COMPUTATIONS[call.name];
  if (!spec || !isComputationName(call.name)) {
    const known = Object.keys(ALL_COMPUTATIONS).join(', ') || 'aucune';
    report(`donnée calculée inconnue « ${call.name} » (connues : ${known})`);
    return;
  }
  const problem = spec.checkParams(call.params ?? {});
  if (problem) report(`donnée calculée ${call.name} : ${problem}`);
  const declared = definition.computed?.[field];
  if (!declared) report('le champ doit être déclaré dans computed (son libellé et son type, pour les écrans)');
  else if (declared.type !== spec.returns)
    report(`${call.name} donne une valeur de type ${spec.returns}, mais computed la déclare de type ${declared.type}`);
  if (definition.events[eventId]?.input?.[field] || definition.startInput?.[field])
    report('un champ saisi ne peut pas être aussi calculé');
}

function checkEffect(
  effect: EffectCall,
  report: (m: string) => void,
  definition: ProcessDefinition,
  others: readonly ProcessDefinition[] | undefined,
) {
  if (!isEffectName(effect.name)) {
    report(`effet inconnu « ${effect.name} » (connus : ${Object.keys(ALL_EFFECTS).join(', ')})`);
    return;
  }
  const params = effect.params ?? {};
  const problem = ALL_EFFECTS[effect.name]?.checkParams(params);
  if (problem) {
    report(`effet ${effect.name} : ${problem}`);
    return;
  }
  if (effect.name === 'transmettre_aux_dependants') {
    const event = definition.events[String(params.evenement)];
    if (!event?.fromLinkedCase)
      report(
        `effet transmettre_aux_dependants : « ${String(params.evenement)} » doit être un événement de ce processus reçu d’un dossier lié (fromLinkedCase)`,
      );
  }
  if (!others) return;
  if (effect.name === 'ouvrir_dossier') {
    const child = others.filter((d) => d.id === params.processus).sort((a, b) => b.version - a.version)[0];
    if (!child) {
      report(`effet ouvrir_dossier : processus inconnu « ${params.processus} »`);
      return;
    }
    if (!child.startRoles.includes('systeme'))
      report(`effet ouvrir_dossier : le processus « ${child.id} » doit admettre le rôle systeme dans startRoles`);
    const childFields = { ...child.startInput };
    const targets = [...Object.keys((params.donnees as object) ?? {}), ...(params.numero ? ['numero'] : [])];
    for (const field of targets)
      if (!Object.hasOwn(childFields, field))
        report(`effet ouvrir_dossier : « ${field} » n’est pas un champ d’ouverture du processus « ${child.id} »`);
  }
  if (effect.name === 'transmettre') {
    const receivers = others.filter((d) => d.id !== definition.id || d.version !== definition.version);
    const event = String(params.evenement);
    if (!receivers.some((d) => d.events[event]?.fromLinkedCase))
      report(`effet transmettre : aucun processus n’attend « ${event} » d’un dossier lié (fromLinkedCase)`);
  }
}

function checkInput(input: InputSchema | undefined, report: (m: string) => void) {
  for (const [name, field] of Object.entries(input ?? {}) as [string, FieldSchema][]) {
    if (!/^[a-zA-Z]\w*$/.test(name)) report(`champ « ${name} » : nom invalide`);
    if (!FIELD_TYPES.includes(field.type))
      report(`champ « ${name} » : type inconnu « ${field.type} » (connus : ${FIELD_TYPES.join(', ')})`);
    if (!field.label?.trim()) report(`champ « ${name} » : label manquant`);
    if ((field.type === 'choice' || field.type === 'multichoice' || field.type === 'pieces') && !field.options?.length)
      report(`champ « ${name} » : aucune option`);
    if (field.type === 'liste') {
      if (!field.items || Object.keys(field.items).length === 0) report(`champ « ${name} » : items est vide`);
      for (const [item, schema] of Object.entries(field.items ?? {}))
        if (!LIST_ITEM_TYPES.includes(schema.type))
          report(`champ « ${name} » : l’élément « ${item} » ne peut pas être de type « ${schema.type} »`);
      checkInput(field.items, (m) => report(`champ « ${name} » : ${m}`));
    }
    if (field.type === 'text' && field.pattern) {
      try {
        new RegExp(field.pattern.regex);
      } catch {
        report(`champ « ${name} » : expression régulière invalide`);
      }
    }
  }
}
