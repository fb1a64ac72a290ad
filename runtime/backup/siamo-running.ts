import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../../config/env.ts';
import type { TemporalSettings } from '../../config/temporal-settings.ts';
import { embeddedDatabase, embeddedTemporal } from './data-folder.ts';

const PROBE_TIMEOUT_MS = 1500;

function answers(host: string, port: number): Promise<boolean> {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return new Promise((resolve) => {
    const socket = net.connect({ host: reachable, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function pidFileHolder(file: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * The signs that Siamo (or part of it) is running on this data folder, in French, or an empty list.
 * Each is enough to refuse: a restore under a running Siamo would mix two states, and a copy of the
 * embedded database or of the dev server's file while they write would not be consistent.
 */
export async function signsOfRunningSiamo(config: Config, settings: TemporalSettings): Promise<string[]> {
  const signs: string[] = [];
  if (await answers(config.HTTP_HOST, config.HTTP_PORT)) {
    signs.push(`le port HTTP ${config.HTTP_HOST}:${config.HTTP_PORT} répond`);
  }
  if (embeddedDatabase(config)) {
    const holder = pidFileHolder(path.join(config.dataDir, 'pglite.pid'));
    if (holder !== null) signs.push(`le PostgreSQL embarqué est ouvert par le processus ${holder}`);
  }
  if (embeddedTemporal(config) && (await answers(settings.devServer.ip, settings.devServer.port))) {
    signs.push(
      `le port ${settings.devServer.ip}:${settings.devServer.port} du serveur Temporal de développement répond`,
    );
  }
  return signs;
}
