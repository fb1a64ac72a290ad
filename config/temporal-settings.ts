import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The value types Temporal accepts for a custom search attribute, spelled as the CLI and temporal.yaml spell them. */
export const SEARCH_ATTRIBUTE_TYPES = ['Keyword', 'Int', 'Text', 'Double', 'Bool', 'Datetime', 'KeywordList'] as const;
export type SearchAttributeType = (typeof SEARCH_ATTRIBUTE_TYPES)[number];

export const DEV_SERVER_LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'never'] as const;

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

const port = z.number().int().min(1).max(65535);

const schema = z.strictObject({
  namespace: z.string().min(1),
  taskQueues: z.strictObject({
    cases: z.string().min(1),
  }),
  searchAttributes: z.record(
    // Same rule as the CLI's `--search-attribute KEY=TYPE`: anything else would break that flag.
    z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'doit être un identifiant (lettres, chiffres, _)'),
    z.enum(SEARCH_ATTRIBUTE_TYPES),
  ),
  devServer: z.strictObject({
    ip: z.string().refine((v) => v === 'localhost' || isIP(v) !== 0, 'doit être une adresse IP, par exemple 127.0.0.1'),
    port,
    // `false` runs the dev server without its web UI (--headless).
    uiPort: z.union([port, z.literal(false)]),
    dbFile: z.string().min(1),
    logLevel: z.enum(DEV_SERVER_LOG_LEVELS),
  }),
});

export type TemporalSettings = z.infer<typeof schema>;

function describeValue(value: unknown): string {
  if (value === undefined) return 'rien';
  if (value === null) return 'null';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'une liste';
  return 'un objet';
}

const typeNames: Record<string, string> = {
  string: 'un texte',
  number: 'un nombre',
  int: 'un entier',
  boolean: 'un booléen',
  object: 'un objet',
  record: 'un objet',
  array: 'une liste',
};

// Zod's defaults are English and generic; the people editing temporal.yaml read French and need to know what to write.
const frenchMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `clé manquante, attendu ${typeNames[issue.expected] ?? issue.expected}`;
      return `attendu ${typeNames[issue.expected] ?? issue.expected}, reçu ${describeValue(issue.input)}`;
    case 'invalid_value':
      return `attendu l'une des valeurs ${issue.values.map((v) => String(v)).join(', ')}, reçu ${describeValue(issue.input)}`;
    case 'unrecognized_keys':
      return `clé${issue.keys.length > 1 ? 's' : ''} inconnue${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string') return 'ne doit pas être vide';
      return `attendu une valeur ≥ ${String(issue.minimum)}, reçu ${describeValue(issue.input)}`;
    case 'too_big':
      return `attendu une valeur ≤ ${String(issue.maximum)}, reçu ${describeValue(issue.input)}`;
    case 'invalid_key':
      return `nom invalide : ${issue.issues[0]?.message ?? 'clé refusée'}`;
    case 'invalid_union':
      return `attendu un numéro de port (1 à 65535) ou false, reçu ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
};

function formatPath(issuePath: readonly PropertyKey[]): string {
  return issuePath.length === 0 ? '(racine)' : issuePath.map(String).join('.');
}

/**
 * Reads and validates temporal.yaml. A relative `file` is taken from the project root rather than the working
 * directory, so scripts and tests started from elsewhere still find the project's settings.
 * Every problem is reported at once, each naming its key, so a start-up fails with one readable message.
 */
export function loadTemporalSettings(file = 'temporal.yaml'): TemporalSettings {
  const fullPath = path.resolve(projectRoot, file);
  let text: string;
  try {
    text = readFileSync(fullPath, 'utf8');
  } catch (error) {
    throw new Error(
      `Impossible de lire le fichier de configuration Temporal ${fullPath} : ${(error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    throw new Error(`Le fichier ${fullPath} n'est pas un YAML valide : ${(error as Error).message.trim()}`);
  }
  if (data === null || data === undefined) {
    throw new Error(`Le fichier de configuration Temporal ${fullPath} est vide.`);
  }
  const parsed = schema.safeParse(data, { error: frenchMessage });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${formatPath(issue.path)} : ${issue.message}`);
    throw new Error(`Fichier de configuration Temporal invalide (${fullPath}) :\n${lines.join('\n')}`);
  }
  return parsed.data;
}
