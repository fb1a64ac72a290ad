import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigError, loadConfig } from '../config/env.ts';
import { describeIssue, type ImportIssue } from '../services/portfolio/import-issues.ts';
import { SHIPPED_PORTFOLIO_PATH } from '../services/portfolio/shipped-portfolio.ts';

// `npm run portfolio:import [file]`: imports a portfolio file (the shipped SDSI one by default) into a
// running Siamo, through its API like any client — so it works whatever the database (even the
// embedded one, which a second process cannot open) — as a member of the steering committee:
// SIAMO_API_TOKEN (a token made by createApiToken), or SIAMO_EMAIL and SIAMO_PASSWORD. The API's
// address is SIAMO_API_URL, else the portal's (SIAMO_PUBLIC_URL, or http://HTTP_HOST:HTTP_PORT).
// It prints what the import reported, line by line, what it opened, and the budget's totals.

interface Totals {
  byAxis: { label: string; axis: number | null; projects: number; formatted: string }[];
  byPhase: { label: string; projects: number; formatted: string }[];
  total: { projects: number; formatted: string; withoutCost: number[] };
}

interface ImportAnswer {
  __typename: string;
  message?: string;
  fileName?: string;
  projects?: number;
  opened?: number[];
  existing?: number[] | null;
  issues?: ImportIssue[];
  totals?: Totals | null;
}

const IMPORT = `mutation($file: File!) { importPortfolio(file: $file) {
  __typename ... on Error { message }
  ... on PortfolioImport { fileName projects opened existing
    issues { code severity line column project problem action }
    totals { byAxis { axis label projects formatted } byPhase { label projects formatted }
      total { projects formatted withoutCost } } } } }`;

const fail = (message: string, code = 1): never => {
  console.error(message);
  process.exit(code);
};

async function main() {
  const file = process.argv[2] ? path.resolve(process.argv[2]) : SHIPPED_PORTFOLIO_PATH;
  const content = await readFile(file).catch(() => fail(`Fichier illisible : ${file}`, 2));
  let base = process.env.SIAMO_API_URL;
  if (!base) {
    try {
      base = loadConfig().publicUrl;
    } catch (error) {
      fail(error instanceof ConfigError ? error.message : String(error), 2);
    }
  }
  const api = `${String(base).replace(/\/$/, '')}/graphql`;
  const headers = await credentials(api);
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: IMPORT, variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new Blob([new Uint8Array(content)], { type: 'text/csv' }), path.basename(file));
  const response = await fetch(api, {
    method: 'POST',
    headers: { ...headers, 'graphql-require-preflight': '1' },
    body: form,
  }).catch(() => fail(`Siamo ne répond pas à ${api} : est-il démarré (npm start) ?`));
  const body = (await response.json().catch(() => ({}))) as {
    data?: { importPortfolio: ImportAnswer };
    errors?: { message: string }[];
  };
  const answer = body.data?.importPortfolio;
  if (!answer) fail(`L’API a répondu ${response.status} : ${body.errors?.map((e) => e.message).join(' ') ?? ''}`);
  if (answer?.__typename !== 'PortfolioImport') fail(answer?.message ?? 'Import refusé.');
  print(answer as Required<ImportAnswer>);
}

/** A bearer token, or a session from signing in with an e-mail and a password. */
async function credentials(api: string): Promise<Record<string, string>> {
  const token = process.env.SIAMO_API_TOKEN;
  if (token) return { authorization: `Bearer ${token}` };
  const email = process.env.SIAMO_EMAIL;
  const password = process.env.SIAMO_PASSWORD;
  if (!email || !password)
    return fail(
      'Indiquez qui importe : SIAMO_API_TOKEN (un jeton d’accès d’une personne du pilotage ICAMO), ou ' +
        'SIAMO_EMAIL et SIAMO_PASSWORD.',
      2,
    );
  const response = await fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation($email: String!, $password: String!) { signIn(email: $email, password: $password) {
        __typename ... on Error { message } } }`,
      variables: { email, password },
    }),
  }).catch(() => fail(`Siamo ne répond pas à ${api} : est-il démarré (npm start) ?`));
  const body = (await response.json().catch(() => ({}))) as {
    data?: { signIn?: { __typename: string; message?: string } };
  };
  if (body.data?.signIn?.message) fail(`Connexion refusée : ${body.data.signIn.message}`);
  const cookie = response.headers.get('set-cookie')?.split(';')[0];
  return cookie ? { cookie } : fail('Connexion refusée.');
}

function print(answer: Required<ImportAnswer>) {
  const count = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;
  console.log(
    `Import de ${answer.fileName} : ${count(answer.projects, 'projet')} lu${answer.projects > 1 ? 's' : ''}, ` +
      `${count(answer.opened.length, 'dossier')} ouvert${answer.opened.length > 1 ? 's' : ''}` +
      (answer.existing?.length
        ? `, ${count(answer.existing.length, 'projet')} déjà suivi${answer.existing.length > 1 ? 's' : ''}`
        : '') +
      '.',
  );
  if (answer.opened.length > 0) console.log(`Projets ouverts : ${answer.opened.join(', ')}.`);
  console.log(
    answer.issues.length === 0 ? 'Rien à signaler.' : `\n${count(answer.issues.length, 'point')} à signaler :`,
  );
  for (const issue of answer.issues) console.log(`- [${issue.severity}] ${describeIssue(issue)}`);
  const totals = answer.totals;
  if (!totals) return;
  console.log('\nBudget par axe :');
  for (const t of totals.byAxis)
    console.log(
      `  ${t.axis === null ? t.label : `Axe ${t.axis} — ${t.label}`} : ${count(t.projects, 'projet')}, ${t.formatted}`,
    );
  console.log('Budget par phase :');
  for (const t of totals.byPhase) console.log(`  ${t.label} : ${count(t.projects, 'projet')}, ${t.formatted}`);
  console.log(
    `Total : ${count(totals.total.projects, 'projet')}, ${totals.total.formatted}` +
      (totals.total.withoutCost.length ? ` (sans coût : projets ${totals.total.withoutCost.join(', ')})` : '') +
      '.',
  );
}

await main();
