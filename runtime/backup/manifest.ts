import { z } from 'zod';

/** The folder of an archive that holds what is not a copy of the data folder: this manifest, a dump. */
export const ARCHIVE_META_DIR = 'siamo-sauvegarde';
export const MANIFEST_MEMBER = `./${ARCHIVE_META_DIR}/manifest.json`;
export const DUMP_FILE = 'base.pgdump';

const counted = z.object({ files: z.number().int(), bytes: z.number().int() });

export const manifestSchema = z.object({
  format: z.literal('siamo-sauvegarde'),
  version: z.literal(1),
  createdAt: z.string(),
  database: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('pglite'), path: z.string() }),
    z.object({ kind: z.literal('pg_dump'), file: z.string(), server: z.string(), cases: z.number().int() }),
  ]),
  /** The dev server's files, or the address of the cluster whose state this archive does not hold. */
  temporal: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('serveur_de_developpement'), files: z.array(z.string()) }),
    z.object({ kind: z.literal('cluster'), address: z.string() }),
  ]),
  documents: counted,
  keys: z.array(z.string()),
  mail: z.boolean(),
  /** Every path of the data folder the archive holds, relative to it. */
  dataParts: z.array(z.string()),
});

export type Manifest = z.infer<typeof manifestSchema>;

export function parseManifest(text: string, archive: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${archive} n’est pas une sauvegarde de Siamo : son manifeste est illisible.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${archive} n’est pas une sauvegarde de Siamo de ce format (manifeste inattendu).`);
  }
  return parsed.data;
}
