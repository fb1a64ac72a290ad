// Widths of text drawn in the portal's sans-serif font, estimated without a browser: the server lays
// the process diagram out before any page exists. Generous on purpose (the widest common fonts,
// DejaVu Sans among them): a box a little too wide costs some space, one too narrow overlaps.

const NARROW = new Set("iljtfrI.,;:!'’ ()[]|");
const WIDE = new Set('mwMWÉÈ@%');

/** The estimated width, in pixels, of a line of text at a font size. */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (NARROW.has(ch)) em += 0.34;
    else if (WIDE.has(ch)) em += 0.92;
    else if (ch >= 'A' && ch <= 'Z') em += 0.72;
    else em += 0.62;
  }
  return Math.ceil(em * fontSize);
}

/** Splits a label into lines of at most `max` characters, at spaces (a longer word keeps its own line). */
export function wrap(label: string, max: number): string[] {
  const out: string[] = [];
  for (const word of label.split(' ')) {
    const last = out.at(-1);
    if (last !== undefined && `${last} ${word}`.length <= max) out[out.length - 1] = `${last} ${word}`;
    else out.push(word);
  }
  return out;
}
