// Just enough MIME to show the messages the catcher keeps (those nodemailer writes): headers with
// encoded words, and the text and HTML parts of a multipart body. Not a general mail parser.

export type Headers = Map<string, string>;

/** Splits a raw message into its headers (lower-case names, folded lines joined) and its body. */
export function splitMessage(raw: string): { headers: Headers; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end === -1 ? raw : raw.slice(0, end);
  const body = end === -1 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers: Headers = new Map();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence of a repeated header wins (nodemailer repeats none that is shown here).
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`). */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([bqBQ])\?([^?]*)\?=/g, (_, charset: string, encoding: string, text: string) => {
      const bytes =
        encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : quotedPrintableBytes(text.replace(/_/g, ' '));
      return decodeBytes(bytes, charset);
    });
}

function quotedPrintableBytes(text: string): Buffer {
  const cleaned = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < cleaned.length; i++) {
    const hex = cleaned.slice(i + 1, i + 3);
    if (cleaned[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(cleaned[i] ?? '', 'latin1'));
  }
  return Buffer.from(bytes);
}

function decodeBytes(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

const parameter = (header: string, name: string): string | undefined =>
  new RegExp(`${name}="?([^";]+)"?`, 'i').exec(header)?.[1];

function decodePart(headers: Headers, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const charset = parameter(headers.get('content-type') ?? '', 'charset') ?? 'utf-8';
  const bytes =
    encoding === 'base64'
      ? Buffer.from(body.replace(/\s+/g, ''), 'base64')
      : encoding === 'quoted-printable'
        ? quotedPrintableBytes(body)
        : Buffer.from(body, 'latin1');
  return decodeBytes(bytes, charset);
}

/** The text and HTML versions of a message, looking inside multipart bodies. */
export function bodyParts(headers: Headers, body: string): { text?: string; html?: string } {
  const type = (headers.get('content-type') ?? 'text/plain').toLowerCase();
  if (type.startsWith('multipart/')) {
    const boundary = parameter(headers.get('content-type') ?? '', 'boundary');
    if (!boundary) return {};
    const found: { text?: string; html?: string } = {};
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitMessage(chunk.replace(/^\r?\n/, ''));
      const inner = bodyParts(part.headers, part.body.replace(/\r?\n$/, ''));
      found.text ??= inner.text;
      found.html ??= inner.html;
    }
    return found;
  }
  if (type.startsWith('text/html')) return { html: decodePart(headers, body) };
  if (type.startsWith('text/')) return { text: decodePart(headers, body) };
  return {};
}
