import type { IdentityClaim, IdentityField, IdentityRegister, IdentityVerdict } from './identity-register.ts';

// The national register over HTTP: `POST <url>/verifications` with a bearer token, a JSON body
// `{ "demandes": [{ "type", "numero", "nom", "prenoms", "date_naissance" }] }`, answered by
// `{ "reponses": [{ "statut": "conforme" | "inconnu" | "divergent", "champs"?: [...] }] }` in the same
// order. The register's real contract is not published: this is the one Siamo asks a gateway to
// speak. Its settings are read and checked at start-up (config/env.ts).

export interface HttpIdentitySettings {
  url: string;
  token: string;
  timeoutMs: number;
  /** Claims per request. */
  batchSize?: number;
}

/** Why the settings cannot work, in French, naming the variable; empty when they can. */
export function httpIdentityProblems(env: { SIAMO_IDENTITY_URL?: string; SIAMO_IDENTITY_TOKEN?: string }): string[] {
  const problems: string[] = [];
  if (!env.SIAMO_IDENTITY_URL) {
    if (env.SIAMO_IDENTITY_TOKEN)
      problems.push(
        'SIAMO_IDENTITY_TOKEN: donné sans SIAMO_IDENTITY_URL ; donnez l’adresse du registre, ou aucun des deux.',
      );
    return problems;
  }
  let url: URL | undefined;
  try {
    url = new URL(env.SIAMO_IDENTITY_URL);
  } catch {
    problems.push('SIAMO_IDENTITY_URL: doit être une URL, par exemple https://registre.example.sn/api');
  }
  const local = url && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url && url.protocol !== 'https:' && !(local && url.protocol === 'http:'))
    problems.push('SIAMO_IDENTITY_URL: doit être en https:// (les identités ne circulent pas en clair sur le réseau).');
  if (!env.SIAMO_IDENTITY_TOKEN)
    problems.push('SIAMO_IDENTITY_TOKEN: requis avec SIAMO_IDENTITY_URL (le jeton d’accès au registre).');
  return problems;
}

const FIELDS: readonly IdentityField[] = ['nom', 'prenoms', 'date_naissance'];

export function createHttpIdentityRegister(settings: HttpIdentitySettings): IdentityRegister {
  const endpoint = `${settings.url.replace(/\/$/, '')}/verifications`;
  const batchSize = settings.batchSize ?? 500;
  const ask = async (claims: readonly IdentityClaim[]): Promise<IdentityVerdict[]> => {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: { authorization: `Bearer ${settings.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          demandes: claims.map((c) => ({
            type: c.kind,
            numero: c.identifier,
            nom: c.lastName,
            prenoms: c.firstNames,
            date_naissance: c.birthDate,
          })),
        }),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
    } catch {
      throw new Error(
        `Le registre national des identités ne répond pas (${new URL(endpoint).host}) : réessayez plus tard.`,
      );
    }
    if (!response.ok)
      throw new Error(`Le registre national des identités refuse la demande (HTTP ${response.status}).`);
    const body = (await response.json().catch(() => null)) as { reponses?: unknown } | null;
    const answers = Array.isArray(body?.reponses) ? body.reponses : null;
    if (!answers || answers.length !== claims.length)
      throw new Error('Le registre national des identités a répondu dans un format inattendu.');
    return answers.map((a): IdentityVerdict => {
      const answer = a as { statut?: unknown; champs?: unknown };
      if (answer.statut === 'conforme') return { status: 'conforme' };
      if (answer.statut === 'inconnu') return { status: 'inconnu' };
      if (answer.statut === 'divergent') {
        const fields = Array.isArray(answer.champs)
          ? answer.champs.filter((f): f is IdentityField => FIELDS.includes(f as IdentityField))
          : [];
        return { status: 'divergent', fields };
      }
      throw new Error('Le registre national des identités a répondu dans un format inattendu.');
    });
  };
  return {
    label: 'registre national des cartes d’identité',
    check: async (claims) => {
      const verdicts: IdentityVerdict[] = [];
      for (let i = 0; i < claims.length; i += batchSize) verdicts.push(...(await ask(claims.slice(i, i + batchSize))));
      return verdicts;
    },
  };
}
