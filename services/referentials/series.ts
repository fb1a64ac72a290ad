import type { PrismaClient } from '../../prisma/client.ts';
import { type ReferentialDefinition, referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { READS_EVERY_SERIES, readsSeries, seriesOwnerFor } from '../../processes/referentials/owner-roles.ts';
import { SiamoError } from '../errors.ts';

// Which series of a referential a reader reads. A national referential has one series, everyone's.
// One kept by each IPM (or provider) has one per organisation: the IPM reads its own; ICAMO and the
// ministry read any, naming whose; another IPM none — refused in French, as a version of it is.

export interface Reader {
  organisationId: string;
  organisationKind: string;
}

const keeper = (definition: ReferentialDefinition) => (definition.ownedBy === 'prestataire' ? 'prestataire' : 'IPM');

/** The owner whose series `reader` reads (`requested` for ICAMO and the ministry), or a French refusal. */
export function seriesToRead(definition: ReferentialDefinition, reader: Reader, requested?: string | null): string {
  if (!definition.ownedBy) return definition.ownerOrganisationId ?? '';
  const own = seriesOwnerFor(definition, reader);
  const owner = requested || own;
  if (!owner) {
    throw new SiamoError(
      'saisie_invalide',
      `« ${definition.title} » est tenu par chaque ${keeper(definition)} : précisez de laquelle (son identifiant d’organisation, « owner »).`,
      { owner: 'Organisation obligatoire.' },
    );
  }
  if (!readsSeries(definition, reader, owner)) throw refusal(definition);
  return owner;
}

function refusal(definition: ReferentialDefinition): SiamoError {
  return new SiamoError(
    'non_autorise',
    `Ce référentiel (« ${definition.title} ») appartient à une autre ${keeper(definition) === 'IPM' ? 'IPM' : 'organisation'} : ` +
      'seuls celle qui le tient, l’ICAMO et le ministère peuvent le consulter.',
  );
}

/** Whether `reader` reads every owner's series (ICAMO, the ministry). */
export const readsEverySeries = (reader: Reader) => READS_EVERY_SERIES.includes(reader.organisationKind);

/**
 * Refuses a version of another organisation's series; null when it does not exist. Every read of a
 * version by its id (the version, its report, a diff, its CSV export) comes through here.
 */
export async function readableVersion(prisma: PrismaClient, versionId: string, reader: Reader) {
  const version = await prisma.referentialVersion.findUnique({ where: { id: versionId } });
  if (!version) return null;
  const definition = referentialDefinition(version.referentialCode);
  if (definition && !readsSeries(definition, reader, version.ownerOrganisationId)) throw refusal(definition);
  return version;
}
