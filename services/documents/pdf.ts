import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const CANDIDATES = [
  '/usr/bin/soffice',
  '/usr/lib/libreoffice/program/soffice',
  '/opt/libreoffice/program/soffice',
  '/Applications/LibreOffice.app/Contents/MacOS/soffice',
];

/** LibreOffice's `soffice`, looked for in LIBREOFFICE_PATH, on the PATH, then where packages put it. */
export function findLibreOffice(env: NodeJS.ProcessEnv = process.env): string | null {
  const onPath = (env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .flatMap((dir) => [path.join(dir, 'soffice'), path.join(dir, 'libreoffice')]);
  const candidates = [env.LIBREOFFICE_PATH, ...onPath, ...CANDIDATES].filter((c): c is string => Boolean(c));
  return candidates.find(isExecutable) ?? null;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts a Word document to PDF with LibreOffice (headless). Each conversion has a profile of its
 * own, so that conversions at the same time do not fight over LibreOffice's profile lock.
 */
export async function convertToPdf(docx: Buffer, soffice: string, timeoutMs = 120_000): Promise<Buffer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'siamo-pdf-'));
  try {
    const input = path.join(dir, 'document.docx');
    await writeFile(input, docx);
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profil')).href}`,
          '--headless',
          '--norestore',
          '--nolockcheck',
          '--convert-to',
          'pdf',
          '--outdir',
          dir,
          input,
        ],
        { timeout: timeoutMs },
        (error, _stdout, stderr) =>
          error ? reject(new Error(`Conversion en PDF impossible : ${stderr.trim() || error.message}`)) : resolve(),
      );
    });
    return await readFile(path.join(dir, 'document.pdf')).catch(() => {
      throw new Error('Conversion en PDF impossible : LibreOffice n’a produit aucun fichier.');
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
