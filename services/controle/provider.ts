import type { PrismaClient } from '../../prisma/client.ts';
import { asOf } from '../referentials/as-of.ts';

// Whether the asking provider is accredited on the day of care: its organisation's code
// (`ProviderCode`) in force in the national providers referential (`prestataires`) that day.

export interface ProviderStanding {
  code: string | null;
  name: string | null;
  accredited: boolean;
  /** The referential version read, for the log. */
  versionId: string | null;
}

export async function providerStanding(
  prisma: PrismaClient,
  organisationId: string,
  day: string,
): Promise<ProviderStanding> {
  const link = await prisma.providerCode.findUnique({ where: { organisationId }, select: { providerCode: true } });
  if (!link) return { code: null, name: null, accredited: false, versionId: null };
  const [row] = await asOf(prisma, 'prestataires', [link.providerCode], day);
  return {
    code: link.providerCode,
    name: typeof row?.fields?.nom === 'string' ? row.fields.nom : null,
    accredited: row?.fields != null,
    versionId: row?.version?.id ?? null,
  };
}
