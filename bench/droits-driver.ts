import { performance } from 'node:perf_hooks';

// The load driver of the rights-check benchmark, in a process of its own (forked by
// bench/droits-checks.ts), so that the clients do not share the server's CPU thread. `clients`
// concurrent clients each send their checks one after the other, over keep-alive connections.

export type DroitsDriverRequest =
  | {
      kind: 'round';
      url: string;
      token: string;
      cards: string[];
      clients: number;
      checks: number;
    }
  | { kind: 'stop' };

export type DroitsDriverReply =
  | { kind: 'done'; latencies: number[]; elapsedMs: number; refused: number }
  | { kind: 'failed'; message: string };

async function round(r: Extract<DroitsDriverRequest, { kind: 'round' }>): Promise<DroitsDriverReply> {
  const latencies: number[] = [];
  let next = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: r.clients }, async () => {
      for (let i = next++; i < r.checks; i = next++) {
        const card = r.cards[i % r.cards.length] as string;
        const t = performance.now();
        const response = await fetch(r.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${r.token}` },
          body: `carte=${card}`,
        });
        const text = await response.text();
        latencies.push(performance.now() - t);
        if (response.status !== 200 || !text.startsWith('COUVERT')) {
          refused += 1;
          if (refused === 1) console.error(`réponse inattendue (${response.status}) : ${text}`);
        }
      }
    }),
  );
  return { kind: 'done', latencies, elapsedMs: performance.now() - started, refused };
}

process.on('message', (message: DroitsDriverRequest) => {
  const reply = (r: DroitsDriverReply) => process.send?.(r);
  void (async () => {
    try {
      if (message.kind === 'round') reply(await round(message));
      else process.disconnect?.();
    } catch (error) {
      reply({ kind: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  })();
});
