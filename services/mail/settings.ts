import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';

/** What sends mail: a nodemailer transport (SMTP, or the local catcher). Only `sendMail` is used. */
export type MailTransport = Pick<Transporter, 'sendMail'>;

export interface MailSettings {
  transport: MailTransport;
  /** The sender, e.g. `Siamo <ne-pas-repondre@siamo.sante.gouv.sn>` (MAIL_FROM). */
  from: string;
  /** The portal's address: links in messages point there. */
  publicUrl: string;
  /**
   * How long one delivery attempt holds a message before another attempt may take it over. Longer
   * than an attempt can last (transport timeouts, activity start-to-close), so that two attempts
   * never send at the same time. Default: 3 minutes.
   */
  leaseMs?: number;
}

export const DEFAULT_LEASE_MS = 3 * 60_000;

/** The portal page of a case. Case ids contain slashes (`agrement/ipm-a/AGR-1`): each segment is encoded. */
export const caseLink = (publicUrl: string, caseId: string): string =>
  `${publicUrl}/dossiers/${caseId.split('/').map(encodeURIComponent).join('/')}`;

/**
 * The Message-ID of the message recorded under `key`: the same for every attempt, so that a message
 * sent again after a crash carries the identity of the first (receivers and the catcher drop the copy).
 */
export function messageIdFor(key: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'siamo.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}
