import type { PrismaClient } from '../../prisma/client.ts';
import { viewerOf } from '../auth/viewer-of.ts';
import type { Viewer } from '../viewer.ts';

/** A demo account as it acts: the viewer the API would make of it once signed in. */
export async function demoViewer(prisma: PrismaClient, login: string): Promise<Viewer> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { email: `${login}@demo.siamo.sn` },
    include: { organisation: true },
  });
  return viewerOf(user);
}
