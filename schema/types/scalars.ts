import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { builder, type Upload } from '../builder.ts';

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC (2026-11-22T09:30:00.000Z).',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(date.getTime())) throw new GraphQLError('Date invalide : attendu une date ISO 8601.');
    return date;
  },
});

builder.scalarType('JSON', {
  description: 'Any JSON value: form data, input schemas, statecharts.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => literalValue(node, variables ?? {}),
});

builder.scalarType('File', {
  description: 'A file sent with a GraphQL multipart request (input only).',
  serialize: () => {
    throw new GraphQLError('Un fichier ne peut être que reçu.');
  },
  parseValue: (value) => {
    if (!isUpload(value)) throw new GraphQLError('Fichier attendu : envoyez une requête multipart.');
    return value;
  },
});

function isUpload(value: unknown): value is Upload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Upload).arrayBuffer === 'function' &&
    typeof (value as Upload).size === 'number'
  );
}

function literalValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literalValue(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((field) => [field.name.value, literalValue(field.value, variables)]));
    case Kind.VARIABLE:
      return variables[node.name.value];
    default:
      throw new GraphQLError('Valeur JSON invalide.');
  }
}
