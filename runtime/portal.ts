import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { RequestHandler } from './http-server.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const HANDLER = path.join(root, 'ui', 'build', 'handler.js');
const SOURCES = [path.join(root, 'ui', 'src'), path.join(root, 'ui', 'static'), path.join(root, 'svelte.config.js')];

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * The SvelteKit portal as a request handler for Siamo's HTTP server. The portal is built when its
 * build is missing or older than its sources, so `npm start` after a pull serves the current pages.
 * It is the last handler: every path the API does not answer is a page.
 */
export async function loadPortal(options: {
  publicUrl: string;
  /** Where the portal's server side reaches the API: this same server, locally. */
  apiUrl: string;
  log: (m: string) => void;
}): Promise<RequestHandler> {
  await ensurePortalBuilt(options.log);
  // adapter-node reads these when the handler is imported: form actions check the Origin against it.
  process.env.ORIGIN = options.publicUrl;
  process.env.SIAMO_API_URL = options.apiUrl;
  process.env.BODY_SIZE_LIMIT ??= String(20 * 1024 * 1024);
  const { handler } = (await import(pathToFileURL(HANDLER).href)) as { handler: NodeHandler };
  return (request, response) =>
    new Promise<boolean>((resolve) => {
      response.once('close', () => resolve(true));
      handler(request, response, () => resolve(false));
    });
}

/**
 * Builds the portal when its build is missing or older than its sources. Two builds at once would
 * write the same folder: whoever starts several Siamos in one go (the test suites) builds first.
 */
export async function ensurePortalBuilt(log: (m: string) => void): Promise<void> {
  if (!existsSync(HANDLER) || newestSource() > statSync(HANDLER).mtimeMs) {
    log('Construction du portail (une fois après chaque modification)…');
    await run('npm', ['run', 'ui:build', '--silent']);
  }
}

function newestSource(): number {
  let newest = 0;
  const visit = (file: string) => {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) for (const entry of readdirSync(file)) visit(path.join(file, entry));
    else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const source of SOURCES) visit(source);
  return newest;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`La construction du portail a échoué (code ${code}) :\n${stderr.slice(-2000)}`)),
    );
  });
}
