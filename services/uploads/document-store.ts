import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Documents' content lives under the data folder, named by its SHA-256: the same file attached twice
// is stored once, and a name can never point outside the folder.

export const documentPath = (dataDir: string, sha256: string): string => {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`Empreinte de document invalide : ${sha256}`);
  return path.join(dataDir, 'documents', sha256);
};

/** Stores content once; written to a temporary file and renamed, so a reader never sees half a file. */
export async function storeContent(dataDir: string, bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = documentPath(dataDir, sha256);
  if (!existsSync(target)) {
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, bytes, { flag: 'wx' });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }
  return { sha256, size: bytes.byteLength };
}
