import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errorSummary } from '../services/error-summary.ts';
import { setSecurityHeaders } from './security-headers.ts';

export type HealthCheck = () => Promise<Record<string, unknown> & { ok: boolean }>;

export interface HttpServer {
  url: string;
  close(): Promise<void>;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;

/**
 * Siamo's HTTP entry point. `/sante` answers 200 when the database and Temporal answer, 503 otherwise
 * (for load balancers and supervision). Other routes come from the handlers given (the API, the portal).
 * Every answer carries the security headers of runtime/security-headers.ts.
 */
export async function startHttpServer(options: {
  host: string;
  port: number;
  health: HealthCheck;
  handlers?: RequestHandler[];
  /** Served over HTTPS (SECURE_COOKIES): browsers are told to use nothing else. */
  https?: boolean;
}): Promise<HttpServer> {
  const server: Server = createServer(async (request, response) => {
    setSecurityHeaders(response, { https: options.https ?? false });
    try {
      const url = new URL(request.url ?? '/', 'http://siamo');
      if (url.pathname === '/sante' && (request.method === 'GET' || request.method === 'HEAD')) {
        const health = await options.health();
        return sendJson(response, health.ok ? 200 : 503, health);
      }
      for (const handle of options.handlers ?? []) if (await handle(request, response)) return;
      sendJson(response, 404, { erreur: `Aucune ressource à l’adresse ${url.pathname}.` });
    } catch (error) {
      // The path names ids only; the error's message may quote what the request carried.
      console.error(
        'Erreur HTTP',
        JSON.stringify({ path: new URL(request.url ?? '/', 'http://siamo').pathname, ...errorSummary(error) }),
      );
      if (!response.headersSent) sendJson(response, 500, { erreur: 'Erreur interne : l’incident est journalisé.' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Le port HTTP ${options.port} est déjà utilisé : choisissez-en un autre avec HTTP_PORT.`)
          : error,
      ),
    );
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
