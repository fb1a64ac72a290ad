import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHttpServer } from '../runtime/http-server.ts';
import { apiRoutes } from '../schema/http/api-routes.ts';
import { hashPassword } from '../services/auth/password.ts';
import { createApiToken } from '../services/auth/resolve-viewer.ts';
import type { CaseServiceContext } from '../services/context.ts';
import type { Actor } from '../workflows/types.ts';

// The API as the benchmark drives it: mounted on a free port as `npm start` mounts it, called over
// HTTP by a machine client (an IPM agent with a bearer token), like IPM software would.

export interface BenchApi {
  url: string;
  /** The IPM agent the GraphQL clients act as; cases must belong to its organisation. */
  agent: Actor;
  organisationId: string;
  send(caseId: string, event: string): Promise<void>;
  /** The same request, as the load driver sends it from its own process. */
  request(caseId: string, event: string): { url: string; headers: Record<string, string>; body: string };
  close(): Promise<void>;
}

const SEND_EVENT = `mutation($caseId: ID!, $event: String!) {
  sendEvent(input: { caseId: $caseId, event: $event }) {
    __typename ... on CasePayload { case { state revision } } ... on Error { message } } }`;

export async function startBenchApi(ctx: CaseServiceContext): Promise<BenchApi> {
  const organisationId = `bench-ipm-${randomUUID().slice(0, 8)}`;
  await ctx.prisma.organisation.create({ data: { id: organisationId, kind: 'IPM', name: 'IPM du banc d’essai' } });
  const user = await ctx.prisma.user.create({
    data: {
      email: `${organisationId}@bench.siamo.sn`,
      displayName: 'Agent du banc d’essai',
      passwordHash: await hashPassword(randomUUID()),
      organisationId,
      roles: ['agent_ipm'],
    },
  });
  const token = await createApiToken(ctx.prisma, { userId: user.id, label: 'banc d’essai' });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-bench-api-'));
  const http = await startHttpServer({
    host: '127.0.0.1',
    port: 0,
    health: async () => ({ ok: true }),
    handlers: apiRoutes(
      {
        cases: ctx,
        auth: {
          sessionDurationMs: 3600_000,
          lockAfterFailures: 5,
          lockDurationMs: 60_000,
          secureCookies: false,
          passwordPolicy: { minLength: 12, maxAgeMs: null },
          totpRequiredRoles: [],
          signInKey: randomBytes(32),
        },
        dataDir,
        uploadMaxBytes: 1024 * 1024,
      },
      { introspection: false },
    ),
  });
  return {
    url: http.url,
    agent: { id: user.id, role: 'agent_ipm' },
    organisationId,
    send: async (caseId, event) => {
      const response = await fetch(`${http.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: SEND_EVENT, variables: { caseId, event } }),
      });
      const body = (await response.json()) as { data?: { sendEvent?: { __typename: string; message?: string } } };
      const result = body.data?.sendEvent;
      if (result?.__typename !== 'CasePayload') {
        throw new Error(`sendEvent par GraphQL refusé : ${result?.message ?? JSON.stringify(body)}`);
      }
    },
    request: (caseId, event) => ({
      url: `${http.url}/graphql`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: SEND_EVENT, variables: { caseId, event } }),
    }),
    close: async () => {
      await http.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
