import type { PrismaClient } from '../prisma/client.ts';

/** One line of a case's history: a transition, a message to someone, or a generated document. */
export type HistoryEntry =
  | {
      type: 'transition';
      at: Date;
      revision: number;
      event: string;
      fromState: string | null;
      toState: string;
      actorId: string;
      actorRole: string;
    }
  | {
      type: 'courriel';
      at: Date;
      revision: number;
      kind: string;
      recipientRole: string;
      recipientUserId: string | null;
      /** a_envoyer, en_attente_resume, envoye, echec, sans_destinataire. */
      status: string;
      delivery: string;
      subject: string | null;
    }
  | { type: 'document'; at: Date; documentId: string; kind: string | null; number: string | null; name: string };

/**
 * A case's history, oldest first: its audit trail with, in their place, the messages it caused (sent
 * when sent, recorded when not sent yet or never) and the documents generated for it. Read from the
 * tables that hold each, so there is no second record that could disagree with them. Callers check
 * the viewer's right to the case first.
 */
export async function caseHistory(prisma: PrismaClient, caseId: string): Promise<HistoryEntry[]> {
  const [audit, notifications, documents] = await Promise.all([
    prisma.auditEntry.findMany({ where: { caseId } }),
    prisma.notification.findMany({ where: { caseId } }),
    prisma.document.findMany({ where: { caseId } }),
  ]);
  const entries: HistoryEntry[] = [
    ...audit.map((a) => ({
      type: 'transition' as const,
      at: a.at,
      revision: a.revision,
      event: a.event,
      fromState: a.fromState,
      toState: a.toState,
      actorId: a.actorId,
      actorRole: a.actorRole,
    })),
    ...notifications.map((n) => ({
      type: 'courriel' as const,
      at: n.sentAt ?? n.createdAt,
      revision: n.revision,
      kind: n.kind,
      recipientRole: n.recipientRole,
      recipientUserId: n.recipientUserId,
      status: n.status,
      delivery: n.delivery,
      subject: n.subject,
    })),
    ...documents.map((d) => ({
      type: 'document' as const,
      at: d.createdAt,
      documentId: d.id,
      kind: d.kind,
      number: d.number,
      name: d.name,
    })),
  ];
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
}
