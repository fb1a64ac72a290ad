import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../runtime/temporal-dev-server.ts';
import { newDataKeysText } from '../services/personal-data/data-keys.ts';
import { newKeyEntry } from '../services/personal-data/key-ring.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';

// `npm start` as a person runs it, a real process tree (npm, its shell, tsx, Node), stopped by a
// signal sent to npm's own pid — what a service manager or `kill <pid>` does, not only Ctrl-C's
// signal to the whole group: Siamo stops, npm exits, nothing is left listening on the port and no
// process of the tree survives.

let database: TestDatabase;
let namespace: string;
const dir = mkdtempSync(path.join(os.tmpdir(), 'siamo-signal-'));

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Whether any process of the group still runs. */
const groupAlive = (pgid: number) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  database = await createTestDatabase();
  namespace = `signal-${randomUUID().slice(0, 8)}`;
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    for (let attempt = 0; ; attempt++) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        break;
      } catch (error) {
        if (attempt >= 50) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  } finally {
    await connection.close();
  }
}, 60_000);

afterAll(async () => {
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

// A real cluster's configuration: its keys are given, not made up in the data folder, and the same at
// every start (what the first start wrote in Temporal, its schedule, stays readable by the next).
const KEYS = {
  SIAMO_SIGNIN_KEY: randomBytes(32).toString('base64'),
  SIAMO_PAYLOAD_KEYS: newKeyEntry('p1'),
  SIAMO_DATA_KEYS: newDataKeysText(),
};

describe('npm start and signals', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal} sent to npm's pid, leaving no process and nothing on the port`, async () => {
      const port = await freePort();
      const child: ChildProcess = spawn('npm', ['start', '--silent'], {
        cwd: process.cwd(),
        // A group of its own, as a terminal gives it, so that the test can look for survivors.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TEMPORAL_NAMESPACE: namespace,
          SIAMO_DATA_DIR: dir,
          HTTP_PORT: String(port),
          SIAMO_DEMO_DATA: 'false',
          ...KEYS,
        },
      });
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += chunk;
      });
      child.stderr?.on('data', (chunk) => {
        output += chunk;
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        await expect.poll(() => output, { timeout: 120_000, interval: 500 }).toContain('Siamo est prêt');
        expect(await listening(port)).toBe(true);
        process.kill(child.pid as number, signal);
        expect(await exited, output).toBe(0);
        expect(output).toContain('Siamo est arrêté.');
        await expect.poll(() => groupAlive(child.pid as number), { timeout: 30_000 }).toBe(false);
        expect(await listening(port)).toBe(false);
      } finally {
        if (child.pid && groupAlive(child.pid)) process.kill(-child.pid, 'SIGKILL');
      }
    }, 180_000);
  }
});
