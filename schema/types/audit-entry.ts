import { isRole } from '../../processes/roles.ts';
import { engineFor } from '../../services/definition-engines.ts';
import { builder } from '../builder.ts';
import type { ApiContext } from '../context.ts';
import { RoleEnum } from './enums.ts';
import { UserRef, visiblePerson } from './user.ts';

/** The pseudo-event of a case's first transition (not an event of the definition). */
const OPENING = 'dossier.ouvrir';

/** The pseudo-event of a move to another version of the process; its input names both versions. */
const MIGRATION = 'dossier.migrer';

const previousVersion = (entry: { event: string; input: unknown }): number | undefined => {
  const version = (entry.input as { versionPrecedente?: unknown } | null)?.versionPrecedente;
  return entry.event === MIGRATION && typeof version === 'number' ? version : undefined;
};

export const AuditEntryRef = builder.prismaObject('AuditEntry', {
  name: 'HistoryEntry',
  description: 'One transition of a case: who, when, which event, from which state to which.',
  select: { revision: true },
  fields: (t) => ({
    revision: t.exposeInt('revision'),
    at: t.expose('at', { type: 'DateTime' }),
    actorRole: t.field({
      type: RoleEnum,
      select: { actorRole: true },
      resolve: (entry) => (isRole(entry.actorRole) ? entry.actorRole : 'systeme'),
    }),
    actor: t.field({
      type: UserRef,
      nullable: true,
      description: 'The person, if you may see them (the engine’s own timers have none).',
      select: { actorId: true },
      resolve: (entry, _args, ctx) => visiblePerson(ctx, entry.actorId),
    }),
    event: t.exposeString('event'),
    eventLabel: t.string({
      select: { event: true, input: true, definitionVersion: true, case: { select: { processId: true } } },
      resolve: async (entry, _args, ctx) => {
        if (entry.event === OPENING) return 'Ouverture du dossier';
        const before = previousVersion(entry);
        if (before !== undefined) return `Passage de la version ${before} à la version ${entry.definitionVersion}`;
        return (await engine(ctx, entry))?.definition.events[entry.event]?.label ?? entry.event;
      },
    }),
    fromState: t.exposeString('fromState', { nullable: true }),
    fromStateLabel: t.string({
      nullable: true,
      select: {
        fromState: true,
        event: true,
        input: true,
        definitionVersion: true,
        case: { select: { processId: true } },
      },
      resolve: async (entry, _args, ctx) => {
        if (entry.fromState === null) return null;
        // A move between versions left a state of the version before.
        const version = previousVersion(entry) ?? entry.definitionVersion;
        return (
          (await engineFor(ctx.prisma, entry.case.processId, version))?.stateLabel(entry.fromState) ?? entry.fromState
        );
      },
    }),
    toState: t.exposeString('toState'),
    toStateLabel: t.string({
      select: { toState: true, definitionVersion: true, case: { select: { processId: true } } },
      resolve: async (entry, _args, ctx) => (await engine(ctx, entry))?.stateLabel(entry.toState) ?? entry.toState,
    }),
    input: t.field({ type: 'JSON', select: { input: true }, resolve: (entry) => entry.input }),
    computed: t.field({
      type: 'JSON',
      nullable: true,
      description:
        'What the transition’s computed steps gave, by field: the computation, its value and its source ' +
        '(`referential`, `version`, `asOf`: the business date it was read at). Null when it called none.',
      select: { computed: true },
      resolve: (entry) => entry.computed,
    }),
  }),
});

const engine = (ctx: ApiContext, entry: { definitionVersion: number; case: { processId: string } }) =>
  engineFor(ctx.prisma, entry.case.processId, entry.definitionVersion);
