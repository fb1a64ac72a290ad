/**
 * The Prisma plugin's planned query for a field, made acceptable to Prisma: when a client selects no
 * column at all (only `__typename` under a result union), the plugin plans `select: {}`, which Prisma
 * refuses. Every column is then read instead.
 */
export function planned<Query extends object>(query: Query): Query {
  const select = (query as { select?: object }).select;
  return select && Object.keys(select).length === 0 ? ({} as Query) : query;
}
