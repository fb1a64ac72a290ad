import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { durationMs, parseDurationOverrides } from '../processes/calendar.ts';
import { isRole, type Role } from '../processes/roles.ts';
import { parseSettingOverrides } from '../processes/settings.ts';
import { passwordProblem } from '../services/auth/password.ts';
import { DEFAULT_TOTP_ROLES } from '../services/auth/settings.ts';
import { httpIdentityProblems } from '../services/enrolment/identity/http-register.ts';
import { type DataKeys, parseDataKeys } from '../services/personal-data/data-keys.ts';
import { readKeyFile } from '../services/personal-data/key-file.ts';
import { type KeyRing, parseKeyRing } from '../services/personal-data/key-ring.ts';

/** Raised at start-up when the environment is incomplete or wrong; its message names every value at fault. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = z.coerce
  .number({ error: 'doit être un numéro de port (1 à 65535)' })
  .int('doit être un numéro de port (1 à 65535)')
  .min(1, 'doit être un numéro de port (1 à 65535)')
  .max(65535, 'doit être un numéro de port (1 à 65535)');
const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/.+/.test(v), 'doit être une URL postgresql://utilisateur@hôte:port/base');

const duration = z.string().transform((value, ctx) => {
  try {
    return durationMs(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});
const flag = z
  .enum(['true', 'false', '1', '0'], { error: 'doit être true ou false' })
  .transform((v) => v === 'true' || v === '1');
const positiveInt = z.coerce
  .number({ error: 'doit être un nombre entier positif' })
  .int('doit être un nombre entier positif')
  .positive('doit être un nombre entier positif');

/** 32 random bytes in base64, e.g. `openssl rand -base64 32`. */
const key32 = z.string().transform((value, ctx) => {
  const key = Buffer.from(value.trim(), 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim())) {
    ctx.addIssue({ code: 'custom', message: 'doit être une clé de 32 octets en base64 (openssl rand -base64 32)' });
    return z.NEVER;
  }
  return key;
});
/** Roles separated by commas, or `aucun`. */
const roleList = z.string().transform((value, ctx) => {
  if (value.trim().toLowerCase() === 'aucun') return [] as Role[];
  const roles = value
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const unknown = roles.filter((role) => !isRole(role) || role === 'systeme');
  if (unknown.length > 0) {
    ctx.addIssue({
      code: 'custom',
      message: `rôle inconnu : ${unknown.join(', ')} (des rôles séparés par des virgules, ou « aucun »)`,
    });
    return z.NEVER;
  }
  return roles as Role[];
});

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  SIAMO_DATA_DIR: z.string().min(1).default('var'),
  /** Where `npm run backup` writes its archives; kept apart from the data folder it saves. */
  SIAMO_BACKUP_DIR: z.string().min(1).default('sauvegardes'),
  EMBEDDED_DB_PORT: port.default(5488),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[\w.-]+:\d+$/, 'doit être de la forme hôte:port, par exemple temporal.example.org:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).optional(),
  TEMPORAL_CLI_PATH: z.string().min(1).optional(),
  HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  HTTP_PORT: port.default(3000),
  SIAMO_DURATIONS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseDurationOverrides(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** Values of the settings catalogue (processes/settings.ts): thresholds, validity periods. */
  SIAMO_SETTINGS: z
    .string()
    .default('')
    .transform((value, ctx) => {
      try {
        return parseSettingOverrides(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z
    .enum(['error', 'warn', 'info', 'debug'], { error: 'doit être error, warn, info ou debug' })
    .default('info'),
  /** The address people use to reach the portal: links in emails point there. */
  SIAMO_PUBLIC_URL: z.url({ error: 'doit être une URL, par exemple https://siamo.sante.gouv.sn' }).optional(),
  SESSION_DURATION: duration.prefault('PT8H'),
  SIGNIN_LOCK_AFTER: positiveInt.default(5),
  SIGNIN_LOCK_DURATION: duration.prefault('PT15M'),
  /** How long a caller waits for a case to show an action before being told it is pending. */
  SIAMO_UPDATE_WAIT: duration
    .prefault('PT20S')
    .refine(
      (ms) => ms >= 1000 && ms <= 600_000,
      'doit être une durée de 1 seconde à 10 minutes (ISO 8601, par exemple PT20S)',
    ),
  SECURE_COOKIES: flag.default(false),
  GRAPHQL_INTROSPECTION: flag.default(true),
  UPLOAD_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  SIAMO_ADMIN_EMAIL: z.email({ error: 'doit être une adresse électronique' }).optional(),
  SIAMO_ADMIN_PASSWORD: z.string().optional(),
  PASSWORD_MIN_LENGTH: z.coerce
    .number({ error: 'doit être un nombre entier de 8 à 256' })
    .int('doit être un nombre entier de 8 à 256')
    .min(8, 'doit être un nombre entier de 8 à 256')
    .max(256, 'doit être un nombre entier de 8 à 256')
    .default(12),
  /** Unset: a password never expires. */
  PASSWORD_MAX_AGE: duration.optional(),
  /** Unset: administrators and national roles, except with the demo data (see loadConfig). */
  TOTP_REQUIRED_ROLES: roleList.optional(),
  /** Seals TOTP secrets and keys the lock counters; generated in the data folder in embedded mode. */
  SIAMO_SIGNIN_KEY: key32.optional(),
  /** Demo organisations and users, one per role; on by default so a fresh start can be tried at once. */
  SIAMO_DEMO_DATA: flag.default(true),
  /**
   * With the demo data, at the first start: licences in the register, applications waiting for each
   * demo account, the master plan moved to today and under way (services/demo/living-demo.ts).
   */
  SIAMO_DEMO_SCENARIO: flag.default(true),
  /** smtp://user:password@host:587 or smtps://…; unset: mail is kept by a local catcher under the data folder. */
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/.+/.test(v), 'doit être une URL smtp://hôte:port ou smtps://hôte:port')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Siamo <ne-pas-repondre@siamo.local>'),
  /** What this process runs: the HTTP server and API, the worker, or both (one machine). */
  SIAMO_ROLE: z.enum(['api', 'worker', 'all'], { error: 'doit être api, worker ou all' }).default('all'),
  /** Hour of the daily digest, in Africa/Dakar time. */
  DIGEST_HOUR: z.coerce.number({ error: 'doit être une heure de 0 à 23' }).int().min(0).max(23).default(7),
  /** Keys of Temporal's payloads, `id:base64,…`, the first encrypting; or a file holding them. */
  SIAMO_PAYLOAD_KEYS: z.string().transform(parsedWith(parseKeyRing)).optional(),
  SIAMO_PAYLOAD_KEY_FILE: z.string().optional(),
  /** Keys of personal data at rest (`index:…` for the blind index, then `id:base64,…`); or a file. */
  SIAMO_DATA_KEYS: z.string().transform(parsedWith(parseDataKeys)).optional(),
  SIAMO_DATA_KEY_FILE: z.string().optional(),
  /** The national identity register's gateway (services/enrolment/identity); unset: the local register of test identities. */
  SIAMO_IDENTITY_URL: z.string().optional(),
  SIAMO_IDENTITY_TOKEN: z.string().optional(),
  SIAMO_IDENTITY_TIMEOUT_MS: z.coerce
    .number({ error: 'doit être un nombre de millisecondes' })
    .int()
    .min(100, 'doit être au moins 100')
    .max(60_000, 'doit être au plus 60000')
    .default(5000),
  /** The Temporal web UI allowed to call the codec endpoint from the browser (CORS). */
  TEMPORAL_UI_URL: z.url({ error: 'doit être une URL, par exemple https://temporal.sante.gouv.sn' }).optional(),
});

function parsedWith<T>(parse: (text: string) => T) {
  return (value: string, ctx: z.RefinementCtx): T => {
    try {
      return parse(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  };
}

export type Config = Omit<z.infer<typeof schema>, 'SIAMO_PAYLOAD_KEYS' | 'SIAMO_DATA_KEYS' | 'TOTP_REQUIRED_ROLES'> & {
  TOTP_REQUIRED_ROLES: Role[];
  dataDir: string;
  backupDir: string;
  publicUrl: string;
  /** Unset in embedded mode: the keys are then made at the first start and kept in the data folder. */
  payloadKeys: KeyRing | undefined;
  dataKeys: DataKeys | undefined;
};

/**
 * Reads and validates the configuration from the environment (and `.env` when present).
 * Every problem is reported at once, naming the variable, so a start-up fails with one readable message.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const dotenv = path.join(cwd, '.env');
  if (env === process.env && existsSync(dotenv)) process.loadEnvFile(dotenv);
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(blanksRemoved);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join('\n')}`);
  }
  const problems: string[] = [];
  if (Boolean(parsed.data.SIAMO_ADMIN_EMAIL) !== Boolean(parsed.data.SIAMO_ADMIN_PASSWORD)) {
    problems.push('SIAMO_ADMIN_EMAIL, SIAMO_ADMIN_PASSWORD: donnez les deux pour créer l’administrateur, ou aucun.');
  }
  problems.push(...httpIdentityProblems(parsed.data));
  const adminPassword = parsed.data.SIAMO_ADMIN_PASSWORD;
  const adminProblem = adminPassword && passwordProblem(adminPassword, { minLength: parsed.data.PASSWORD_MIN_LENGTH });
  if (adminProblem) problems.push(`SIAMO_ADMIN_PASSWORD: ${adminProblem}`);
  if (parsed.data.DATABASE_URL && !parsed.data.SIAMO_SIGNIN_KEY) {
    problems.push(
      'SIAMO_SIGNIN_KEY: requise avec DATABASE_URL (une clé de 32 octets en base64, openssl rand -base64 32, ' +
        'gardée avec les sauvegardes) ; seul le mode embarqué la crée lui-même.',
    );
  }
  if (parsed.data.SIAMO_ROLE !== 'all' && (!parsed.data.DATABASE_URL || !parsed.data.TEMPORAL_ADDRESS)) {
    problems.push(
      `SIAMO_ROLE: « ${parsed.data.SIAMO_ROLE} » fait tourner une partie de Siamo seulement, qui doit ` +
        'partager la base et Temporal avec les autres : donnez DATABASE_URL et TEMPORAL_ADDRESS (la base embarquée et le ' +
        'serveur de développement n’appartiennent qu’à un processus), ou SIAMO_ROLE=all.',
    );
  }
  // The demo's accounts sign in with a password alone unless two-factor sign-in is asked for: trying
  // Siamo out needs no authenticator app. Anywhere else, the national roles need a second factor.
  const totpRoles = parsed.data.TOTP_REQUIRED_ROLES ?? (parsed.data.SIAMO_DEMO_DATA ? [] : [...DEFAULT_TOTP_ROLES]);
  const publicUrl = (
    parsed.data.SIAMO_PUBLIC_URL ?? `http://${parsed.data.HTTP_HOST}:${parsed.data.HTTP_PORT}`
  ).replace(/\/$/, '');
  const keysOf = <T>(name: string, value: T | undefined, fileName: string, parse: (text: string) => T) => {
    const file = (values as Record<string, unknown>)[fileName] as string | undefined;
    if (value !== undefined && file !== undefined) {
      problems.push(`${name}, ${fileName}: donnez les clés ou leur fichier, pas les deux.`);
      return undefined;
    }
    if (file !== undefined) {
      try {
        return parse(readKeyFile(path.resolve(cwd, file)));
      } catch (error) {
        problems.push(`${fileName}: ${(error as Error).message}`);
        return undefined;
      }
    }
    // Against a real Temporal cluster, keys made up on one machine would leave the others unable to read.
    if (value === undefined && parsed.data.TEMPORAL_ADDRESS)
      problems.push(
        `${name}: requis avec TEMPORAL_ADDRESS : donnez les clés (ou ${fileName}), les mêmes pour tous ` +
          'les processus Siamo (README, « Keys and rotation »).',
      );
    return value;
  };
  const { SIAMO_PAYLOAD_KEYS, SIAMO_DATA_KEYS, ...values } = parsed.data;
  const payloadKeys = keysOf('SIAMO_PAYLOAD_KEYS', SIAMO_PAYLOAD_KEYS, 'SIAMO_PAYLOAD_KEY_FILE', parseKeyRing);
  const dataKeys = keysOf('SIAMO_DATA_KEYS', SIAMO_DATA_KEYS, 'SIAMO_DATA_KEY_FILE', parseDataKeys);
  if (problems.length > 0)
    throw new ConfigError(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    ...values,
    TOTP_REQUIRED_ROLES: totpRoles,
    dataDir: path.resolve(cwd, values.SIAMO_DATA_DIR),
    backupDir: path.resolve(cwd, values.SIAMO_BACKUP_DIR),
    publicUrl,
    payloadKeys,
    dataKeys,
  };
}
