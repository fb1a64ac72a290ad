import type { ProcessDefinition as ProcessDefinitionRow } from '../../generated/prisma/client.ts';
import type { ProcessDefinition } from '../../processes/model.ts';
import type { Role } from '../../processes/roles.ts';
import { statechartOf } from '../../processes/statechart.ts';
import { deployedDefinition } from '../../services/definition-engines.ts';
import { OPERATIONS } from '../../services/permissions.ts';
import { builder } from '../builder.ts';
import { RoleEnum } from './enums.ts';

const definitionOf = (row: ProcessDefinitionRow): ProcessDefinition => deployedDefinition(row);

export const ProcessVersionRef = builder.prismaObject('ProcessDefinition', {
  name: 'ProcessVersion',
  description: 'One deployed version of a process definition. A case stays on the version it started with.',
  fields: (t) => ({
    processId: t.exposeString('processId'),
    version: t.exposeInt('version'),
    title: t.exposeString('title'),
    description: t.string({ nullable: true, resolve: (row) => definitionOf(row).description ?? null }),
    hash: t.exposeString('hash', { description: 'SHA-256 of the definition, as deployed.' }),
    deployedAt: t.expose('deployedAt', { type: 'DateTime' }),
    startRoles: t.field({ type: [RoleEnum], resolve: (row) => definitionOf(row).startRoles }),
    canStart: t.boolean({
      description: 'Whether you may open a case of this version.',
      resolve: (row, _args, ctx) =>
        ctx.viewer?.roles.some(
          (role) =>
            (OPERATIONS.startCase as readonly Role[]).includes(role) && definitionOf(row).startRoles.includes(role),
        ) ?? false,
    }),
    startInput: t.field({
      type: 'JSON',
      description: 'The fields of the opening form (processes/fields.ts), by name.',
      resolve: (row) => definitionOf(row).startInput ?? {},
    }),
    statechart: t.field({
      type: 'JSON',
      description:
        'The process as a graph to draw: `initial`, `states` (id, label, terminal, targetDuration) and ' +
        '`transitions` (from, to, event, label, roles, guard, timer).',
      resolve: (row) => statechartOf(definitionOf(row)),
    }),
    events: t.field({
      type: 'JSON',
      description: 'Every event of the version: label, roles and input form, by id.',
      resolve: (row) => definitionOf(row).events,
    }),
    computed: t.field({
      type: 'JSON',
      description: 'The fields the engine computes (lists, slippage…), with their types and labels, by name.',
      resolve: (row) => definitionOf(row).computed ?? {},
    }),
  }),
});

/** A process and its deployed versions, newest first. */
export interface ProcessShape {
  id: string;
  versions: ProcessDefinitionRow[];
}

export const ProcessRef = builder.objectRef<ProcessShape>('Process').implement({
  description: 'A process (agrément, …) and its deployed versions; new cases start on the latest.',
  fields: (t) => ({
    id: t.exposeString('id'),
    title: t.string({ resolve: (p) => latestOf(p).title }),
    description: t.string({ nullable: true, resolve: (p) => definitionOf(latestOf(p)).description ?? null }),
    latest: t.field({ type: ProcessVersionRef, resolve: latestOf }),
    versions: t.field({ type: [ProcessVersionRef], resolve: (p) => p.versions }),
  }),
});

function latestOf(process: ProcessShape): ProcessDefinitionRow {
  const [latest] = process.versions;
  if (!latest) throw new Error(`Processus sans version : ${process.id}`);
  return latest;
}

/** Groups deployed versions by process, newest version first. */
export function processesOf(rows: ProcessDefinitionRow[]): ProcessShape[] {
  const byId = new Map<string, ProcessDefinitionRow[]>();
  for (const row of [...rows].sort((a, b) => b.version - a.version)) {
    byId.set(row.processId, [...(byId.get(row.processId) ?? []), row]);
  }
  return [...byId].map(([id, versions]) => ({ id, versions }));
}
