import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseDurationOverrides } from '../processes/durations.ts';

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
  LOG_LEVEL: z
    .enum(['error', 'warn', 'info', 'debug'], { error: 'doit être error, warn, info ou debug' })
    .default('info'),
});

export type Config = z.infer<typeof schema> & { dataDir: string };

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
  return { ...parsed.data, dataDir: path.resolve(cwd, parsed.data.SIAMO_DATA_DIR) };
}
