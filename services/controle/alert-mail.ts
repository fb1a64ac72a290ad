import { escapeHtml } from '../mail/templates/layout.ts';

// The mail that carries a rights-check alert to an IPM's gérant or to ICAMO. Its subject names the
// kind of alert and the provider, never a member: mail subjects travel and are listed everywhere.
// The member is named by the check numbers only, which the IPM finds in its log of checks.

export interface AlertMailContent {
  kind: string;
  providerName: string;
  message: string;
  checkNumbers: readonly string[];
}

const TITLES: Record<string, string> = {
  enumeration: 'contrôles en série',
  cartes_distantes: 'carte contrôlée dans deux régions le même jour',
};

export function alertMail(
  content: AlertMailContent,
  recipient: { displayName: string; roleLabel: string },
  link: string,
): { subject: string; text: string; html: string } {
  const subject = `Alerte de contrôle des droits : ${TITLES[content.kind] ?? content.kind} (${content.providerName})`;
  const greeting = `Bonjour ${recipient.displayName},`;
  const checks =
    content.checkNumbers.length > 0 ? `Contrôles concernés : ${content.checkNumbers.join(', ')}.` : undefined;
  const todo =
    'Vérifiez ces contrôles dans le journal des contrôles de droits et, s’il y a lieu, prenez contact avec l’établissement.';
  const footer = `Vous recevez ce message de Siamo en tant que ${recipient.roleLabel}.`;
  const paragraphs = [content.message, ...(checks ? [checks] : []), todo];
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    `Journal des contrôles : ${link}`,
    '',
    '-- ',
    footer,
  ].join('\n');
  const html = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5; max-width: 640px; margin: 0 auto; padding: 16px;">
<p style="font-size: 12px; color: #52606d; border-bottom: 3px solid #00853f; padding-bottom: 8px;">Siamo — Assurance maladie obligatoire du Sénégal</p>
<p>${escapeHtml(greeting)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}" style="display: inline-block; background: #00853f; color: #ffffff; padding: 10px 16px; text-decoration: none; border-radius: 4px;">Journal des contrôles</a></p>
<p style="font-size: 12px; color: #52606d;">${escapeHtml(footer)}</p>
</body></html>
`;
  return { subject, text, html };
}
