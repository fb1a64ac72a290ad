import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { CaseActivities } from '../activities/index.ts';
import { type Alarm, isCaseWideAlarm, stateAlarms } from '../processes/alarms.ts';
import type { ComputationOutcome, ComputationRequest, ComputedValue } from '../processes/computations.ts';
import { isAwaitedEffect } from '../processes/effects.ts';
import { type Accepted, type EventRequest, ProcessEngine } from '../processes/engine.ts';
import type { InputRules } from '../processes/fields.ts';
import { checkMigration, type MigrationPlan } from '../processes/migration.ts';
import type { ComputationCall, EffectCall, ProcessDefinition } from '../processes/model.ts';
import type { RecordRows } from '../processes/records.ts';
import { type Role, SYSTEM_ACTOR } from '../processes/roles.ts';
import { COMPUTATION_IMPOSSIBLE, WRITE_IMPOSSIBLE } from './failure-types.ts';
import { caseViewQuery, linkedEventUpdate, migrateUpdate, openedUpdate, sendEventUpdate } from './messages.ts';
import { ANOMALIES, ANOMALY, STATE, VERSION } from './search-attributes.ts';
import type {
  Actor,
  CarriedState,
  CaseParameters,
  CaseView,
  CaseWorkflowInput,
  EffectRequest,
  LinkedEventRequest,
  MigrateRequest,
  RecentRequest,
  RefusalDetails,
  SendEventRequest,
  TransitionRecord,
  TransitionResult,
} from './types.ts';

type LiveState = Omit<CarriedState, 'pendingEffects' | 'recentRequests'>;

/** Request ids kept across continue-as-new: those of the last day, at most this many. */
const RECENT_REQUESTS_MAX = 200;
const RECENT_REQUESTS_MS = 24 * 3600_000;
/** How long an answer waits for its transition's awaited effects before saying they are still running. */
const AWAITED_EFFECTS_WAIT = '30 seconds';

// The projection is a short write the next read depends on: a local activity keeps it inside the
// update's workflow task. Runs that began before bounded projections retry it for ever.
const { recordTransition: recordTransitionUnbounded } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '200 ms', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

// A few quick tries inside the workflow task; past them the workflow says so (search attribute) and
// goes on trying on durable timers, and a write the database refuses for good is not retried at all.
const { recordTransition: recordTransitionOnce } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '200 ms',
    backoffCoefficient: 2,
    maximumInterval: '1 second',
    maximumAttempts: 4,
    nonRetryableErrorTypes: [WRITE_IMPOSSIBLE],
  },
});
const PROJECTION_RETRY_FIRST_MS = 10_000;

// A transition's computed steps read outside the case: one local activity, whose answer the history
// records (a replay reads it rather than asking again). A database that is away is waited for like
// the projection's; a computation that cannot run whatever the retries is not retried.
const { runComputations: runComputationsOnce } = proxyLocalActivities<CaseActivities>({
  startToCloseTimeout: '15 seconds',
  retry: {
    initialInterval: '200 ms',
    backoffCoefficient: 2,
    maximumInterval: '1 second',
    maximumAttempts: 4,
    nonRetryableErrorTypes: [COMPUTATION_IMPOSSIBLE],
  },
});
const PROJECTION_RETRY_MAX_MS = 5 * 60_000;

// Effects talk to the outside world (mail, documents): ordinary activities, retried with backoff,
// and marked failed after the last try rather than blocking the case.
const { runEffect } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: 12 },
});

const engineOf = (definition: ProcessDefinition, parameters: CaseParameters, inputRules: InputRules) =>
  new ProcessEngine(definition, { settings: parameters.settings ?? {} }, inputRules);

/**
 * Runs one case of any deployed process definition. The definition travels in the input, so a case
 * stays on the version it started with whatever is deployed later — unless an administrator moves it
 * to another version (`dossier.migrer`), after which it carries that one.
 */
export async function caseWorkflow(args: CaseWorkflowInput): Promise<CaseView> {
  let { definition, parameters } = args;
  // Runs that began before these rules keep the input rules, and the unbounded projection, they began with.
  const inputRules: InputRules = patched('saisie-plausible') ? 'strict' : 'legacy';
  const boundedProjection = patched('projection-bornee');
  // Runs that began before these keep what they did: the whole view as an update's answer, the state
  // search attribute on every change of state, no request ids beyond Temporal's own (one run), and
  // answers that do not wait for any effect.
  const slimAnswers = patched('reponse-allegee');
  const stateAttribute = !patched('etat-hors-attribut');
  const rememberRequests = patched('requetes-entre-executions');
  const awaitEffects = patched('effets-attendus');
  let engine = engineOf(definition, parameters, inputRules);
  const caseId = workflowInfo().workflowId;
  // Effects not yet done, in order. They are idempotent (keyed by case, revision and position), so
  // those still pending at continue-as-new are carried over and run again in the next run.
  const pendingEffects = new Map<string, EffectRequest>();
  let projectionsInFlight = 0;
  /** Projection writes waiting for the database to come back; the anomaly attribute is set while any is. */
  let projectionsWaiting = 0;
  /** Why the projection of a transition could never be written, once that happened. */
  let projectionImpossible: string | undefined;
  let transitionsThisRun = 0;
  let live: LiveState;
  let projectedRevision: number;
  /** Requests taken, by update id, in the order taken (a Map keeps it): answers for a repeat. */
  const recentRequests = new Map<string, RecentRequest>();
  /** The decision a validator just took, for its handler (run right after it, in the same activation). */
  let validated: { updateId: string; revision: number; decision: Accepted } | undefined;
  /** Per revision, resolves when that transition's awaited effects are done (or failed for good). */
  const awaitedEffects = new Map<number, Promise<void>>();
  /**
   * True while a computed step waits for its computations: the other updates wait their turn, so
   * that it decides on the case it computed for. Never true in runs without computed steps.
   */
  let computing = false;

  /** When the current step is due, from its target duration; null in a terminal state or without one. */
  const dueAt = (): number | null => {
    const targetDuration = definition.states[live.state]?.targetDuration;
    const dueMs = targetDuration ? parameters.durationsMs[targetDuration] : undefined;
    return dueMs === undefined || engine.isTerminal(live.state) ? null : live.enteredAt + dueMs;
  };

  const view = (role: Role): CaseView => {
    const due = dueAt();
    return {
      caseId,
      processId: definition.id,
      version: definition.version,
      businessKey: args.businessKey,
      organisationId: args.organisationId,
      state: live.state,
      stateLabel: engine.stateLabel(live.state),
      terminal: engine.isTerminal(live.state),
      context: live.context,
      revision: live.revision,
      enteredAt: new Date(live.enteredAt).toISOString(),
      dueAt: due === null ? null : new Date(due).toISOString(),
      availableEvents: engine.availableEvents(live.state, role),
    };
  };

  const transitionResult = (role: Role): TransitionResult => {
    const due = dueAt();
    return {
      caseId,
      processId: definition.id,
      version: definition.version,
      state: live.state,
      stateLabel: engine.stateLabel(live.state),
      terminal: engine.isTerminal(live.state),
      revision: live.revision,
      enteredAt: new Date(live.enteredAt).toISOString(),
      dueAt: due === null ? null : new Date(due).toISOString(),
      availableEvents: engine.availableEvents(live.state, role),
    };
  };

  /** The answer of an update: slim for runs that have it, the whole view for older ones. */
  const answer = (role: Role, revision = live.revision): TransitionResult => {
    if (!slimAnswers) return view(role);
    const result = transitionResult(role);
    const pending = [...pendingEffects.values()].filter((e) => e.revision === revision).map((e) => e.name);
    return pending.length > 0 ? { ...result, pendingEffects: pending } : result;
  };

  /** A request taken before (by its id): what it answered then, nothing applied again. */
  const answerRepeat = (known: RecentRequest, role: Role): TransitionResult => ({
    caseId,
    processId: definition.id,
    version: definition.version,
    state: known.state,
    stateLabel: engine.stateLabel(known.state),
    terminal: engine.isTerminal(known.state),
    revision: known.revision,
    enteredAt: new Date(known.enteredAt).toISOString(),
    dueAt: known.dueAt === null ? null : new Date(known.dueAt).toISOString(),
    availableEvents: engine.isTerminal(known.state) ? [] : engine.availableEvents(known.state, role),
    repeated: true,
  });

  const knownRequest = (): RecentRequest | undefined => {
    const id = currentUpdateInfo()?.id;
    return rememberRequests && id !== undefined ? recentRequests.get(id) : undefined;
  };

  const rememberRequest = (requestId: string | undefined) => {
    if (!rememberRequests || requestId === undefined) return;
    recentRequests.set(requestId, {
      id: requestId,
      revision: live.revision,
      state: live.state,
      enteredAt: live.enteredAt,
      dueAt: dueAt(),
      at: Date.now(),
    });
  };

  /** The recent requests worth carrying into the next run: of the last day, the latest ones. */
  const requestsToCarry = (): RecentRequest[] | undefined => {
    if (!rememberRequests) return undefined;
    const since = Date.now() - RECENT_REQUESTS_MS;
    return [...recentRequests.values()].filter((r) => r.at >= since).slice(-RECENT_REQUESTS_MAX);
  };

  /** The validator's decision if it was taken for this update on this revision; otherwise decided now (replay skips validators). */
  const decisionFor = (decide: () => Accepted): Accepted => {
    const id = currentUpdateInfo()?.id;
    const stashed = validated;
    validated = undefined;
    if (stashed && stashed.updateId === id && stashed.revision === live.revision) return stashed.decision;
    return decide();
  };

  const validate = (decide: () => Accepted): void => {
    if (knownRequest()) return;
    const decision = decide();
    const id = currentUpdateInfo()?.id;
    validated = id === undefined ? undefined : { updateId: id, revision: live.revision, decision };
  };

  /** Waits, a bounded time, for the awaited effects of the transition just taken; the answer names those still running. */
  const settleAwaitedEffects = async (revision: number): Promise<void> => {
    const done = awaitedEffects.get(revision);
    if (!done) return;
    let finished = false;
    void done.then(() => {
      finished = true;
    });
    await condition(() => finished, AWAITED_EFFECTS_WAIT);
    awaitedEffects.delete(revision);
  };

  /** Applies an accepted transition now (synchronously, so the next validator sees it), then persists it. */
  const apply = (
    actor: Actor,
    event: string,
    input: Record<string, unknown>,
    accepted: Accepted,
    at = Date.now(),
    requestId?: string,
    computed?: Record<string, ComputedValue>,
  ): Promise<void> => {
    const from = live.state;
    const stateChanged = accepted.next.state !== from;
    live = {
      ...live,
      state: accepted.next.state,
      context: accepted.next.context,
      revision: live.revision + 1,
      enteredAt: stateChanged ? at : live.enteredAt,
      firedTimers: stateChanged ? [] : live.firedTimers,
      // A milestone's or a month's reminders ring once in the case's life, whatever its states.
      firedAlarms: stateChanged ? (live.firedAlarms ?? []).filter(isCaseWideAlarm) : live.firedAlarms,
    };
    transitionsThisRun++;
    // Lists by state are served by PostgreSQL; no Temporal-side search reads the state any more.
    if (stateChanged && stateAttribute) upsertSearchAttributes([{ key: STATE, value: live.state }]);
    rememberRequest(requestId);
    return persist(actor, event, from, input, accepted.effects, at, requestId, accepted.records, computed);
  };

  const persist = (
    actor: Actor,
    event: string,
    from: string | null,
    input: Record<string, unknown>,
    effects: EffectCall[],
    at: number,
    requestId?: string,
    records: RecordRows[] = [],
    computed?: Record<string, ComputedValue>,
  ): Promise<void> => {
    const { revision } = live;
    const projection = writeProjection({
      caseId,
      processId: definition.id,
      version: definition.version,
      businessKey: args.businessKey,
      organisationId: args.organisationId,
      openedBy: args.openedBy.id,
      openedAt: live.openedAt,
      revision,
      at,
      actor,
      event,
      from,
      to: live.state,
      input,
      context: live.context,
      terminal: engine.isTerminal(live.state),
      enteredAt: live.enteredAt,
      dueAt: dueAt(),
      parentCaseId: args.parentCaseId ?? null,
      ...(rememberRequests && requestId !== undefined ? { requestId } : {}),
      ...(records.length > 0 ? { records } : {}),
      fence: workflowInfo().historyLength,
      ...(computed ? { computed } : {}),
    }).then(() => {
      projectedRevision = Math.max(projectedRevision, revision);
      // Effects follow the projection: they may refer to the case row, and must never run for a
      // transition the database does not show.
      const awaited = runEffects(
        effects.map((effect, index) => ({
          caseId,
          revision,
          index,
          name: effect.name,
          params: effect.params ?? {},
          organisationId: args.organisationId,
        })),
      );
      if (awaitEffects && awaited) awaitedEffects.set(revision, awaited);
    });
    projectionsInFlight++;
    return projection.finally(() => {
      projectionsInFlight--;
    });
  };

  const setAnomaly = (value: string | null) => upsertSearchAttributes([{ key: ANOMALY, value }]);

  /**
   * Writes a transition's projection. A database that is away is waited for on durable timers, in
   * view of supervision (the anomaly attribute); a write it refuses for good fails the step visibly —
   * its caller gets the refusal, the case is marked, the error is logged — and is never retried.
   */
  const writeProjection = async (record: TransitionRecord): Promise<void> => {
    if (!boundedProjection) return recordTransitionUnbounded(record);
    let waiting = false;
    try {
      for (let delay = PROJECTION_RETRY_FIRST_MS; ; delay = Math.min(delay * 2, PROJECTION_RETRY_MAX_MS)) {
        try {
          await recordTransitionOnce(record);
          return;
        } catch (error) {
          if (isWriteImpossible(error)) {
            projectionImpossible ??= `révision ${record.revision}`;
            setAnomaly(ANOMALIES.impossible);
            log.error('Projection impossible à enregistrer', { caseId, revision: record.revision });
            throw refusal(
              'enregistrement_impossible',
              'Ce changement a été pris en compte par le dossier mais n’a pas pu être enregistré dans la base de données, ' +
                'qui le refuse. Les administrateurs en sont avertis par la supervision ; inutile de recommencer.',
            );
          }
          if (!waiting) {
            waiting = true;
            if (projectionsWaiting++ === 0 && projectionImpossible === undefined) setAnomaly(ANOMALIES.waiting);
            log.warn('Projection en attente de la base de données', { caseId, revision: record.revision });
          }
          await sleep(delay);
        }
      }
    } finally {
      if (waiting && --projectionsWaiting === 0 && projectionImpossible === undefined) setAnomaly(null);
    }
  };

  /**
   * Runs effects in order, in the background. Returns, when some are awaited (`isAwaitedEffect`), a
   * promise of the last awaited one being done (or failed for good), for the answer to wait on.
   */
  const runEffects = (requests: EffectRequest[]): Promise<void> | undefined => {
    if (requests.length === 0) return undefined;
    for (const request of requests) pendingEffects.set(`${request.revision}:${request.index}`, request);
    let lastAwaited = -1;
    requests.forEach((request, position) => {
      if (isAwaitedEffect(request.name)) lastAwaited = position;
    });
    let awaitedDone: () => void = () => undefined;
    const awaited = lastAwaited < 0 ? undefined : new Promise<void>((resolve) => (awaitedDone = resolve));
    void (async () => {
      for (const [position, request] of requests.entries()) {
        try {
          await runEffect(request);
        } catch (error) {
          log.error('Effet en échec après toutes ses tentatives', {
            caseId,
            revision: request.revision,
            effect: request.name,
            error,
          });
        } finally {
          pendingEffects.delete(`${request.revision}:${request.index}`);
          if (position === lastAwaited) awaitedDone();
        }
      }
    })();
    return awaited;
  };

  const throwIfClosed = () => {
    if (engine.isTerminal(live.state)) {
      throw refusal(
        'non_autorise',
        `Le dossier est clos (état « ${engine.stateLabel(live.state)} ») : aucune action n’est plus possible.`,
      );
    }
  };

  /** What a caller's event is refused for whatever the process says: the engine's role, a closed case, a stale read. */
  const checkCallerOrThrow = (request: SendEventRequest): void => {
    if (request.actor.role === SYSTEM_ACTOR.role) {
      throw refusal(
        'non_autorise',
        'Le rôle « Système » est réservé au moteur : il ne peut pas être utilisé par un appelant.',
      );
    }
    throwIfClosed();
    if (request.expectedRevision !== undefined && request.expectedRevision !== live.revision) {
      throw refusal(
        'conflit',
        `Le dossier a changé depuis votre lecture (il est maintenant « ${engine.stateLabel(live.state)} ») : rechargez-le puis recommencez.`,
      );
    }
  };

  const decideOrThrow = (request: SendEventRequest): Accepted => {
    checkCallerOrThrow(request);
    const decision = engine.decide(live, toRequest(request, Date.now()));
    if (!decision.ok) throw refusal(decision.code, decision.message, { fieldErrors: decision.fieldErrors });
    return decision;
  };

  /** What a computed step can decide before its computations: all but the guard. */
  const precheckOrThrow = (request: SendEventRequest): void => {
    checkCallerOrThrow(request);
    const early = engine.check(live, toRequest(request, Date.now()));
    if (early) throw refusal(early.code, early.message, { fieldErrors: early.fieldErrors });
  };

  /** Runs a step's computations; a database that is away is waited for on durable timers. */
  const compute = async (request: ComputationRequest): Promise<ComputationOutcome> => {
    let warned = false;
    for (let delay = PROJECTION_RETRY_FIRST_MS; ; delay = Math.min(delay * 2, PROJECTION_RETRY_MAX_MS)) {
      try {
        return await runComputationsOnce(request);
      } catch (error) {
        const impossible = failureOfType(error, COMPUTATION_IMPOSSIBLE);
        if (impossible) throw refusal('condition_non_remplie', impossible.message);
        if (!warned) {
          warned = true;
          log.warn('Données calculées en attente de la base de données', { caseId, event: request.event });
        }
        await sleep(delay);
      }
    }
  };

  /**
   * An event whose transitions call computations: checked, computed (one local activity), then decided
   * with the values and applied — or refused with nothing applied. The validator could only check.
   */
  const takeComputedStep = async (
    request: SendEventRequest,
    calls: Record<string, ComputationCall>,
  ): Promise<TransitionResult> => {
    const requestId = currentUpdateInfo()?.id;
    computing = true;
    let applied: Promise<void>;
    let revision: number;
    try {
      precheckOrThrow(request);
      const seen = live.revision;
      const outcome = await compute({
        caseId,
        processId: definition.id,
        organisationId: args.organisationId,
        event: request.event,
        calls,
        context: live.context,
        input: request.input ?? {},
        at: Date.now(),
      });
      if (live.revision !== seen) {
        throw refusal(
          'conflit',
          `Le dossier a changé pendant le calcul (il est maintenant « ${engine.stateLabel(live.state)} ») : rechargez-le puis recommencez.`,
        );
      }
      if (!outcome.ok) {
        const label = definition.events[request.event]?.label ?? request.event;
        throw refusal('condition_non_remplie', `L’action « ${label} » n’est pas possible : ${outcome.refusal}`);
      }
      const values = Object.fromEntries(Object.entries(outcome.values).map(([field, v]) => [field, v.value]));
      const at = Date.now();
      const decision = engine.decide(live, toRequest(request, at), values);
      if (!decision.ok) throw refusal(decision.code, decision.message, { fieldErrors: decision.fieldErrors });
      applied = apply(request.actor, request.event, request.input ?? {}, decision, at, requestId, outcome.values);
      revision = live.revision;
    } finally {
      computing = false;
    }
    await applied;
    if (awaitEffects) await settleAwaitedEffects(revision);
    return answer(request.actor.role, revision);
  };

  /** An event from a linked case: only those the definition expects from one, under the `systeme` role. */
  const decideLinkedOrThrow = (request: LinkedEventRequest): Accepted => {
    throwIfClosed();
    if (!definition.events[request.event]?.fromLinkedCase) {
      throw refusal(
        'non_autorise',
        `L’action « ${request.event} » ne peut pas venir d’un dossier lié dans le processus « ${definition.title} ».`,
      );
    }
    const decision = engine.decide(live, {
      event: request.event,
      role: SYSTEM_ACTOR.role,
      input: request.input,
      at: Date.now(),
    });
    if (!decision.ok) throw refusal(decision.code, decision.message, { fieldErrors: decision.fieldErrors });
    return decision;
  };

  const planMigrationOrThrow = (request: MigrateRequest): MigrationPlan => {
    const check = checkMigration(definition, request.definition, request.mapping, live.state, live.firedTimers);
    if (!check.ok) throw refusal('migration_refusee', check.problems.join(' '));
    return check.plan;
  };

  if (args.carried) {
    const { pendingEffects: carriedEffects, recentRequests: carriedRequests, ...carried } = args.carried;
    live = carried;
    for (const request of carriedRequests ?? []) recentRequests.set(request.id, request);
    projectedRevision = live.revision;
    runEffects(carriedEffects);
  } else {
    const opened = engine.open(args.openedBy.role, args.input);
    if (!opened.ok) throw refusal(opened.code, opened.message, { fieldErrors: opened.fieldErrors });
    const now = Date.now();
    live = { ...opened.next, revision: 1, enteredAt: now, openedAt: now, firedTimers: [] };
    projectedRevision = 0;
    // Its failure is answered by the opening update below.
    persist(args.openedBy, 'dossier.ouvrir', null, args.input, opened.effects, now).catch(() => undefined);
  }

  // Cases opened before notification alarms existed keep their recorded timers: only runs that
  // start with this code schedule reminders, escalations and deadline warnings.
  const notificationAlarms = patched('alarmes-de-notification');

  setHandler(caseViewQuery, (role) => view(role));
  setHandler(openedUpdate, async (actor) => {
    await condition(() => projectedRevision >= 1 || projectionImpossible !== undefined);
    if (projectedRevision < 1) {
      throw refusal(
        'enregistrement_impossible',
        'Le dossier n’a pas pu être enregistré dans la base de données, qui refuse ses données. ' +
          'Les administrateurs en sont avertis par la supervision.',
      );
    }
    return { view: view(actor.role), openRequestId: args.openRequestId };
  });
  setHandler(
    sendEventUpdate,
    async (request) => {
      const known = knownRequest();
      if (known) return answerRepeat(known, request.actor.role);
      while (computing) await condition(() => !computing);
      const calls = engine.computationsFor(live.state, request.event);
      if (calls) return takeComputedStep(request, calls);
      const accepted = decisionFor(() => decideOrThrow(request));
      const applied = apply(
        request.actor,
        request.event,
        request.input ?? {},
        accepted,
        Date.now(),
        currentUpdateInfo()?.id,
      );
      const { revision } = live;
      await applied;
      if (awaitEffects) await settleAwaitedEffects(revision);
      return answer(request.actor.role, revision);
    },
    {
      validator: (request) => {
        // A computed step's guard needs its computations, which a validator cannot run (no I/O).
        if (engine.computationsFor(live.state, request.event)) {
          if (!knownRequest()) precheckOrThrow(request);
          return;
        }
        validate(() => decideOrThrow(request));
      },
    },
  );
  setHandler(
    linkedEventUpdate,
    async (request) => {
      const known = knownRequest();
      if (known) return answerRepeat(known, SYSTEM_ACTOR.role);
      while (computing) await condition(() => !computing);
      const accepted = decisionFor(() => decideLinkedOrThrow(request));
      const actor = { id: request.fromCaseId, role: SYSTEM_ACTOR.role };
      await apply(actor, request.event, request.input, accepted, Date.now(), currentUpdateInfo()?.id);
      return answer(SYSTEM_ACTOR.role);
    },
    { validator: (request) => validate(() => decideLinkedOrThrow(request)) },
  );
  setHandler(
    migrateUpdate,
    async (request) => {
      const plan = planMigrationOrThrow(request);
      const from = live.state;
      const previousVersion = definition.version;
      definition = request.definition;
      // A case keeps the durations and settings it already had; what the new version adds comes
      // from the configuration at the time of the move.
      parameters = {
        ...request.parameters,
        durationsMs: { ...request.parameters.durationsMs, ...parameters.durationsMs },
        settings: { ...request.parameters.settings, ...parameters.settings },
      };
      engine = engineOf(definition, parameters, inputRules);
      // The step goes on: its deadlines count from when the case entered it, with the new version's
      // durations; timers that already fired stay fired.
      live = { ...live, state: plan.target, revision: live.revision + 1, firedTimers: plan.firedTimers };
      transitionsThisRun++;
      upsertSearchAttributes([
        { key: VERSION, value: definition.version },
        ...(stateAttribute ? [{ key: STATE, value: live.state }] : []),
      ]);
      const input = {
        versionPrecedente: previousVersion,
        version: definition.version,
        correspondance: request.mapping,
      };
      await persist(request.actor, 'dossier.migrer', from, input, [], Date.now());
      return answer(request.actor.role);
    },
    { validator: (request) => void planMigrationOrThrow(request) },
  );

  const shouldContinueAsNew = () =>
    transitionsThisRun >= parameters.transitionsPerRun || workflowInfo().continueAsNewSuggested;

  while (!engine.isTerminal(live.state)) {
    if (shouldContinueAsNew()) {
      // Handlers finish within their workflow task; continuing in that same activation leaves no
      // window for a new update to be accepted by this run.
      await condition(() => allHandlersFinished() && projectionsInFlight === 0);
      return await continueAsNew<typeof caseWorkflow>({
        ...args,
        definition,
        parameters,
        carried: { ...live, pendingEffects: [...pendingEffects.values()], recentRequests: requestsToCarry() },
      });
    }
    const seenRevision = live.revision;
    const alarms = stateAlarms(definition, live.state, live.enteredAt, parameters.durationsMs, live.context, {
      now: Date.now(),
      settings: parameters.settings ?? {},
    });
    const alarm = alarms.find((a) =>
      a.kind === 'event'
        ? !live.firedTimers.includes(a.timerIndex)
        : notificationAlarms && !live.firedAlarms?.includes(a.id),
    );
    const changed = (): boolean => live.revision !== seenRevision || shouldContinueAsNew();
    if (!alarm) {
      await condition(changed);
      continue;
    }
    const moved = await condition(changed, Math.max(1, alarm.at - Date.now()));
    if (!moved) ring(alarm, alarms.indexOf(alarm));
  }

  await condition(() => allHandlersFinished() && projectionsInFlight === 0 && pendingEffects.size === 0);
  return view(SYSTEM_ACTOR.role);

  function ring(alarm: Alarm, position: number) {
    if (alarm.kind === 'notify') {
      live = { ...live, firedAlarms: [...(live.firedAlarms ?? []), alarm.id] };
      // Keyed apart from the transition's own effects (which count from 0) so that each lands once.
      runEffects([
        {
          caseId,
          revision: live.revision,
          index: ALARM_EFFECT_OFFSET + position,
          name: 'notifier',
          params: {
            modele: alarm.notification,
            destinataires: alarm.roles,
            occasion: alarm.id,
            // The deadline the message names: the step's due date, or the timer's own moment.
            echeance: new Date(alarm.deadline).toISOString(),
            // What is due and to whom, for a milestone's or a month's reminder.
            ...alarm.params,
          },
          organisationId: args.organisationId,
        },
      ]);
      return;
    }
    live = { ...live, firedTimers: [...live.firedTimers, alarm.timerIndex] };
    const now = Date.now();
    const decision = engine.decide(live, { event: alarm.event, role: SYSTEM_ACTOR.role, input: {}, at: now });
    // A projection that fails for good is marked and logged by writeProjection; the timer has done its part.
    if (decision.ok) apply(SYSTEM_ACTOR, alarm.event, {}, decision, now).catch(() => undefined);
    else log.warn('Minuterie sans effet', { caseId, state: live.state, event: alarm.event, reason: decision.code });
  }
}

const ALARM_EFFECT_OFFSET = 1000;

const toRequest = (request: SendEventRequest, at: number): EventRequest => ({
  event: request.event,
  role: request.actor.role,
  input: request.input ?? {},
  at,
});

/** Whether the failure, or what caused it, is a write the database refuses for good. */
function isWriteImpossible(error: unknown): boolean {
  return failureOfType(error, WRITE_IMPOSSIBLE) !== undefined;
}

/** The failure of type `type` in the chain of causes, if any. */
function failureOfType(error: unknown, type: string): Error | undefined {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { type?: unknown }).type === type) return e as Error;
  }
  return undefined;
}

function refusal(code: string, message: string, details: RefusalDetails = {}): ApplicationFailure {
  return ApplicationFailure.create({ type: code, message, nonRetryable: true, details: [details] });
}
