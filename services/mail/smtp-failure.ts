// What a mail server says when it refuses a message often repeats the address (« 550 5.1.1
// <aminata@…>: Recipient address rejected »). Logs and activity failures get the codes only; the
// message's own row keeps the server's text with every address masked, for the operator.

const ADDRESS = /[^\s<>()[\]"',;:]+@[^\s<>()[\]"',;:]+/g;

/** `text` with every e-mail address replaced, for storing what a server answered. */
export const maskAddresses = (text: string): string => text.replace(ADDRESS, '<adresse masquée>');

/**
 * The codes of a failed send: SMTP reply code, enhanced status, the command refused and nodemailer's
 * error code (`code SMTP 550 5.1.1 à RCPT TO (EENVELOPE)`), never the server's words.
 */
export function smtpFailureCodes(error: unknown): string {
  const { responseCode, response, command, code } = (error ?? {}) as {
    responseCode?: unknown;
    response?: unknown;
    command?: unknown;
    code?: unknown;
  };
  const enhanced = typeof response === 'string' ? /^\d{3}[ -](\d\.\d{1,3}\.\d{1,3})\b/.exec(response)?.[1] : undefined;
  const parts = [
    typeof responseCode === 'number' ? `code SMTP ${responseCode}${enhanced ? ` ${enhanced}` : ''}` : undefined,
    typeof command === 'string' && /^[A-Z ]{2,12}$/.test(command) ? `à ${command}` : undefined,
    typeof code === 'string' && /^[A-Z_]{2,32}$/.test(code) ? `(${code})` : undefined,
  ].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(' ') : 'erreur sans code';
}
