import { frenchDate, frenchDateTime } from '../../../processes/calendar.ts';
import { escapeHtml } from './layout.ts';

export interface DigestItem {
  subject: string;
  summary: string;
  link: string;
  at: Date;
}

/** The daily digest: every message a person chose to receive this way since the previous one. */
export function renderDigest(data: { recipientName: string; day: Date; items: DigestItem[]; portalUrl: string }) {
  const count = data.items.length;
  const subject = `Siamo : votre résumé du ${frenchDate(data.day)} (${count} message${count > 1 ? 's' : ''})`;
  const intro = `Voici les ${count > 1 ? `${count} messages` : 'messages'} que vous avez choisi de recevoir en résumé quotidien.`;
  const text = [
    `Bonjour ${data.recipientName},`,
    '',
    intro,
    '',
    ...data.items.flatMap((item) => [
      `- ${item.subject}`,
      `  ${item.summary} (${frenchDateTime(item.at)})`,
      `  ${item.link}`,
      '',
    ]),
    '-- ',
    `Vos préférences de messages se règlent dans Siamo : ${data.portalUrl}`,
  ].join('\n');
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5; max-width: 640px; margin: 0 auto; padding: 16px;">
<p style="font-size: 12px; color: #52606d; border-bottom: 3px solid #00853f; padding-bottom: 8px;">Siamo — Assurance maladie obligatoire du Sénégal</p>
<p>${escapeHtml(`Bonjour ${data.recipientName},`)}</p>
<p>${escapeHtml(intro)}</p>
<ul>
${data.items
  .map(
    (item) =>
      `<li style="margin-bottom: 12px;"><a href="${escapeHtml(item.link)}">${escapeHtml(item.subject)}</a><br>${escapeHtml(item.summary)} <span style="color: #52606d;">(${escapeHtml(frenchDateTime(item.at))})</span></li>`,
  )
  .join('\n')}
</ul>
<p style="font-size: 12px; color: #52606d;">Vos préférences de messages se règlent dans <a href="${escapeHtml(data.portalUrl)}">Siamo</a>.</p>
</body></html>
`;
  return { subject, text, html };
}
