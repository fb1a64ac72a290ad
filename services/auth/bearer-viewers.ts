import type { PrismaClient } from '../../prisma/client.ts';
import type { Viewer } from '../viewer.ts';
import { resolveViewer } from './resolve-viewer.ts';
import { secretId } from './tokens.ts';

// The viewer of a provider software's bearer token, kept a few seconds for the rights check: that
// software sends checks all day long with one token, and resolving it (the token, its user and their
// organisation) cost more than the check itself. The price is that a revoked token, or a user made
// inactive, is still honoured for at most KEEP_MS. Only the token's hash is a key, never the token; a
// token that names nobody is not kept (what is tried at random stays a database read, so that a
// token created a moment later works at once).

export const BEARER_VIEWER_KEEP_MS = 5_000;
const MAX_KEPT = 10_000;
const kept = new Map<string, { until: number; viewer: Promise<Viewer | null> }>();

export function bearerViewer(prisma: PrismaClient, token: string, now = Date.now()): Promise<Viewer | null> {
  const key = secretId(token);
  const hit = kept.get(key);
  if (hit && hit.until > now) return hit.viewer;
  if (kept.size >= MAX_KEPT) kept.clear();
  const viewer = resolveViewer(prisma, token, { bearer: true });
  kept.set(key, { until: now + BEARER_VIEWER_KEEP_MS, viewer });
  viewer.then(
    (v) => {
      if (v === null) kept.delete(key);
    },
    () => kept.delete(key),
  );
  return viewer;
}
