import type { PrismaClient } from '../../prisma/client.ts';
import type { Viewer } from '../viewer.ts';
import { SESSION_COOKIE } from './settings.ts';
import { newSecret, secretId } from './tokens.ts';
import { viewerOf } from './viewer-of.ts';

/** The secret a request carries: the session cookie of the portal, or a bearer token of a machine client. */
export function requestSecret(headers: { cookie?: string | null; authorization?: string | null }): string | undefined {
  const bearer = headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) return bearer;
  for (const part of headers.cookie?.split(';') ?? []) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return safeDecode(value.join('='));
  }
  return undefined;
}

/**
 * The viewer of a session or API token still valid, of an active user; null otherwise. `bearer` says
 * the secret came in an Authorization header: API tokens are then looked up first (a machine client
 * calls often, and this saves it a query), sessions otherwise.
 */
export async function resolveViewer(
  prisma: PrismaClient,
  secret: string | undefined,
  options: { bearer?: boolean } = {},
): Promise<Viewer | null> {
  if (!secret) return null;
  const id = secretId(secret);
  const now = new Date();
  const include = { user: { include: { organisation: true } } } as const;
  const session = () => prisma.session.findFirst({ where: { id, revokedAt: null, expiresAt: { gt: now } }, include });
  const token = () =>
    prisma.apiToken.findFirst({
      where: { id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      include,
    });
  const holder = options.bearer ? ((await token()) ?? (await session())) : ((await session()) ?? (await token()));
  if (!holder?.user.active) return null;
  return viewerOf(holder.user);
}

/** A cookie someone mangled (a stray `%`) is no secret at all, not a server error. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value) || undefined;
  } catch {
    return undefined;
  }
}

/** Issues a bearer token for a machine client; the token is shown once and only its hash is kept. */
export async function createApiToken(
  prisma: PrismaClient,
  options: { userId: string; label: string; expiresAt?: Date },
): Promise<string> {
  const token = newSecret();
  await prisma.apiToken.create({
    data: { id: secretId(token), userId: options.userId, label: options.label, expiresAt: options.expiresAt ?? null },
  });
  return token;
}
