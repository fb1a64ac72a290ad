import net from 'node:net';

/**
 * A TCP proxy between Siamo and a server (PostgreSQL), so that a test can make that server unreachable
 * for Siamo alone — the shared server keeps running for everybody else.
 *
 * - `cut()`: every open connection is destroyed and new ones are refused, as when the server is down;
 * - `restore()`: connections go through again (on the same port);
 * - `hold('toServer' | 'toClient')`: bytes in that direction are kept back instead of forwarded, so a
 *   statement can be stopped before it reaches the server, or after it ran there but before its answer
 *   comes back; `release()` lets them through. `heldBytes` says how much is waiting.
 * - `holdAfter(marker, direction)`: the same, from the moment the client has sent `marker` (the end of
 *   a mail's data, a statement on a given table), so a test stops a conversation at an exact step.
 */
export interface TcpProxy {
  port: number;
  /** `postgresql://…` with the proxy's port in place of the server's. */
  url(serverUrl: string): string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  hold(direction: 'toServer' | 'toClient'): void;
  holdAfter(marker: string, direction: 'toServer' | 'toClient'): void;
  release(): void;
  readonly heldBytes: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  pending: { toServer: Buffer[]; toClient: Buffer[] };
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let held: 'toServer' | 'toClient' | null = null;
  let trigger: { marker: string; direction: 'toServer' | 'toClient' } | null = null;

  const forward = (pair: Pair, direction: 'toServer' | 'toClient', chunk: Buffer) => {
    if (held === direction) {
      pair.pending[direction].push(chunk);
      return;
    }
    (direction === 'toServer' ? pair.server : pair.client).write(chunk);
    // Set synchronously, before the server can answer what it was just sent.
    if (trigger && direction === 'toServer' && chunk.toString('latin1').includes(trigger.marker)) {
      held = trigger.direction;
      trigger = null;
    }
  };

  const accept = (client: net.Socket) => {
    const server = net.connect(target.port, target.host);
    const pair: Pair = { client, server, pending: { toServer: [], toClient: [] } };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('data', (chunk) => forward(pair, 'toServer', chunk));
    server.on('data', (chunk) => forward(pair, 'toClient', chunk));
    client.on('close', end);
    server.on('close', end);
    client.on('error', end);
    server.on('error', end);
  };

  let listener = net.createServer(accept);
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(port, '127.0.0.1', () => resolve((listener.address() as net.AddressInfo).port));
    });
  const port = await listen(0);

  const destroyAll = () => {
    for (const pair of pairs) {
      pair.client.destroy();
      pair.server.destroy();
    }
    pairs.clear();
  };
  const closeListener = () => new Promise<void>((resolve) => listener.close(() => resolve()));

  return {
    port,
    url: (serverUrl) => {
      const url = new URL(serverUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    cut: async () => {
      const closed = closeListener();
      destroyAll();
      await closed;
    },
    restore: async () => {
      // Restoring what is not cut changes nothing (an afterAll restores whatever the test left).
      if (listener.listening) return;
      listener = net.createServer(accept);
      await listen(port);
    },
    hold: (direction) => {
      held = direction;
    },
    holdAfter: (marker, direction) => {
      trigger = { marker, direction };
    },
    release: () => {
      const direction = held;
      held = null;
      trigger = null;
      if (!direction) return;
      for (const pair of pairs) {
        const target = direction === 'toServer' ? pair.server : pair.client;
        for (const chunk of pair.pending[direction].splice(0)) target.write(chunk);
      }
    },
    get heldBytes() {
      let total = 0;
      for (const pair of pairs)
        for (const chunk of [...pair.pending.toServer, ...pair.pending.toClient]) total += chunk.length;
      return total;
    },
    close: async () => {
      const closed = listener.listening ? closeListener() : Promise.resolve();
      destroyAll();
      await closed;
    },
  };
}
