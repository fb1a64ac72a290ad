import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApi } from './support/api.ts';
import { type ApiSuite, createApiSuite } from './support/api-suite.ts';
import { as, type People } from './support/people.ts';

// What the API's HTTP layer answers before any resolver: the security headers on every answer, the
// GraphiQL page's own policy, and the engine's refusals (a body that is not JSON, a query that does not
// parse or fit the schema, a form post without the preflight header) in French.

let suite: ApiSuite;
let api: ApiServer;
let people: People;

beforeAll(async () => {
  suite = await createApiSuite();
  ({ api, people } = suite);
});
afterAll(() => suite?.close());

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${api.url}/graphql`, { method: 'POST', headers, body });

/** The directives of a Content-Security-Policy, by name. */
const directives = (policy: string | null) =>
  new Map(
    (policy ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  it('are on every answer of the API: its JSON, a refusal, an unknown address', async () => {
    const answers = [
      await post(JSON.stringify({ query: '{ me { id } }' })),
      await post('x', { 'content-type': 'text/plain' }),
      await fetch(`${api.url}/nulle-part`),
      await fetch(`${api.url}/documents/inconnu`),
    ];
    for (const answer of answers) {
      const policy = directives(answer.headers.get('content-security-policy'));
      expect(policy.get('default-src')).toEqual(["'none'"]);
      expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('referrer-policy')).toBe('same-origin');
      expect(answer.headers.get('permissions-policy')).toContain('camera=()');
      // Served over plain HTTP here: no HSTS.
      expect(answer.headers.get('strict-transport-security')).toBeNull();
    }
    expect(await answers[2]?.json()).toEqual({ erreur: 'Aucune ressource à l’adresse /nulle-part.' });
  });

  it('tell browsers to keep to HTTPS when Siamo is served over it (SECURE_COOKIES)', async () => {
    const secure = await startApi(suite.h, { auth: { secureCookies: true } });
    try {
      const answer = await fetch(`${secure.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ me { id } }' }),
      });
      expect(answer.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await secure.close();
    }
  });

  it('let GraphiQL load what its page uses, and nothing else frame it', async () => {
    const page = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('YogaGraphiQL');
    const policy = directives(page.headers.get('content-security-policy'));
    const allows = (directive: string, url: string) =>
      (policy.get(directive) ?? []).some(
        (source) => url.startsWith(source) || (source === "'self'" && url.startsWith('/')),
      );
    const scripts = [...html.matchAll(/<script[^>]*\bsrc=["']?([^"' >]+)/g)].map((m) => m[1] as string);
    const styles = [...html.matchAll(/<link[^>]*rel=["']?stylesheet[^>]*href=["']?([^"' >]+)/g)].map(
      (m) => m[1] as string,
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const url of scripts) expect(allows('script-src', url), url).toBe(true);
    for (const url of styles) expect(allows('style-src', url), url).toBe(true);
    // Its inline scripts, and the editor's workers it builds from blobs.
    expect(/<script>[^<]+<\/script>/.test(html)).toBe(true);
    expect(policy.get('script-src')).toContain("'unsafe-inline'");
    expect(html).toContain('createObjectURL');
    expect(policy.get('worker-src')).toContain('blob:');
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('the engine’s refusals, in French', () => {
  const message = async (answer: Response) => {
    const body = (await answer.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    return { status: answer.status, errors: body.errors ?? [] };
  };
  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    post(JSON.stringify({ query, variables }), {
      'content-type': 'application/json',
      authorization: `Bearer ${as(people.person.gerantA).token}`,
    });

  it('a body that is not JSON, or holds no operation, without repeating what was sent', async () => {
    const broken = await message(await post('{"query": "{ me { id } }", "secret": "motdepasse-42'));
    expect(broken.errors.map((e) => e.message)).toEqual(['Le corps de la requête n’est pas du JSON valide.']);
    expect(JSON.stringify(broken.errors)).not.toContain('motdepasse-42');
    expect((await message(await post('{}'))).errors.map((e) => e.message)).toEqual([
      'La requête ne contient aucune opération GraphQL (champ « query »).',
    ]);
    expect((await message(await post('[{}, {}]'))).errors[0]?.message).toBe(
      'Une requête porte une seule opération GraphQL.',
    );
    expect((await message(await post('"texte"'))).errors[0]?.message).toMatch(
      /^Le corps de la requête doit être un objet JSON/,
    );
  });

  it('a method the API does not take, and a mutation sent by GET', async () => {
    const put = await message(
      await fetch(`${api.url}/graphql`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }),
    );
    expect(put.status).toBe(405);
    expect(put.errors.map((e) => e.message)).toEqual(['L’API GraphQL n’accepte que les requêtes GET et POST.']);
    const get = await message(
      await fetch(`${api.url}/graphql?query=${encodeURIComponent('mutation { signOut }')}`, {
        headers: { accept: 'application/json' },
      }),
    );
    expect(get.status).toBe(405);
    expect(get.errors.map((e) => e.message)).toEqual(['Une mutation s’envoie par une requête POST.']);
  });

  it('a query that does not parse, or does not fit the schema', async () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['{ me { id }', {}, 'Erreur de syntaxe dans la requête GraphQL : vérifiez-la à l’endroit indiqué (locations).'],
      ['{ me { identite } }', {}, 'Le champ « identite » n’existe pas sur le type « User ».'],
      ['{ me }', {}, 'Le champ « me » (User) demande une sélection de sous-champs entre accolades.'],
      ['{ me { id(x: 1) } }', {}, 'L’argument « x » n’existe pas pour le champ « User.id ».'],
      [
        'query($id: ID!) { case(id: $id) { __typename } }',
        {},
        'La variable « id » (ID!) est requise mais n’a pas été fournie.',
      ],
      [
        'query($n: Int) { cases(first: $n) { __typename } }',
        { n: 'cent' },
        'Une valeur de la requête ne correspond pas au type attendu.',
      ],
      [
        'query A { me { id } } query B { me { id } }',
        {},
        'La requête contient plusieurs opérations : nommez celle à exécuter (operationName).',
      ],
    ];
    for (const [query, variables, expected] of cases) {
      const { errors } = await message(await gql(query, variables));
      expect(
        errors.map((e) => e.message),
        `${query} → ${JSON.stringify(errors)}`,
      ).toContain(expected);
      expect(JSON.stringify(errors)).not.toContain('cent');
    }
  });

  it('a form post without the preflight header (CSRF)', async () => {
    const refused = await message(
      await post('query={me{id}}', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    expect(refused.status).toBe(400);
    expect(refused.errors).toEqual([
      {
        message:
          'Requête refusée : un envoi de formulaire ou de fichier doit porter l’en-tête GraphQL-Require-Preflight.',
        extensions: { code: 'requete_refusee' },
      },
    ]);
  });
});
