import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHttpServer } from '../../runtime/http-server.ts';
import { EncryptionCodec } from '../../runtime/payload-codec.ts';
import { apiRoutes } from '../../schema/http/api-routes.ts';
import type { AuthSettings } from '../../services/auth/settings.ts';
import type { IdentityRegister } from '../../services/enrolment/identity/identity-register.ts';
import type { SqlClient } from '../../services/enrolment/sql.ts';
import type { MailSettings } from '../../services/mail/settings.ts';
import { type DataKeys, newDataKeysText, parseDataKeys } from '../../services/personal-data/data-keys.ts';
import type { Harness } from './harness.ts';

/** How a request proves who it is: the portal's cookie, or a machine client's bearer token. */
export type Credentials = { cookie: string } | { token: string } | null;

/** Tests walk answers freely: a wrong path fails the assertion that reads it. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type Answer = Record<string, any>;

export interface GraphqlAnswer<T = Answer> {
  status: number;
  headers: Headers;
  data: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface ApiServer {
  url: string;
  dataDir: string;
  auth: AuthSettings;
  /** POSTs an operation to /graphql. */
  gql<T = Answer>(
    query: string,
    variables?: Record<string, unknown>,
    as?: Credentials,
    headers?: Record<string, string>,
  ): Promise<GraphqlAnswer<T>>;
  /** Sends an upload as a GraphQL multipart request (one file, variable `file`). */
  upload(
    query: string,
    variables: Record<string, unknown>,
    file: { name: string; content: Uint8Array; type?: string },
    as?: Credentials,
  ): Promise<GraphqlAnswer>;
  /** Signs in through the API and returns the session cookie to send back. */
  signIn(email: string, password: string): Promise<{ cookie: string; answer: GraphqlAnswer }>;
  get(pathname: string, as?: Credentials): Promise<Response>;
  /** POSTs JSON to a plain HTTP route (the codec endpoint). */
  post(pathname: string, body: unknown, as?: Credentials, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

/**
 * As configured by default, except two-factor sign-in, which suites ask for (`totpRequiredRoles`)
 * where they test it. One sign-in key per test process.
 */
export const DEFAULT_TEST_AUTH: AuthSettings = {
  sessionDurationMs: 8 * 3600_000,
  lockAfterFailures: 5,
  lockDurationMs: 15 * 60_000,
  secureCookies: false,
  passwordPolicy: { minLength: 12, maxAgeMs: null },
  totpRequiredRoles: [],
  signInKey: randomBytes(32),
};

/** The NIN protection keys of the tests' API: one per run, enough for what the tests read back. */
export const TEST_DATA_KEYS = parseDataKeys(newDataKeysText());

/** The API on a free port, over the harness's Temporal and database, as `npm start` mounts it. */
export async function startApi(
  h: Harness,
  options: {
    auth?: Partial<AuthSettings>;
    introspection?: boolean;
    uploadMaxBytes?: number;
    /** The data folder, when the worker's must be the same (generated documents downloaded through the API). */
    dataDir?: string;
    /** Origins of Temporal web UIs the codec endpoint answers from a browser. */
    codecOrigins?: string[];
    /** The mail server check supervision shows. */
    mailCheck?: () => Promise<unknown>;
    /** The personal data keys (the rights check by NIN). */
    dataKeys?: DataKeys;
    /** The API's own mail (the rights checks' alerts, a member's invitation); none by default. */
    mail?: MailSettings;
    /** The rights check's own pool; through Prisma by default. */
    checkDb?: SqlClient;
    /** The identity register hires and imports are checked against; none by default. */
    identity?: IdentityRegister;
  } = {},
): Promise<ApiServer> {
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'siamo-api-'));
  const auth = { ...DEFAULT_TEST_AUTH, ...options.auth };
  const handlers = apiRoutes(
    {
      cases: h.ctx,
      auth,
      dataDir,
      uploadMaxBytes: options.uploadMaxBytes ?? 10 * 1024 * 1024,
      payloadCodec: { codec: new EncryptionCodec(h.payloadKeys), allowedOrigins: options.codecOrigins ?? [] },
      mailCheck: options.mailCheck,
      dataKeys: options.dataKeys ?? TEST_DATA_KEYS,
      mail: options.mail,
      checkDb: options.checkDb,
      identity: options.identity,
    },
    { introspection: options.introspection ?? true },
  );
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    health: async () => ({ ok: true }),
    handlers,
    https: auth.secureCookies,
  });
  const headersFor = (as: Credentials | undefined): Record<string, string> =>
    !as ? {} : 'cookie' in as ? { cookie: as.cookie } : { authorization: `Bearer ${as.token}` };
  const answer = async (response: Response): Promise<GraphqlAnswer> => {
    const body = (await response.json()) as { data?: Answer; errors?: GraphqlAnswer['errors'] };
    return { status: response.status, headers: response.headers, data: body.data ?? {}, errors: body.errors };
  };
  const gql = async (
    query: string,
    variables: Record<string, unknown> = {},
    as?: Credentials,
    headers: Record<string, string> = {},
  ) =>
    answer(
      await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headersFor(as), ...headers },
        body: JSON.stringify({ query, variables }),
      }),
    );
  return {
    url: http.url,
    dataDir,
    auth,
    gql: gql as ApiServer['gql'],
    upload: async (query, variables, file, as) => {
      const form = new FormData();
      form.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set(
        '0',
        new Blob([new Uint8Array(file.content)], { type: file.type ?? 'application/octet-stream' }),
        file.name,
      );
      return answer(
        await fetch(`${http.url}/graphql`, {
          method: 'POST',
          // As the portal does: the header only a page of Siamo's own sends (CSRF prevention).
          headers: { ...headersFor(as), 'graphql-require-preflight': '1' },
          body: form,
        }),
      );
    },
    signIn: async (email, password) => {
      const result = await gql(
        `mutation($email: String!, $password: String!) {
          signIn(email: $email, password: $password) { __typename ... on Error { code message } }
        }`,
        { email, password },
      );
      const setCookie = result.headers.get('set-cookie') ?? '';
      return { cookie: setCookie.split(';')[0] ?? '', answer: result };
    },
    get: (pathname, as) => fetch(`${http.url}${pathname}`, { headers: headersFor(as) }),
    post: (pathname, body, as, headers = {}) =>
      fetch(`${http.url}${pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headersFor(as), ...headers },
        body: JSON.stringify(body),
      }),
    close: async () => {
      await http.close();
      if (ownDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
