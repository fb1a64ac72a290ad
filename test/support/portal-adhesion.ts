import { expect } from 'vitest';
import { createApiToken } from '../../services/auth/resolve-viewer.ts';
import type { BrowserSuite } from './browser.ts';

// The browser suites' set-up through the product's own API: a demo account's bearer token, a GraphQL
// call with it, and the adhesion of Ciments de Rufisque (the demo employer account's company) to the
// IPM de Thiès made active — request, its three documents, the agent's review, the gérant's contract —
// so that a suite starts from an employer whose workers can be enrolled and whose calls can be issued.

export interface PortalApi {
  token(email: string): Promise<string>;
  /** The first field of the answer's data; any GraphQL error fails the test. */
  call(
    bearer: string,
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<Record<string, unknown> | undefined>;
}

export function portalApi(suite: BrowserSuite): PortalApi {
  const prisma = suite.siamo.ctx.prisma;
  return {
    token: async (email) =>
      createApiToken(prisma, { userId: (await prisma.user.findUniqueOrThrow({ where: { email } })).id, label: 'test' }),
    call: async (bearer, query, variables = {}) => {
      const response = await fetch(`${suite.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data: Record<string, Record<string, unknown>>; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return Object.values(body.data)[0];
    },
  };
}

/** Ciments de Rufisque's adhesion to the IPM de Thiès, from its request to its approved contract: the employer's id. */
export async function approveRufisqueAdhesion(suite: BrowserSuite, api: PortalApi): Promise<string> {
  const employer = await api.token('employeur@demo.siamo.sn');
  const agent = await api.token('agent.ipm-thies@demo.siamo.sn');
  const gerant = await api.token('gerant.ipm-thies@demo.siamo.sn');
  const opened = await api.call(
    employer,
    'mutation($input: JSON!) { requestAdhesion(input: $input) { __typename ... on Adhesion { caseId } ... on Error { message } } }',
    {
      input: {
        ipm: 'ipm-thies',
        raisonSociale: 'Ciments de Rufisque',
        numeroCssIpres: 'CSS-RUF-0042',
        secteur: 'industrie',
        commune: 'SN-DK-04',
      },
    },
  );
  expect(opened, String(opened?.message)).toMatchObject({ __typename: 'Adhesion' });
  const caseId = String(opened?.caseId);
  for (const piece of ['registre_commerce', 'liste_personnel', 'declaration_css_ipres']) {
    const form = new FormData();
    form.set(
      'operations',
      JSON.stringify({
        query:
          'mutation($caseId: ID!, $file: File!, $piece: String) { uploadDocument(caseId: $caseId, file: $file, piece: $piece) { __typename } }',
        variables: { caseId, piece, file: null },
      }),
    );
    form.set('map', JSON.stringify({ 0: ['variables.file'] }));
    form.set(
      '0',
      new File([new TextEncoder().encode('%PDF-1.4\n%%EOF\n')], `${piece}.pdf`, { type: 'application/pdf' }),
    );
    const response = await fetch(`${suite.base}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${employer}`, 'graphql-require-preflight': '1' },
      body: form,
    });
    expect(
      ((await response.json()) as { data: { uploadDocument: { __typename: string } } }).data.uploadDocument,
    ).toMatchObject({ __typename: 'UploadDocumentPayload' });
  }
  for (const [bearer, mutation] of [
    [employer, `sendEvent(input: { caseId: "${caseId}", event: "demande.soumettre" })`],
    [agent, `decideAdhesion(caseId: "${caseId}", event: "examen.completer")`],
    [
      gerant,
      `decideAdhesion(caseId: "${caseId}", event: "contrat.approuver", input: { dateDebutContrat: "2026-01-01" })`,
    ],
  ] as const) {
    const answer = await api.call(bearer, `mutation { ${mutation} { __typename ... on Error { message } } }`);
    expect(answer, JSON.stringify(answer)).not.toHaveProperty('message');
  }
  return (await suite.siamo.ctx.prisma.employer.findFirstOrThrow({ where: { caseId } })).id;
}
