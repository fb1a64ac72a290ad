import type { IncomingMessage, ServerResponse } from 'node:http';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { requestSecret, resolveViewer } from '../services/auth/resolve-viewer.ts';
import { errorSummary } from '../services/error-summary.ts';
import { batchLoader } from './batch-loader.ts';
import type { ApiContext, ApiServices } from './context.ts';
import { frenchErrors } from './french-errors.ts';
import { schema } from './index.ts';
import { unsafeTextPlugin } from './unsafe-text-plugin.ts';

/** What the HTTP route hands each request: Node's request, and the cookies to set on the answer. */
export interface ServerContext {
  req: IncomingMessage;
  res: ServerResponse;
  cookies: string[];
}

export interface ApiOptions {
  /** Off in production (GRAPHQL_INTROSPECTION=false): the schema is then neither introspected nor hinted at. */
  introspection: boolean;
}

/**
 * Nesting and cost allowed in one operation (graphql-armor's measures, fragments flattened). A case
 * with its history, documents and forms is 5 levels deep; a page of 100 cases with their history
 * costs about 7 000 (a list counts as many times as its `first`).
 */
export const MAX_DEPTH = 10;
export const MAX_COST = 20_000;

export type GraphqlApi = YogaServerInstance<ServerContext, ApiContext>;

/** The GraphQL API over the running product's services. */
export function createGraphqlApi(services: ApiServices, options: ApiOptions): GraphqlApi {
  const { prisma } = services.cases;
  return createYoga<ServerContext, ApiContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // The portal is served from the same origin; machine clients do not need CORS. Reflecting any
    // origin (the default) would let any web page read answers meant for a signed-in browser.
    cors: false,
    landingPage: false,
    graphiql: options.introspection ? { title: 'Siamo — API GraphQL' } : false,
    logging: 'warn',
    maskedErrors: {
      errorMessage: 'Erreur interne : l’incident est journalisé.',
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (!(original instanceof GraphQLError))
          console.error(
            'Erreur de l’API GraphQL',
            JSON.stringify({ path: error instanceof GraphQLError ? error.path : undefined, ...errorSummary(original) }),
          );
        return original instanceof GraphQLError ? original : new GraphQLError(message);
      },
    },
    context: async ({ req, request, cookies }) => {
      const cookie = request.headers.get('cookie');
      const authorization = request.headers.get('authorization');
      const secret = requestSecret({ cookie, authorization });
      const bearer = requestSecret({ authorization }) !== undefined;
      const viewer = await resolveViewer(prisma, secret, { bearer });
      return {
        services,
        prisma,
        viewer,
        authenticatedBy: viewer ? (bearer ? 'token' : 'session') : null,
        sessionSecret: requestSecret({ cookie }),
        ip: clientAddress(req),
        cookies,
        users: batchLoader((ids) => prisma.user.findMany({ where: { id: { in: ids } } })),
        organisations: batchLoader((ids) => prisma.organisation.findMany({ where: { id: { in: ids } } })),
      };
    },
    plugins: [
      unsafeTextPlugin(),
      maxDepthPlugin({
        n: MAX_DEPTH,
        flattenFragments: true,
        propagateOnRejection: false,
        onReject: [
          (context) =>
            context?.reportError(
              new GraphQLError(`Requête trop imbriquée : au plus ${MAX_DEPTH} niveaux de champs par opération.`),
            ),
        ],
      }),
      costLimitPlugin({
        maxCost: MAX_COST,
        flattenFragments: true,
        propagateOnRejection: false,
        onReject: [
          (context) =>
            context?.reportError(
              new GraphQLError(
                `Requête trop coûteuse : demandez moins de champs ou des pages plus petites (coût maximal ${MAX_COST}).`,
              ),
            ),
        ],
      }),
      ...(options.introspection ? [] : [withoutIntrospection()]),
      setCookies(),
      frenchErrors(),
    ],
  });
}

/**
 * The address a sign-in is recorded with. Behind a proxy on the same machine (the portal, a reverse
 * proxy), the peer is the loopback and the proxy names the client last in X-Forwarded-For; from
 * anywhere else, that header is whatever the caller chose to write, and the peer is what counts.
 */
function clientAddress(req: IncomingMessage): string | undefined {
  const peer = req.socket.remoteAddress;
  const forwarded = req.headers['x-forwarded-for'];
  const loopback = peer === '127.0.0.1' || peer === '::1' || peer === '::ffff:127.0.0.1';
  if (!loopback || typeof forwarded !== 'string') return peer;
  return forwarded.split(',').pop()?.trim() || peer;
}

/** Refuses __schema and __type, and stops validation messages from suggesting field names. */
function withoutIntrospection(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
      return ({ result, setResult }) => {
        if (result.length === 0) return;
        const errors: GraphQLError[] = [];
        for (const error of result) {
          if (/introspection has been disabled/i.test(error.message)) {
            // One answer for the whole request, not one per introspection field.
            if (!errors.some((e) => e.message === INTROSPECTION_OFF)) errors.push(new GraphQLError(INTROSPECTION_OFF));
          } else if (error.message.includes('Did you mean')) {
            errors.push(new GraphQLError(error.message.replace(/ ?Did you mean .*$/, ''), { nodes: error.nodes }));
          } else {
            errors.push(error);
          }
        }
        setResult(errors);
      };
    },
  };
}

const INTROSPECTION_OFF = 'L’introspection du schéma est désactivée sur ce serveur.';

/** Sends the cookies a resolver set (sign-in, sign-out) with the response. */
function setCookies(): Plugin<ServerContext> {
  return {
    onResponse({ response, serverContext }) {
      for (const cookie of (serverContext as Partial<ServerContext> | undefined)?.cookies ?? []) {
        response.headers.append('set-cookie', cookie);
      }
    },
  };
}
