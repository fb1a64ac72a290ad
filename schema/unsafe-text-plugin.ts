import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { unsafeTexts } from '../processes/text-safety.ts';

/**
 * Refuses, before anything is parsed or resolved, a request whose text could never be stored — a NUL
 * character or a lone surrogate in a variable or in the operation itself — naming each place. Let
 * through, such text would reach the database as a case's data and make its every write fail.
 */
export function unsafeTextPlugin(): Plugin {
  return {
    onParams({ params, setResult }) {
      const problems = {
        ...unsafeTexts(params.variables ?? {}, 'variables'),
        ...unsafeTexts({ operation: params.query ?? '', operationName: params.operationName ?? '' }),
      };
      const places = Object.keys(problems);
      if (places.length === 0) return;
      setResult({
        errors: [
          new GraphQLError(
            `Requête refusée : ${places.length === 1 ? 'un texte contient' : `${places.length} textes contiennent`} un caractère qui ne peut pas être enregistré (${places.join(', ')}). Corrigez la saisie puis recommencez.`,
            { extensions: { code: 'saisie_invalide', fields: problems, http: { status: 400 } } },
          ),
        ],
      });
    },
  };
}
