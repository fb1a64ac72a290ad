import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../prisma/client.ts';
import type { ComputationRequest } from '../processes/computations.ts';
import type { EffectName } from '../processes/effects.ts';
import type { CaseServiceContext } from '../services/context.ts';
import { type ComputationImplementation, DOMAIN_EFFECTS, domainActivities } from '../services/domain-services.ts';
import type { MailSettings } from '../services/mail/settings.ts';
import type { EffectRequest, TransitionRecord } from '../workflows/types.ts';
import { createBatchActivities } from './batch.ts';
import { recordIfFinal } from './effect-failures.ts';
import { generateDocumentEffect } from './effects/generate-document.ts';
import { notify } from './effects/notify.ts';
import { openLinkedCase } from './effects/open-linked-case.ts';
import { sendToDependents } from './effects/send-to-dependents.ts';
import { sendToParent } from './effects/send-to-parent.ts';
import { createMailActivities, requireMail } from './mail.ts';
import type { ProjectionPool } from './projection-pool.ts';
import { recordTransition } from './record-transition.ts';
import { runComputations } from './run-computations.ts';

export interface ActivityDependencies {
  prisma: PrismaClient;
  /** A `pg` pool of the projection's own (runtime/siamo.ts); without it, the projection goes through Prisma. */
  projectionPool?: ProjectionPool;
  /** How mail goes out (runtime/mail.ts). Without it, effects and activities that notify fail for good. */
  mail?: MailSettings;
  /** The data folder: generated documents are stored under `<dataDir>/documents`. */
  dataDir?: string;
  /** The case services, for effects that open a linked case or send an event to one. */
  cases?: CaseServiceContext;
  /** Implementations of effects besides the engine's and the registered domains' (a test's own domain). */
  effects?: Readonly<Record<string, (deps: ActivityDependencies, effect: EffectRequest) => Promise<void>>>;
  /** Implementations of computations besides the registered domains'. */
  computations?: Readonly<Record<string, ComputationImplementation>>;
}

/** Every effect of the engine has an implementation here (the type makes a missing one a compile error); domains bring theirs. */
type EffectImplementations = Record<EffectName, (deps: ActivityDependencies, effect: EffectRequest) => Promise<void>>;

const EFFECT_IMPLEMENTATIONS: EffectImplementations = {
  notifier: ({ prisma, mail }, effect) => notify({ prisma, mail: requireMail(mail) }, effect),
  generer_document: (deps, effect) => generateDocumentEffect(deps, effect),
  ouvrir_dossier: (deps, effect) => openLinkedCase(deps, effect),
  transmettre: (deps, effect) => sendToParent(deps, effect),
  transmettre_aux_dependants: (deps, effect) => sendToDependents(deps, effect),
};

/** The workflows' activities, built from their dependencies so that tests can hand in theirs. */
export function createActivities(deps: ActivityDependencies) {
  return {
    recordTransition: (record: TransitionRecord) => recordTransition(deps.projectionPool ?? deps.prisma, record),
    runComputations: (request: ComputationRequest) => runComputations(deps, request),
    runEffect: async (effect: EffectRequest) => {
      const implementation =
        EFFECT_IMPLEMENTATIONS[effect.name as EffectName] ?? DOMAIN_EFFECTS[effect.name] ?? deps.effects?.[effect.name];
      if (!implementation) {
        throw ApplicationFailure.nonRetryable(`Effet inconnu « ${effect.name} » : aucune implémentation déployée.`);
      }
      try {
        await implementation(deps, effect);
      } catch (error) {
        await recordIfFinal(deps.prisma, effect, error);
        throw error;
      }
    },
    ...createMailActivities(deps.prisma, deps.mail),
    ...createBatchActivities(deps.prisma, undefined, deps.cases ? { cases: deps.cases } : {}),
    ...domainActivities(deps),
  };
}

export type CaseActivities = ReturnType<typeof createActivities>;
