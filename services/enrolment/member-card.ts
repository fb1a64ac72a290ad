import type { PrismaClient } from '../../prisma/client.ts';
import { dakarDay } from '../../processes/calendar.ts';
import { cardValidity } from '../../processes/enrolment/card-validity.ts';
import { rightsOn } from '../../processes/enrolment/rights.ts';
import { convertToPdf, findLibreOffice } from '../documents/pdf.ts';
import type { DocumentFile } from '../documents/read.ts';
import { DOCX_MIME_TYPE } from '../documents/render.ts';
import { SiamoError } from '../errors.ts';
import type { Viewer } from '../viewer.ts';
import { prismaSql } from './beneficiary-ipm.ts';
import { EMPLOYER_SIDE, IPM_SIDE } from './employer-access.ts';
import { buildMemberCard, type MemberCard } from './member-card-document.ts';
import { loadBeneficiaryFacts, rightsSettingsOf } from './rights-at.ts';

// A beneficiary's member card, Word or PDF, for those who hand it out: the people of the IPM whose
// register holds the beneficiary (gérant, agent), the people of the participant's employer, and the
// member (`assure`) for itself and its own dependants. Anyone else — another IPM, another employer,
// another member — finds nobody, as for an id of nobody: the answer does not tell that the person
// exists elsewhere.

export type MemberCardFormat = 'docx' | 'pdf';

const nobody = () =>
  new SiamoError(
    'introuvable',
    'Bénéficiaire introuvable : ni salarié de votre entreprise, ni inscrit dans votre IPM. Vérifiez le lien de la carte.',
  );

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/** The card's content, when `viewer` may have it; null otherwise (unknown, or not theirs). */
async function cardFor(
  prisma: PrismaClient,
  viewer: Viewer,
  beneficiaryId: string,
  at: Date,
): Promise<MemberCard | null> {
  const include = { employer: { select: { name: true, organisationId: true } } } as const;
  const asParticipant = await prisma.participant.findUnique({ where: { id: beneficiaryId }, include });
  const dependant = asParticipant
    ? null
    : await prisma.dependant.findUnique({ where: { id: beneficiaryId }, include: { participant: { include } } });
  const participant = asParticipant ?? dependant?.participant;
  if (!participant) return null;
  const allowed = viewer.roles.some(
    (role) =>
      (IPM_SIDE.includes(role) && participant.ipmId === viewer.organisationId) ||
      (EMPLOYER_SIDE.includes(role) &&
        participant.employer.organisationId !== null &&
        participant.employer.organisationId === viewer.organisationId),
  );
  // The member: its own card and its dependants', its participant named by its account alone.
  const own =
    viewer.roles.includes('assure') &&
    (await prisma.memberAccount.count({ where: { userId: viewer.userId, participantId: participant.id } })) === 1;
  if (!allowed && !own) return null;
  const facts = (await loadBeneficiaryFacts(prismaSql(prisma), [beneficiaryId])).get(beneficiaryId);
  if (!facts) return null;
  const ipm = await prisma.organisation.findUnique({ where: { id: participant.ipmId }, select: { name: true } });
  const issuedOn = dakarDay(at);
  const settings = rightsSettingsOf();
  const person = dependant ?? participant;
  return {
    cardNumber: person.cardNumber,
    lastName: person.lastName,
    firstNames: person.firstNames,
    birthDate: dayOf(person.birthDate),
    quality: dependant ? (dependant.kind === 'conjoint' ? 'conjoint' : 'enfant') : 'participant',
    holder: dependant
      ? { name: `${participant.firstNames} ${participant.lastName}`, cardNumber: participant.cardNumber }
      : null,
    ipmName: ipm?.name ?? participant.ipmId,
    employerName: participant.employer.name,
    validity: cardValidity(facts, issuedOn, settings),
    situation: rightsOn(facts, issuedOn, settings).reason,
    issuedOn,
    issuedAt: at,
  };
}

/** The member card of `beneficiaryId` (a participant's or a dependant's id), as Word or PDF. */
export async function memberCard(
  prisma: PrismaClient,
  viewer: Viewer,
  beneficiaryId: string,
  format: MemberCardFormat,
  at: Date = new Date(),
): Promise<DocumentFile> {
  const card = await cardFor(prisma, viewer, beneficiaryId, at);
  if (!card) throw nobody();
  // Named by the card number only: a file name travels (mail, downloads folder) and holds no name.
  const name = `carte-assure-${card.cardNumber}`;
  const docx = await buildMemberCard(card);
  if (format === 'docx') return { name: `${name}.docx`, mimeType: DOCX_MIME_TYPE, content: docx };
  const soffice = findLibreOffice();
  if (!soffice)
    throw new SiamoError(
      'introuvable',
      'La version PDF de la carte n’est pas disponible : LibreOffice n’est pas installé sur ce serveur. Téléchargez la version Word.',
    );
  return { name: `${name}.pdf`, mimeType: 'application/pdf', content: await convertToPdf(docx, soffice) };
}
