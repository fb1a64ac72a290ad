import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../../prisma/client.ts';
import { readDay } from '../../processes/calendar.ts';
import { normaliseEmail } from '../auth/sign-in-key.ts';
import { SiamoError } from '../errors.ts';
import { deliverMail } from '../mail/deliver.ts';
import { type MailSettings, messageIdFor } from '../mail/settings.ts';

// What an IPM owes a participant: care the member paid themselves, recorded by an agent of the IPM
// holding the participant, then marked paid with the payment's reference. Both are idempotent on a
// natural key — the IPM's reference for a record, the row itself for a payment — so that a form sent
// twice on a dropped line lands once, and the same reference with other values is refused rather than
// silently overwriting what was recorded. Marked paid, the member is told by mail when an address is
// known; the mail's subject names neither the member nor the care.

export interface ReimbursementInput {
  ipmId: string;
  participantId: string;
  dependantId?: string | null;
  reference: string;
  label: string;
  /** AAAA-MM-JJ. */
  incurredOn: string;
  claimedAmount: number;
  amount: number;
  createdBy: string;
}

export interface Reimbursement {
  id: string;
  participantId: string;
  dependantId: string | null;
  /** The first names of whom the care was for: the dependant's, else the participant's. */
  beneficiaryFirstNames: string;
  reference: string;
  label: string;
  incurredOn: string;
  claimedAmount: number;
  amount: number;
  /** du or paye. */
  status: string;
  paidOn: string | null;
  paymentReference: string | null;
  createdAt: Date;
}

const MAX_AMOUNT = 1_000_000_000;
const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._/-]{2,59}$/;
const today = () => new Date().toISOString().slice(0, 10);
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

const notFound = () =>
  new SiamoError(
    'introuvable',
    'Participant introuvable dans votre IPM : vérifiez son identifiant (seule l’IPM qui le détient le voit).',
  );

function refuse(what: string, problems: Record<string, string>): never {
  throw new SiamoError(
    'saisie_invalide',
    `${what} refusé : ${Object.entries(problems)
      .map(([field, text]) => `${field} — ${text}`)
      .join(' ; ')}. Corrigez la saisie et recommencez ; rien n’a été enregistré.`,
    problems,
  );
}

const isAmount = (n: number) => Number.isSafeInteger(n) && n > 0 && n <= MAX_AMOUNT;

/** What is wrong with a reimbursement's fields, by field, in French (empty: nothing). */
export function reimbursementProblems(
  input: Pick<ReimbursementInput, 'reference' | 'label' | 'incurredOn' | 'claimedAmount' | 'amount'>,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!REFERENCE.test(input.reference))
    problems.reference = 'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné';
  const label = input.label.trim();
  if (label.length < 2 || label.length > 200) problems.label = 'libellé attendu : 2 à 200 caractères';
  if (readDay(input.incurredOn) === null) problems.incurredOn = 'date attendue AAAA-MM-JJ, une date qui existe';
  else if (input.incurredOn > today()) problems.incurredOn = 'la date des soins ne peut pas être future';
  if (!isAmount(input.claimedAmount))
    problems.claimedAmount = 'montant payé attendu : un nombre entier de FCFA, plus grand que zéro';
  if (!isAmount(input.amount))
    problems.amount = 'montant remboursé attendu : un nombre entier de FCFA, plus grand que zéro';
  else if (isAmount(input.claimedAmount) && input.amount > input.claimedAmount)
    problems.amount = 'le montant remboursé ne peut pas dépasser le montant payé par l’assuré';
  return problems;
}

type Row = Awaited<ReturnType<typeof rowsOf>>[number];

function rowsOf(prisma: PrismaClient, where: { id?: string; participantId?: string; ipmId: string }) {
  return prisma.memberReimbursement.findMany({
    where,
    orderBy: [{ incurredOn: 'desc' }, { createdAt: 'desc' }],
    include: { participant: { select: { firstNames: true, dependants: { select: { id: true, firstNames: true } } } } },
  });
}

function shown(row: Row): Reimbursement {
  const dependant = row.dependantId ? row.participant.dependants.find((d) => d.id === row.dependantId) : undefined;
  return {
    id: row.id,
    participantId: row.participantId,
    dependantId: row.dependantId,
    beneficiaryFirstNames: dependant?.firstNames ?? row.participant.firstNames,
    reference: row.reference,
    label: row.label,
    incurredOn: dayOf(row.incurredOn),
    claimedAmount: Number(row.claimedAmount),
    amount: Number(row.amount),
    status: row.status,
    paidOn: row.paidOn ? dayOf(row.paidOn) : null,
    paymentReference: row.paymentReference,
    createdAt: row.createdAt,
  };
}

async function one(prisma: PrismaClient, ipmId: string, id: string): Promise<Reimbursement | null> {
  const [row] = await rowsOf(prisma, { id, ipmId });
  return row ? shown(row) : null;
}

/** The participant's reimbursements, newest care first, for the IPM holding it. */
export async function memberReimbursements(
  prisma: PrismaClient,
  ipmId: string,
  participantId: string,
): Promise<Reimbursement[]> {
  const participant = await prisma.participant.findUnique({ where: { id: participantId }, select: { ipmId: true } });
  if (participant?.ipmId !== ipmId) throw notFound();
  return (await rowsOf(prisma, { participantId, ipmId })).map(shown);
}

export async function recordReimbursement(prisma: PrismaClient, input: ReimbursementInput): Promise<Reimbursement> {
  const problems = reimbursementProblems(input);
  if (Object.keys(problems).length > 0) refuse('Remboursement', problems);
  const participant = await prisma.participant.findUnique({
    where: { id: input.participantId },
    select: { ipmId: true, dependants: { select: { id: true } } },
  });
  if (participant?.ipmId !== input.ipmId) throw notFound();
  const dependantId = input.dependantId || null;
  if (dependantId && !participant.dependants.some((d) => d.id === dependantId))
    refuse('Remboursement', {
      dependantId: 'cet ayant droit n’est pas celui du participant : choisissez-en un des siens',
    });
  const label = input.label.trim();
  const id = randomUUID();
  // The unique (ipmId, reference) decides between two requests racing with the same reference.
  await prisma.$executeRaw`
    INSERT INTO "MemberReimbursement" ("id", "ipmId", "participantId", "dependantId", "reference", "label",
                                       "incurredOn", "claimedAmount", "amount", "createdBy")
    VALUES (${id}, ${input.ipmId}, ${input.participantId}, ${dependantId}, ${input.reference}, ${label},
            ${input.incurredOn}::date, ${input.claimedAmount}, ${input.amount}, ${input.createdBy})
    ON CONFLICT ("ipmId", "reference") DO NOTHING`;
  const existing = await prisma.memberReimbursement.findUniqueOrThrow({
    where: { ipmId_reference: { ipmId: input.ipmId, reference: input.reference } },
  });
  const same =
    existing.participantId === input.participantId &&
    existing.dependantId === dependantId &&
    existing.label === label &&
    dayOf(existing.incurredOn) === input.incurredOn &&
    Number(existing.claimedAmount) === input.claimedAmount &&
    Number(existing.amount) === input.amount;
  if (!same)
    throw new SiamoError(
      'conflit',
      `Un remboursement de référence « ${input.reference} » est déjà enregistré dans votre IPM avec d’autres valeurs : rien n’a été modifié. Vérifiez la référence de la demande.`,
      { reference: 'déjà utilisée' },
    );
  return (await one(prisma, input.ipmId, existing.id)) as Reimbursement;
}

export interface PaidInput {
  ipmId: string;
  id: string;
  /** AAAA-MM-JJ. */
  paidOn: string;
  paymentReference: string;
  paidBy: string;
}

export async function markReimbursementPaid(
  deps: { prisma: PrismaClient; mail: MailSettings | undefined },
  input: PaidInput,
): Promise<Reimbursement> {
  const { prisma } = deps;
  const row = await prisma.memberReimbursement.findUnique({ where: { id: input.id } });
  if (row?.ipmId !== input.ipmId)
    throw new SiamoError('introuvable', 'Remboursement introuvable dans votre IPM : vérifiez son identifiant.');
  const problems: Record<string, string> = {};
  if (readDay(input.paidOn) === null) problems.paidOn = 'date attendue AAAA-MM-JJ, une date qui existe';
  else if (input.paidOn > today()) problems.paidOn = 'la date du paiement ne peut pas être future';
  else if (input.paidOn < dayOf(row.incurredOn))
    problems.paidOn = `la date du paiement ne peut pas précéder celle des soins (${dayOf(row.incurredOn)})`;
  if (!REFERENCE.test(input.paymentReference))
    problems.paymentReference = 'référence attendue : 3 à 60 lettres, chiffres, point, tiret, barre ou souligné';
  if (Object.keys(problems).length > 0) refuse('Paiement du remboursement', problems);

  // From du to paye once: the row's status decides between two requests racing.
  const { count } = await prisma.memberReimbursement.updateMany({
    where: { id: input.id, status: 'du' },
    data: {
      status: 'paye',
      paidOn: new Date(`${input.paidOn}T00:00:00Z`),
      paymentReference: input.paymentReference,
      paidBy: input.paidBy,
    },
  });
  if (count === 0) {
    const paid = await prisma.memberReimbursement.findUniqueOrThrow({ where: { id: input.id } });
    const same =
      paid.paidOn !== null && dayOf(paid.paidOn) === input.paidOn && paid.paymentReference === input.paymentReference;
    if (!same)
      throw new SiamoError(
        'conflit',
        `Ce remboursement est déjà marqué payé le ${paid.paidOn ? dayOf(paid.paidOn) : '?'} (référence « ${paid.paymentReference} ») : rien n’a été modifié.`,
      );
  } else if (deps.mail) {
    await tellMember(prisma, deps.mail, input.id);
  }
  return (await one(prisma, input.ipmId, input.id)) as Reimbursement;
}

/** The member's mail that a reimbursement was paid: to the register's address, else its account's. */
async function tellMember(prisma: PrismaClient, mail: MailSettings, id: string): Promise<void> {
  const row = await prisma.memberReimbursement.findUniqueOrThrow({
    where: { id },
    select: {
      amount: true,
      paidOn: true,
      paymentReference: true,
      participant: {
        select: {
          firstNames: true,
          lastName: true,
          email: true,
          memberAccount: { select: { user: { select: { email: true } } } },
        },
      },
    },
  });
  const address = row.participant.email?.trim() || row.participant.memberAccount?.user.email;
  if (!address) return;
  const name = `${row.participant.firstNames} ${row.participant.lastName}`;
  const amount = `${Number(row.amount).toLocaleString('fr-FR')} FCFA`;
  const on = row.paidOn ? row.paidOn.toLocaleDateString('fr-FR', { timeZone: 'Africa/Dakar', dateStyle: 'long' }) : '';
  // What the care was stays in the member's space: a mail travels and is read over shoulders.
  const lines = [
    `Bonjour ${name},`,
    '',
    `Votre IPM vous a versé un remboursement de ${amount} le ${on} (référence du paiement : ${row.paymentReference}).`,
    '',
    `Le détail de vos remboursements est dans votre espace assuré : ${mail.publicUrl}/mon-espace`,
  ];
  const key = `remboursement-paye:${id}`;
  const escapeHtml = (t: string) =>
    t.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
  const message = await prisma.mailMessage.upsert({
    where: { key },
    update: {},
    create: {
      key,
      messageId: messageIdFor(key, mail.from),
      toAddress: normaliseEmail(address),
      toName: name,
      subject: 'Siamo : un remboursement vous a été versé',
      text: lines.join('\n'),
      html: lines.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
    },
  });
  // One try now; a refused mail shows as failed in supervision, from where it is sent again.
  await deliverMail(prisma, mail, message.id, { lastAttempt: true }).catch(() => 'echec');
}
