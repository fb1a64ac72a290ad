import type { PrismaClient } from '../../prisma/client.ts';

// The demo's provider (Clinique de la Médina, services/people/demo-accounts.ts) under the first code of
// the sample providers referential (« exemple »), so that its agent can check rights in the demo.

export const DEMO_PROVIDER_CODES: Readonly<Record<string, string>> = { 'ps-clinique-medina': 'PS-00001' };

export async function linkDemoProviders(prisma: PrismaClient): Promise<void> {
  await prisma.providerCode.createMany({
    data: Object.entries(DEMO_PROVIDER_CODES).map(([organisationId, providerCode]) => ({
      organisationId,
      providerCode,
    })),
    skipDuplicates: true,
  });
}
