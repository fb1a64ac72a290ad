import { spawn } from 'node:child_process';
import { promises as dns } from 'node:dns';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Runs the project's Prisma CLI (`tsx runtime/prisma-offline.ts generate`, `... migrate diff ...`)
 * on machines that cannot reach Prisma's engine downloads. The client is generated for the JS engine
 * and the driver adapter, so the Rust engines are never executed; but the CLI still insists on having
 * them unless these variables point at some existing file. Where the download host resolves, the
 * variables stay unset and Prisma behaves as usual.
 */

const ENGINE_HOST = 'binaries.prisma.sh';
const DNS_TIMEOUT_MS = 3000;

async function engineHostResolves(): Promise<boolean> {
  const timeout = new Promise<boolean>((resolve) => setTimeout(resolve, DNS_TIMEOUT_MS, false).unref());
  const lookup = dns.lookup(ENGINE_HOST).then(
    () => true,
    () => false,
  );
  return Promise.race([lookup, timeout]);
}

const require = createRequire(import.meta.url);
const prismaPackageJson = require.resolve('prisma/package.json');
const prismaBin = (JSON.parse(readFileSync(prismaPackageJson, 'utf8')) as { bin: { prisma: string } }).bin.prisma;
const cli = path.join(path.dirname(prismaPackageJson), prismaBin);

const env = { ...process.env };
const alreadyConfigured = env.PRISMA_SCHEMA_ENGINE_BINARY && env.PRISMA_QUERY_ENGINE_LIBRARY;
if (!alreadyConfigured && !(await engineHostResolves())) {
  // Any existing file will do: with the JS engine the CLI only checks that the path exists.
  const placeholder = fileURLToPath(new URL('../package.json', import.meta.url));
  env.PRISMA_SCHEMA_ENGINE_BINARY ??= placeholder;
  env.PRISMA_QUERY_ENGINE_LIBRARY ??= placeholder;
  env.CHECKPOINT_DISABLE = '1';
  console.error(
    `prisma-offline: ${ENGINE_HOST} injoignable (pas de DNS en ${DNS_TIMEOUT_MS / 1000} s) : moteurs Prisma non téléchargés, le CLI tourne en mode JS sans eux.`,
  );
}

const child = spawn(process.execPath, [cli, ...process.argv.slice(2)], { stdio: 'inherit', env });
// Ctrl-C already reaches the child through the terminal's process group: stay alive to pass on its
// exit code. A SIGTERM aimed at this process alone is handed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('error', (error) => {
  console.error(`prisma-offline: impossible de lancer le CLI Prisma (${cli}) : ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0));
});
