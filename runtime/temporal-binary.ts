import { execFile, spawn } from 'node:child_process';
import { constants, createWriteStream } from 'node:fs';
import { access, chmod, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { pathToFileURL } from 'node:url';

/** The CLI release Siamo is tested against (it embeds Temporal server 1.29.1). */
export const TEMPORAL_CLI_VERSION = '1.5.1';
/** The server embedded in that CLI release. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';

const GO_PACKAGE = 'github.com/temporalio/cli/cmd/temporal';
const EXECUTABLE = process.platform === 'win32' ? 'temporal.exe' : 'temporal';
// Only the wait for the server's first answer is short: that is what hangs on an offline machine.
const DOWNLOAD_CONNECT_TIMEOUT_MS = 15_000;
const DOWNLOAD_BODY_TIMEOUT_MS = 5 * 60_000;
const VERSION_CHECK_TIMEOUT_MS = 10_000;

export type FindTemporalCliOptions = {
  /** Usually TEMPORAL_CLI_PATH: when given, it must work, and nothing else is tried. */
  explicitPath?: string;
  log?: (message: string) => void;
  allowDownload?: boolean;
  allowBuild?: boolean;
};

/** Where Siamo keeps the CLI it downloaded or built: `${XDG_CACHE_HOME or ~/.cache}/siamo/bin`. */
export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheHome = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'siamo', 'bin');
}

/** Runs `<file> --version`; returns its first line, or null when the file is not a working CLI. */
function cliVersion(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, ['--version'], { timeout: VERSION_CHECK_TIMEOUT_MS }, (error, stdout) => {
      const line = stdout.trim().split('\n')[0] ?? '';
      resolve(error || !/^temporal version/i.test(line) ? null : line);
    });
  });
}

// `go install` builds report "0.0.0-DEV" (releases set the version at link time), so the embedded server
// version, which is pinned by the CLI release, identifies them instead.
function hasExpectedVersion(versionLine: string): boolean {
  const asPattern = (version: string) => version.replaceAll('.', '\\.');
  return (
    new RegExp(`version ${asPattern(TEMPORAL_CLI_VERSION)}\\b`).test(versionLine) ||
    new RegExp(`Server ${asPattern(TEMPORAL_SERVER_VERSION)}\\b`).test(versionLine)
  );
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(name: string): Promise<string | null> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function downloadTarget(): { platform: string; arch: string } | null {
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform as string];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string];
  // Windows releases are zip files; Windows users install the CLI themselves.
  return platform && arch ? { platform, arch } : null;
}

function run(
  command: string,
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // Keep only the tail: `go install` can print a lot, and only the last lines explain a failure.
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function download(cacheDir: string, log: (message: string) => void): Promise<string> {
  const target = downloadTarget();
  if (!target) throw new Error(`pas d'archive prévue pour ${process.platform}/${process.arch}`);
  const url = `https://temporal.download/cli/archive/v${TEMPORAL_CLI_VERSION}?platform=${target.platform}&arch=${target.arch}`;
  log(`Téléchargement du CLI Temporal ${TEMPORAL_CLI_VERSION} depuis ${url}…`);
  await mkdir(cacheDir, { recursive: true });
  // A private working folder inside the cache dir, so the final rename is atomic and a half-written binary is never seen.
  const workDir = await mkdtemp(path.join(cacheDir, '.download-'));
  try {
    const controller = new AbortController();
    let timer = setTimeout(() => controller.abort(), DOWNLOAD_CONNECT_TIMEOUT_MS);
    try {
      const response = await fetch(url, {
        signal: controller.signal,
        redirect: 'follow',
      });
      if (!response.ok || !response.body) throw new Error(`réponse HTTP ${response.status}`);
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), DOWNLOAD_BODY_TIMEOUT_MS);
      const archive = path.join(workDir, 'temporal.tar.gz');
      await pipeline(Readable.fromWeb(response.body as WebReadableStream), createWriteStream(archive));
      const extracted = await run('tar', ['-xzf', archive, '-C', workDir, EXECUTABLE]);
      if (extracted.code !== 0) throw new Error(`extraction impossible : ${extracted.output.trim()}`);
    } catch (error) {
      if (controller.signal.aborted) throw new Error('délai dépassé (pas de réseau ?)');
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new Error(cause ? `${(error as Error).message} (${cause})` : (error as Error).message);
    } finally {
      clearTimeout(timer);
    }
    const destination = path.join(cacheDir, EXECUTABLE);
    await chmod(path.join(workDir, EXECUTABLE), 0o755);
    await rename(path.join(workDir, EXECUTABLE), destination);
    return destination;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function build(cacheDir: string, goBinary: string, log: (message: string) => void): Promise<string> {
  log(
    `Compilation du CLI Temporal ${TEMPORAL_CLI_VERSION} avec Go (go install ${GO_PACKAGE}) : ` +
      'la première fois, cela prend plusieurs minutes…',
  );
  await mkdir(cacheDir, { recursive: true });
  const started = Date.now();
  const result = await run(goBinary, ['install', `${GO_PACKAGE}@v${TEMPORAL_CLI_VERSION}`], {
    ...process.env,
    GOBIN: cacheDir,
  });
  if (result.code !== 0) {
    throw new Error(`go install a échoué (code ${result.code}) :\n${result.output.trim()}`);
  }
  log(`CLI Temporal compilé en ${Math.round((Date.now() - started) / 1000)} s.`);
  return path.join(cacheDir, EXECUTABLE);
}

/**
 * Returns the path of a working `temporal` CLI: TEMPORAL_CLI_PATH, then PATH, then Siamo's cache, then a
 * download of the release, then a build with Go. The cache only counts when it holds the expected version,
 * so bumping TEMPORAL_CLI_VERSION replaces it; a CLI chosen by the user (explicit or on PATH) is trusted as is.
 */
export async function findTemporalCli(options: FindTemporalCliOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  const allowDownload = options.allowDownload ?? true;
  const allowBuild = options.allowBuild ?? true;

  if (options.explicitPath) {
    const explicit = path.resolve(options.explicitPath);
    if (!(await isExecutableFile(explicit))) {
      throw new Error(`TEMPORAL_CLI_PATH désigne ${explicit}, qui n'existe pas ou n'est pas exécutable.`);
    }
    const version = await cliVersion(explicit);
    if (!version) {
      throw new Error(
        `TEMPORAL_CLI_PATH désigne ${explicit}, mais « ${explicit} --version » échoue : ce n'est pas un CLI Temporal utilisable.`,
      );
    }
    if (!hasExpectedVersion(version))
      log(`Attention : ${explicit} est « ${version} », Siamo est testé avec ${TEMPORAL_CLI_VERSION}.`);
    return explicit;
  }

  const tried: string[] = ['TEMPORAL_CLI_PATH : non défini'];

  const onPath = await findOnPath(EXECUTABLE);
  if (onPath) {
    const version = await cliVersion(onPath);
    if (version) {
      if (!hasExpectedVersion(version))
        log(`Attention : ${onPath} est « ${version} », Siamo est testé avec ${TEMPORAL_CLI_VERSION}.`);
      return onPath;
    }
    tried.push(`PATH : ${onPath} trouvé, mais « --version » échoue`);
  } else {
    tried.push(`PATH : aucun exécutable « ${EXECUTABLE} »`);
  }

  const cacheDir = temporalCliCacheDir();
  const cached = path.join(cacheDir, EXECUTABLE);
  if (await isExecutableFile(cached)) {
    const version = await cliVersion(cached);
    if (version && hasExpectedVersion(version)) return cached;
    tried.push(
      `cache : ${cached} ${version ? `est « ${version} », pas la ${TEMPORAL_CLI_VERSION}` : 'ne fonctionne pas'}`,
    );
  } else {
    tried.push(`cache : ${cached} absent`);
  }

  if (allowDownload) {
    try {
      const downloaded = await download(cacheDir, log);
      if (await cliVersion(downloaded)) return downloaded;
      tried.push(`téléchargement : le binaire obtenu ne fonctionne pas`);
    } catch (error) {
      tried.push(`téléchargement : ${(error as Error).message}`);
      log(`Téléchargement impossible : ${(error as Error).message}`);
    }
  } else {
    tried.push('téléchargement : désactivé');
  }

  if (allowBuild) {
    const goBinary = await findOnPath(process.platform === 'win32' ? 'go.exe' : 'go');
    if (goBinary) {
      try {
        const built = await build(cacheDir, goBinary, log);
        if (await cliVersion(built)) return built;
        tried.push(`compilation avec Go : ${built} ne fonctionne pas`);
      } catch (error) {
        tried.push(`compilation avec Go : ${(error as Error).message}`);
      }
    } else {
      tried.push('compilation avec Go : « go » introuvable sur le PATH');
    }
  } else {
    tried.push('compilation avec Go : désactivée');
  }

  throw new Error(
    [
      `CLI Temporal introuvable (Siamo en a besoin pour lancer son serveur Temporal de développement). Essayé :`,
      ...tried.map((line) => `  - ${line}`),
      'Pour corriger, au choix :',
      `  - installez le CLI Temporal ${TEMPORAL_CLI_VERSION} (https://docs.temporal.io/cli) et mettez « temporal » sur le PATH ;`,
      '  - ou indiquez son chemin dans la variable TEMPORAL_CLI_PATH ;',
      `  - ou installez Go (https://go.dev/dl) : Siamo compilera alors le CLI dans ${cacheDir} ;`,
      '  - ou, pour utiliser un cluster Temporal existant, définissez TEMPORAL_ADDRESS.',
    ].join('\n'),
  );
}

// CI prepares the binary ahead of the tests with `npx tsx runtime/temporal-binary.ts`.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  findTemporalCli({
    explicitPath: process.env.TEMPORAL_CLI_PATH || undefined,
    log: (message) => console.error(message),
  }).then(
    (cli) => console.log(cli),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
