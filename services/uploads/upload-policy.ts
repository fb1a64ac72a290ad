// What may be attached to a case: PDF, images, Word and spreadsheet files, nothing else (no HTML, no
// executables, no archives that a browser or an office suite would open with surprises). The type
// comes from the file name's extension and must be confirmed by the content's first bytes; the type
// a client declares is ignored, since browsers disagree about it (a CSV is "text/csv" for one,
// "application/vnd.ms-excel" for another).

interface AcceptedType {
  mimeType: string;
  /** Checks the first bytes of the content. */
  matches(head: Uint8Array): boolean;
}

const startsWith =
  (...signature: number[]) =>
  (head: Uint8Array) =>
    signature.every((byte, i) => head[i] === byte);
const PDF = startsWith(0x25, 0x50, 0x44, 0x46, 0x2d); // %PDF-
const PNG = startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const JPEG = startsWith(0xff, 0xd8, 0xff);
/** DOCX, XLSX, ODT, ODS: ZIP containers. */
const ZIP = startsWith(0x50, 0x4b, 0x03, 0x04);
/** DOC, XLS: OLE compound files. */
const OLE = startsWith(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
/** CSV: text, so no NUL byte where a binary file would have one. */
const TEXT = (head: Uint8Array) => !head.includes(0);

const ACCEPTED: Record<string, AcceptedType> = {
  pdf: { mimeType: 'application/pdf', matches: PDF },
  png: { mimeType: 'image/png', matches: PNG },
  jpg: { mimeType: 'image/jpeg', matches: JPEG },
  jpeg: { mimeType: 'image/jpeg', matches: JPEG },
  doc: { mimeType: 'application/msword', matches: OLE },
  docx: { mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', matches: ZIP },
  odt: { mimeType: 'application/vnd.oasis.opendocument.text', matches: ZIP },
  xls: { mimeType: 'application/vnd.ms-excel', matches: OLE },
  xlsx: { mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', matches: ZIP },
  ods: { mimeType: 'application/vnd.oasis.opendocument.spreadsheet', matches: ZIP },
  csv: { mimeType: 'text/csv', matches: TEXT },
};

export const ACCEPTED_TYPES_LABEL =
  'un PDF, une image (PNG, JPEG), un document Word (DOC, DOCX, ODT) ou un tableur (XLS, XLSX, ODS, CSV)';

export type UploadCheck = { ok: true; mimeType: string; name: string } | { ok: false; message: string };

/** Checks a file against the allow-list and the size limit; gives the type to store and a safe name. */
export function checkUpload(file: { name: string; size: number; head: Uint8Array }, maxBytes: number): UploadCheck {
  if (file.size === 0) return { ok: false, message: 'Le fichier est vide.' };
  if (file.size > maxBytes) return { ok: false, message: tooLarge(maxBytes) };
  const name = safeName(file.name);
  const extension = name.includes('.') ? (name.split('.').pop() ?? '').toLowerCase() : '';
  const accepted = Object.hasOwn(ACCEPTED, extension) ? ACCEPTED[extension] : undefined;
  if (!accepted) return { ok: false, message: `Type de fichier non accepté : déposez ${ACCEPTED_TYPES_LABEL}.` };
  if (!accepted.matches(file.head)) {
    return { ok: false, message: `Le contenu du fichier ne correspond pas à son extension « .${extension} ».` };
  }
  return { ok: true, mimeType: accepted.mimeType, name };
}

export const tooLarge = (maxBytes: number): string =>
  `Le fichier dépasse la taille maximale de ${formatSize(maxBytes)}.`;

/** The name as shown and offered for download: no folders, no control characters, at most 200 characters. */
export function safeName(name: string): string {
  const base = [...(name.split(/[\\/]/).pop() ?? '')]
    .filter((c) => c !== '"' && c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  if (base.length <= 200) return base || 'document';
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  return base.slice(0, 200 - extension.length) + extension;
}

/** 10 Mo, 1,5 Mo, 800 Ko: sizes as people read them. */
export function formatSize(bytes: number): string {
  const format = (value: number, unit: string) =>
    `${Number.isInteger(value) ? value : value.toFixed(1).replace('.', ',')} ${unit}`;
  if (bytes >= 1024 * 1024) return format(Math.round((bytes / (1024 * 1024)) * 10) / 10, 'Mo');
  if (bytes >= 1024) return format(Math.round(bytes / 1024), 'Ko');
  return `${bytes} octets`;
}
