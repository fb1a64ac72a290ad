import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import type PrismaTypes from '../generated/pothos-prisma-types.ts';
import { getDatamodel } from '../generated/pothos-prisma-types.ts';
import type { ApiContext } from './context.ts';

/** A received upload (GraphQL multipart request): what the server hands the resolver. */
export interface Upload {
  name: string;
  size: number;
  type: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The one schema builder. Errors come before Prisma so that `errors` works on Prisma fields (the
 * plugin's documented order); Relay gives connections, without its global `node` lookups, which
 * would be a second way to read any object and bypass the per-field rules.
 */
export const builder = new SchemaBuilder<{
  Context: ApiContext;
  PrismaTypes: PrismaTypes;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: Upload; Output: never };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  // Fields are non-null unless said otherwise: clients get precise types, and `nullable: true`
  // marks what may really be missing.
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, PrismaPlugin, RelayPlugin],
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  errors: {
    defaultTypes: [],
    defaultUnionOptions: { name: ({ fieldName }) => `${capitalised(fieldName)}Result` },
    defaultResultOptions: { name: ({ fieldName }) => `${capitalised(fieldName)}Success` },
  },
});

builder.queryType({});
builder.mutationType({});
