import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { durationMs, parseDurationOverrides } from '../processes/durations.ts';
import { parseSettingOverrides } from '../processes/settings.ts';

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

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  SIAMO_DATA_DIR: z.string().min(1).default('var'),
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
  SECURE_COOKIES: flag.default(false),
  GRAPHQL_INTROSPECTION: flag.default(true),
  UPLOAD_MAX_BYTES: positiveInt.default(10 * 1024 * 1024),
  SIAMO_ADMIN_EMAIL: z.email({ error: 'doit être une adresse électronique' }).optional(),
  SIAMO_ADMIN_PASSWORD: z.string().min(10, 'doit compter au moins 10 caractères').optional(),
  /** Demo organisations and users, one per role; on by default so a fresh start can be tried at once. */
  SIAMO_DEMO_DATA: flag.default(true),
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
});

export type Config = z.infer<typeof schema> & { dataDir: string; publicUrl: string };

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
  if (Boolean(parsed.data.SIAMO_ADMIN_EMAIL) !== Boolean(parsed.data.SIAMO_ADMIN_PASSWORD)) {
    throw new ConfigError(
      'Configuration invalide :\n  - SIAMO_ADMIN_EMAIL, SIAMO_ADMIN_PASSWORD: donnez les deux pour créer l’administrateur, ou aucun.',
    );
  }
  if (parsed.data.SIAMO_ROLE !== 'all' && (!parsed.data.DATABASE_URL || !parsed.data.TEMPORAL_ADDRESS)) {
    throw new ConfigError(
      `Configuration invalide :\n  - SIAMO_ROLE: « ${parsed.data.SIAMO_ROLE} » fait tourner une partie de Siamo seulement, qui doit ` +
        'partager la base et Temporal avec les autres : donnez DATABASE_URL et TEMPORAL_ADDRESS (la base embarquée et le ' +
        'serveur de développement n’appartiennent qu’à un processus), ou SIAMO_ROLE=all.',
    );
  }
  const publicUrl = (
    parsed.data.SIAMO_PUBLIC_URL ?? `http://${parsed.data.HTTP_HOST}:${parsed.data.HTTP_PORT}`
  ).replace(/\/$/, '');
  return { ...parsed.data, dataDir: path.resolve(cwd, parsed.data.SIAMO_DATA_DIR), publicUrl };
}
