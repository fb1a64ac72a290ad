import { frenchDateTime } from '../../../processes/calendar.ts';
import type { CaseFacts } from '../../case-facts.ts';

/** What a template knows when it writes a message to one person about one case. */
export interface MessageData {
  facts: CaseFacts;
  recipientName: string;
  /** Label of the role through which the person is addressed. */
  recipientRoleLabel: string;
  /** What the person may do in the case now (labels of events). */
  actions: string[];
  /** By when they must act, if there is a deadline. */
  dueAt: Date | null;
  link: string;
  /** What is due, when the message is about one thing of the case (a milestone, a monthly report). */
  subject?: { label: string; day: string } | null;
}

/** A message in words; the layout turns it into plain text and HTML that say the same. */
export interface MessageContent {
  subject: string;
  /** Paragraphs after the greeting: what happened. */
  paragraphs: string[];
  /** What the recipient must do, one line each. */
  todo: string[];
  /** « À faire avant le … », when there is a deadline. */
  deadline?: string;
  /** One line for the daily digest. */
  summary: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  summary: string;
}

export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** « dossier AGR-12 (Agrément d’une IPM, IPM des Industries Réunies) »: templates add the article they need. */
export function caseName(facts: CaseFacts): string {
  const who =
    facts.organisationName ?? (typeof facts.context.denomination === 'string' ? facts.context.denomination : null);
  return `dossier ${facts.businessKey} (${facts.processTitle}${who ? `, ${who}` : ''})`;
}

export const deadlineLine = (dueAt: Date | null): string | undefined =>
  dueAt ? `À faire avant le ${frenchDateTime(dueAt)} (heure de Dakar).` : undefined;

const FOOTER = (data: MessageData) =>
  `Vous recevez ce message de Siamo en tant que ${data.recipientRoleLabel}. ` +
  'Vous pouvez choisir, pour chaque type de message, un envoi immédiat ou un résumé quotidien.';

export function renderMessage(data: MessageData, content: MessageContent): RenderedMessage {
  const greeting = `Bonjour ${data.recipientName},`;
  const text = [
    greeting,
    '',
    ...content.paragraphs.flatMap((p) => [p, '']),
    ...(content.todo.length ? ['Ce que vous devez faire :', ...content.todo.map((t) => `  - ${t}`), ''] : []),
    ...(content.deadline ? [content.deadline, ''] : []),
    `Ouvrir le dossier : ${data.link}`,
    '',
    '-- ',
    FOOTER(data),
  ].join('\n');
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5; max-width: 640px; margin: 0 auto; padding: 16px;">
<p style="font-size: 12px; color: #52606d; border-bottom: 3px solid #00853f; padding-bottom: 8px;">Siamo — Assurance maladie obligatoire du Sénégal</p>
<p>${escapeHtml(greeting)}</p>
${content.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
${content.todo.length ? `<p><strong>Ce que vous devez faire :</strong></p>\n<ul>${content.todo.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>` : ''}
${content.deadline ? `<p><strong>${escapeHtml(content.deadline)}</strong></p>` : ''}
<p><a href="${escapeHtml(data.link)}" style="display: inline-block; background: #00853f; color: #ffffff; padding: 10px 16px; text-decoration: none; border-radius: 4px;">Ouvrir le dossier ${escapeHtml(data.facts.businessKey)}</a></p>
<p style="font-size: 12px; color: #52606d;">${escapeHtml(FOOTER(data))}</p>
</body></html>
`;
  return { subject: content.subject, text, html, summary: content.summary };
}
