import type { PrismaClient } from '../../prisma/client.ts';
import { REFERENTIALS, type ReferentialDefinition } from '../../processes/referentials/catalogue.ts';
import { MINISTRY, type OrganisationSeed } from '../people/organisations.ts';

// The owners of the referentials that are not already organisations of the AMO: State bodies, of the
// ministry's kind (so that their agents and managers hold the ministry's roles: owner-roles.ts).

export const REFERENTIAL_OWNERS: OrganisationSeed[] = [
  MINISTRY,
  { id: 'icamo', kind: 'ICAMO', name: 'Institution de Coordination de l’Assurance Maladie Obligatoire' },
  { id: 'ansd', kind: 'MINISTERE', name: 'Agence Nationale de la Statistique et de la Démographie (ANSD)' },
  { id: 'msas', kind: 'MINISTERE', name: 'Ministère de la Santé et de l’Action sociale (MSAS)' },
  { id: 'dpm', kind: 'MINISTERE', name: 'Direction de la Pharmacie et du Médicament (DPM)' },
  { id: 'acmu', kind: 'MINISTERE', name: 'Agence de la Couverture Maladie Universelle (ACMU)' },
];

/** Makes the catalogue's referentials and their owners exist; idempotent, and updates what changed in the catalogue. */
export async function ensureReferentials(prisma: PrismaClient): Promise<void> {
  await prisma.organisation.createMany({ data: REFERENTIAL_OWNERS, skipDuplicates: true });
  await prisma.$transaction(
    (REFERENTIALS as readonly ReferentialDefinition[]).map((r) =>
      prisma.referential.upsert({
        where: { code: r.code },
        create: {
          code: r.code,
          title: r.title,
          ownerOrganisationId: r.ownerOrganisationId ?? null,
          ownedBy: r.ownedBy ?? null,
          ownerLabel: r.ownerLabel,
          codeFormat: r.codeFormat,
          fields: r.fields as unknown as object[],
        },
        update: {
          title: r.title,
          ownerOrganisationId: r.ownerOrganisationId ?? null,
          ownedBy: r.ownedBy ?? null,
          ownerLabel: r.ownerLabel,
          codeFormat: r.codeFormat,
          fields: r.fields as unknown as object[],
        },
      }),
    ),
  );
}
