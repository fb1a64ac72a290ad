import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import type { TemporalSettings } from '../config/temporal-settings.ts';
import { registerSearchAttributes } from './search-attributes.ts';

export type DevServer = {
  /** host:port for `Connection.connect({ address })`. */
  address: string;
  namespace: string;
  stop(): Promise<void>;
  /** SIGKILL: the server dies as in a crash, without flushing anything; for the tests that cause one. */
  kill(): Promise<void>;
};

export type StartDevServerOptions = {
  cliPath: string;
  settings: TemporalSettings;
  /** SIAMO_DATA_DIR: a relative dbFile is taken from here. */
  dataDir: string;
  /** Overrides devServer.port of temporal.yaml. */
  port?: number;
  /** Overrides devServer.uiPort of temporal.yaml; false runs without the web UI. */
  uiPort?: number | false;
  /** Overrides devServer.dbFile of temporal.yaml; null keeps everything in memory (lost at stop). */
  dbFile?: string | null;
  /** The codec endpoint the web UI asks to decrypt payloads (Siamo's `/codec`). */
  uiCodecEndpoint?: string;
  /** Everything the server writes (its logs), as it comes. */
  onOutput?: (chunk: string) => void;
  log?: (message: string) => void;
};

type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

const READY_TIMEOUT_MS = 60_000;
const READY_ATTEMPT_TIMEOUT_MS = 2_000;
const STOP_GRACE_MS = 10_000;
const OUTPUT_TAIL_LINES = 30;

/** A port that was free a moment ago, for tests that need a server of their own. */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

function hostPort(host: string, port: number): string {
  // A server bound to every interface is still reached through loopback from this machine.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return reachable.includes(':') ? `[${reachable}]:${port}` : `${reachable}:${port}`;
}

function portInUseError(kind: string, host: string, port: number, fromOption: boolean, yamlKey: string): Error {
  const how = fromOption
    ? 'Ce port a été imposé par le code appelant : choisissez-en un autre.'
    : `Arrêtez le programme qui l'occupe (peut-être un autre serveur Temporal ou une autre instance de Siamo), ` +
      `ou changez « ${yamlKey} » dans temporal.yaml.`;
  return new Error(
    `Le port ${port} (${kind}, ${host}) est déjà utilisé : impossible de lancer le serveur Temporal de développement. ${how}`,
  );
}

/**
 * Starts `temporal server start-dev` as a child process and resolves once it answers for the Siamo namespace.
 * The process is stopped with this Node process, so an interrupted test or start-up leaves no server behind
 * holding the port.
 */
export async function startDevServer(options: StartDevServerOptions): Promise<DevServer> {
  const { settings, cliPath } = options;
  const log = options.log ?? (() => {});
  const devServer = settings.devServer;
  const ip = devServer.ip;
  const port = options.port ?? devServer.port;
  const uiPort = options.uiPort === undefined ? devServer.uiPort : options.uiPort;
  const dbFile = options.dbFile === undefined ? devServer.dbFile : options.dbFile;
  const namespace = settings.namespace;

  // The CLI checks the ports too, but in English and mixed with its own logs; this check tells what to change.
  if (!(await isPortFree(ip, port)))
    throw portInUseError('gRPC', ip, port, options.port !== undefined, 'devServer.port');
  if (uiPort !== false && !(await isPortFree(ip, uiPort))) {
    throw portInUseError('interface web', ip, uiPort, options.uiPort !== undefined, 'devServer.uiPort');
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(port), '--log-level', devServer.logLevel];
  if (uiPort === false) args.push('--headless');
  else {
    args.push('--ui-port', String(uiPort));
    if (options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  }
  if (dbFile !== null) {
    const dbPath = path.resolve(options.dataDir, dbFile);
    await mkdir(path.dirname(dbPath), { recursive: true });
    args.push('--db-filename', dbPath);
  }
  // "default" is always created by the CLI; naming it again would create it twice.
  if (namespace !== 'default') args.push('--namespace', namespace);
  // Only applies when the namespace is created, i.e. on a new database; registerSearchAttributes covers the rest.
  for (const [name, type] of Object.entries(settings.searchAttributes)) {
    args.push('--search-attribute', `${name}=${type}`);
  }

  const address = hostPort(ip, port);
  log(`Démarrage du serveur Temporal de développement sur ${address}${dbFile === null ? ' (en mémoire)' : ''}…`);
  const started = Date.now();
  const child = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });

  const outputTail: string[] = [];
  const remember = (chunk: Buffer) => {
    options.onOutput?.(chunk.toString());
    for (const line of chunk.toString().split('\n')) {
      if (line.trim()) outputTail.push(line);
    }
    outputTail.splice(0, Math.max(0, outputTail.length - OUTPUT_TAIL_LINES));
  };
  child.stdout?.on('data', remember);
  child.stderr?.on('data', remember);

  const exited = new Promise<ExitInfo>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    child.on('error', (error) => {
      outputTail.push(error.message);
      resolve({ code: null, signal: null });
    });
  });
  let stopping: Promise<void> | undefined;
  let ready = false;
  // Workflows stall without a word when the server dies; saying so points at the cause.
  void exited.then(({ code, signal }) => {
    if (ready && !stopping) {
      log(
        `Le serveur Temporal de développement s'est arrêté de lui-même (${signal ?? `code ${code}`}) :\n${outputTail.join('\n')}`,
      );
    }
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.on('exit', killOnExit);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      process.off('exit', killOnExit);
    })();
    return stopping;
  };

  try {
    await waitUntilReady(address, namespace, exited, outputTail);
    // The --search-attribute flags are ignored for a namespace kept in an existing database, e.g. after
    // temporal.yaml gained an attribute, so the running server is brought up to date here.
    const connection = await Connection.connect({ address });
    try {
      await registerSearchAttributes(connection, namespace, settings.searchAttributes);
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  ready = true;
  log(`Serveur Temporal prêt sur ${address} en ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const kill = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      process.off('exit', killOnExit);
    })();
    return stopping;
  };
  return { address, namespace, stop, kill };
}

async function waitUntilReady(
  address: string,
  namespace: string,
  exited: Promise<ExitInfo>,
  outputTail: string[],
): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const earlyExit = exited.then(({ code, signal }) => {
    const how = signal ? `tué par ${signal}` : `code de sortie ${code}`;
    // The CLI prints its usage before the actual complaint, so the last line is the one that explains.
    const last = outputTail.at(-1);
    const tail = outputTail.length > 1 ? `\nDernières lignes :\n${outputTail.join('\n')}` : '';
    return new Error(
      `Le serveur Temporal de développement s'est arrêté au démarrage (${how})${last ? ` : ${last}` : '.'}${tail}`,
    );
  });
  let lastError: unknown;
  while (Date.now() < deadline) {
    const attempt = (async () => {
      const connection = await Connection.connect({
        address,
        connectTimeout: READY_ATTEMPT_TIMEOUT_MS,
      });
      try {
        await connection.withDeadline(Date.now() + READY_ATTEMPT_TIMEOUT_MS, () =>
          connection.workflowService.describeNamespace({ namespace }),
        );
      } finally {
        await connection.close();
      }
    })();
    const outcome = await Promise.race([
      attempt.then(
        () => 'ready' as const,
        (error: unknown) => {
          lastError = error;
          return 'retry' as const;
        },
      ),
      earlyExit,
    ]);
    if (outcome instanceof Error) {
      attempt.catch(() => {});
      throw outcome;
    }
    if (outcome === 'ready') return;
    await sleep(250);
  }
  const tail = outputTail.length > 0 ? `\nDernières lignes du serveur :\n${outputTail.join('\n')}` : '';
  throw new Error(
    `Le serveur Temporal de développement ne répond pas sur ${address} après ${READY_TIMEOUT_MS / 1000} s ` +
      `(dernière erreur : ${(lastError as Error | undefined)?.message ?? 'aucune'}).${tail}`,
  );
}
