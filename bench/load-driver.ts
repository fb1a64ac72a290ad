import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { siamoDataConverter } from '../runtime/data-converter.ts';
import { parseKeyRing } from '../services/personal-data/key-ring.ts';

// The load driver of the engine benchmark, in a process of its own (forked by bench/engine.ts): the
// clients that send the updates do not share the worker's CPU thread, as with a real deployment
// where callers are elsewhere. Each target is one client sending its updates one after the other.

export type DriverTarget =
  | { via: 'temporal'; workflowId: string; update: string; args: unknown[] }
  | { via: 'http'; url: string; headers: Record<string, string>; body: string };

export type DriverRequest =
  /** `payloadKeys`: the bench's payload key entry, so that the driver's payloads are encrypted like the worker's. */
  | { kind: 'connect'; address: string; namespace: string; payloadKeys: string }
  | { kind: 'round'; targets: DriverTarget[]; counts: number[]; measure: boolean }
  | { kind: 'stop' };

export type DriverReply =
  | { kind: 'ready' }
  | { kind: 'done'; latencies: number[]; elapsedMs: number; cpuMs: number }
  | { kind: 'failed'; message: string };

let client: Client | undefined;
let connection: Connection | undefined;

function sender(target: DriverTarget): () => Promise<unknown> {
  if (target.via === 'http') {
    return async () => {
      const response = await fetch(target.url, { method: 'POST', headers: target.headers, body: target.body });
      const body = (await response.json()) as { data?: Record<string, { __typename?: string; message?: string }> };
      const answer = Object.values(body.data ?? {})[0];
      if (answer?.__typename !== 'CasePayload') throw new Error(`refusé : ${answer?.message ?? JSON.stringify(body)}`);
    };
  }
  if (!client) throw new Error('driver not connected');
  const handle = client.workflow.getHandle(target.workflowId);
  return () => handle.executeUpdate(target.update, { args: target.args as [unknown] });
}

async function round(targets: DriverTarget[], counts: number[], measure: boolean): Promise<DriverReply> {
  const latencies: number[] = [];
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    targets.map(async (target, i) => {
      const send = sender(target);
      for (let k = 0; k < (counts[i] ?? 0); k++) {
        const t = performance.now();
        await send();
        if (measure) latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { kind: 'done', latencies, elapsedMs, cpuMs: (used.user + used.system) / 1000 };
}

process.on('message', (message: DriverRequest) => {
  const reply = (r: DriverReply) => process.send?.(r);
  void (async () => {
    try {
      if (message.kind === 'connect') {
        connection = await Connection.connect({ address: message.address });
        const dataConverter = siamoDataConverter(parseKeyRing(message.payloadKeys));
        client = new Client({ connection, namespace: message.namespace, dataConverter });
        reply({ kind: 'ready' });
      } else if (message.kind === 'round') {
        reply(await round(message.targets, message.counts, message.measure));
      } else {
        await connection?.close();
        process.disconnect?.();
      }
    } catch (error) {
      reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
