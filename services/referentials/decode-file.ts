import { formatSize } from '../uploads/upload-policy.ts';
import { type FileProblem, fileProblem } from './file-problem.ts';

// Turns an uploaded file's bytes into text. Spreadsheets on Windows export CSV in Windows-1252
// (« Latin-1 »), others in UTF-8 with or without a byte-order mark: strict UTF-8 is tried first, since
// Latin-1 text with accents is almost never valid UTF-8, and Windows-1252 is read otherwise (the report
// says which). UTF-16 (Excel's « texte Unicode ») and binary files (an XLSX renamed .csv) are refused.

export type Encoding = 'utf-8' | 'windows-1252';

export type DecodedFile = { text: string; encoding: Encoding; bom: boolean } | { problem: FileProblem };

export function decodeReferentialFile(bytes: Uint8Array, maxBytes: number): DecodedFile {
  if (bytes.length > maxBytes) {
    return {
      problem: fileProblem(
        'fichier-trop-gros',
        `Le fichier fait ${formatSize(bytes.length)}, au-delà de la limite de ${formatSize(maxBytes)}.`,
        'Découpez-le ou retirez ce qui n’est pas une ligne du référentiel, puis importez-le de nouveau.',
      ),
    };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      problem: fileProblem(
        'encodage',
        'Le fichier est encodé en UTF-16 (« texte Unicode » d’Excel), que l’import ne lit pas.',
        'Enregistrez-le en « CSV UTF-8 (délimité par des points-virgules) » ou importez le classeur XLSX.',
      ),
    };
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    return {
      problem: fileProblem(
        'fichier-binaire',
        'Le fichier n’est pas un fichier texte CSV (il contient des octets nuls : un classeur ou un document renommé ?).',
        'Importez un fichier CSV, ou un classeur XLSX sous son propre nom (.xlsx).',
      ),
    };
  }
  let text: string;
  let encoding: Encoding = 'utf-8';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    if (bom) {
      return {
        problem: fileProblem(
          'encodage',
          'Le fichier annonce l’UTF-8 (il commence par sa marque) mais contient des octets qui n’en sont pas.',
          'Réenregistrez-le en UTF-8 depuis le tableur, puis importez-le de nouveau.',
        ),
      };
    }
    text = new TextDecoder('windows-1252').decode(body);
    encoding = 'windows-1252';
  }
  if (text.trim() === '') {
    return {
      problem: fileProblem(
        'fichier-vide',
        'Le fichier est vide : il n’a ni ligne d’en-tête ni ligne de données.',
        'Partez du modèle du référentiel (ligne d’en-tête puis une ligne par code) et importez-le de nouveau.',
      ),
    };
  }
  return { text, encoding, bom };
}
