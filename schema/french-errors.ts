import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

// The messages of the GraphQL engine itself — a body that is not JSON, a query that does not parse or
// does not match the schema — reach the people and programs calling the API: they are given in
// French here, in one table, each naming what is wrong and never the values sent. A message this
// table does not know is given as a general French one, the engine's text kept in `extensions.detail`
// for the developer (it may quote the query, never variables' values once translated).

type Rule = [RegExp, (...groups: string[]) => string];

const RULES: Rule[] = [
  [/^POST body sent invalid JSON\.$/, () => 'Le corps de la requête n’est pas du JSON valide.'],
  [/^POST body is expected to be object/, () => 'Le corps de la requête doit être un objet JSON { "query": … }.'],
  [/^Expected params to be an object/, () => 'Les paramètres de la requête doivent être un objet JSON.'],
  [/^Must provide query string\.$/, () => 'La requête ne contient aucune opération GraphQL (champ « query »).'],
  [/^GraphQL only supports GET and POST requests\.$/, () => 'L’API GraphQL n’accepte que les requêtes GET et POST.'],
  [
    /^Can only perform a mutation operation from a POST request\.$/,
    () => 'Une mutation s’envoie par une requête POST.',
  ],
  [
    /^Could not determine what operation to execute\.$/,
    () => 'La requête contient plusieurs opérations : nommez celle à exécuter (operationName).',
  ],
  [/^Unknown operation named "(.+)"\.$/, (name) => `La requête ne contient aucune opération nommée « ${name} ».`],
  [/^Batching is (not supported|limited)/, () => 'Une requête porte une seule opération GraphQL.'],
  [/^Unexpected parameter "(.+)" in the request body/, (name) => `Paramètre inattendu dans la requête : « ${name} ».`],
  [/^Request body too large/, () => 'Requête trop volumineuse.'],
  [/^Syntax Error: /, () => 'Erreur de syntaxe dans la requête GraphQL : vérifiez-la à l’endroit indiqué (locations).'],
  [
    /^Cannot query field "(.+?)" on type "(.+?)"\.(?: Did you mean (.+)\?)?$/,
    (field, type, hint) =>
      `Le champ « ${field} » n’existe pas sur le type « ${type} ».${hint ? ` Vouliez-vous dire ${quoted(hint)} ?` : ''}`,
  ],
  [
    /^Unknown argument "(.+?)" on field "(.+?)"\./,
    (arg, field) => `L’argument « ${arg} » n’existe pas pour le champ « ${field} ».`,
  ],
  [
    /^Field "(.+?)" argument "(.+?)" of type "(.+?)" is required, but it was not provided\.$/,
    (field, arg, type) => `L’argument « ${arg} » (${type}) du champ « ${field} » est requis.`,
  ],
  [
    /^Field "(.+?)" of type "(.+?)" must have a selection of subfields\./,
    (field, type) => `Le champ « ${field} » (${type}) demande une sélection de sous-champs entre accolades.`,
  ],
  [
    /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\.$/,
    (field, type) => `Le champ « ${field} » (${type}) n’a pas de sous-champs à sélectionner.`,
  ],
  [/^Unknown type "(.+?)"\./, (type) => `Le type « ${type} » n’existe pas dans le schéma.`],
  [
    /^Fragment cannot be spread here as objects of type "(.+?)" can never be of type "(.+?)"\.$/,
    (parent, type) =>
      `Un fragment sur « ${type} » ne peut pas s’appliquer ici : le résultat est de type « ${parent} ».`,
  ],
  [
    /^Variable "\$(.+?)" of required type "(.+?)" was not provided\.$/,
    (name, type) => `La variable « ${name} » (${type}) est requise mais n’a pas été fournie.`,
  ],
  [
    /^Variable "\$(.+?)" of non-null type "(.+?)" must not be null\.$/,
    (name, type) => `La variable « ${name} » (${type}) ne peut pas être nulle.`,
  ],
  [
    /^Variable "\$(.+?)" got invalid value/,
    (name) => `La variable « ${name} » a une valeur qui ne correspond pas à son type.`,
  ],
  [/^Variable "\$(.+?)" is never used/, (name) => `La variable « ${name} » est déclarée mais jamais utilisée.`],
  [/^Variable "\$(.+?)" is not defined/, (name) => `La variable « ${name} » est utilisée sans être déclarée.`],
  [
    /^(?:Int|Float|String|Boolean|ID|DateTime) cannot represent/,
    () => 'Une valeur de la requête ne correspond pas au type attendu.',
  ],
  [/^Expected value of type "(.+?)"/, (type) => `Une valeur de la requête n’est pas du type attendu (${type}).`],
  [/^Unexpected error\.$/, () => 'Erreur interne : l’incident est journalisé.'],
];

const quoted = (hint: string) => hint.replace(/"([^"]+)"/g, '« $1 »').replace(/, or /, ' ou ');

const GENERAL = 'Requête GraphQL invalide : vérifiez-la d’après le schéma de l’API (schema.graphql).';

/** The French message for one of the engine's, or undefined for a message that is already Siamo's. */
export function frenchMessage(message: string): string | undefined {
  for (const [pattern, translate] of RULES) {
    const match = pattern.exec(message);
    if (match) return translate(...match.slice(1));
  }
  // Siamo's own messages are French (and the engine's are plain ASCII).
  return /[^\x20-\x7e]/.test(message) ? undefined : GENERAL;
}

export function frenchErrors(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== 'object' || !('errors' in result)) return;
      const errors = (result as { errors?: readonly GraphQLError[] }).errors;
      if (!errors?.length) return;
      setResult({
        ...result,
        errors: errors.map((error) => {
          const french = frenchMessage(error.message);
          if (french === undefined) return error;
          const { originalError: _dropped, ...extensions } = (error.extensions ?? {}) as Record<string, unknown>;
          return new GraphQLError(french, {
            nodes: error.nodes,
            source: error.source,
            positions: error.positions,
            path: error.path,
            extensions: french === GENERAL ? { ...extensions, detail: error.message } : extensions,
          });
        }),
      } as typeof result);
    },
  };
}
