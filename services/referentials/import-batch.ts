import { z } from 'zod';
import { OWNER_AGENTS } from '../../processes/referentials/domain.ts';
import { isRole, type Role } from '../../processes/roles.ts';
import { defineBatchJobKind } from '../batches/job-kind.ts';
import { startCase } from '../start-case.ts';
import { CHUNK_ROWS, finishImport, importChunk, readImportLines } from './import-version.ts';

// A version's import as a batch (import-version.ts does the work): its chunks check and write slices
// of the file's rows, the portal shows their progress, and its end computes the report and the
// difference and, for a version without invalid lines, opens its `referentiel` case as the person
// who imported it. Parameters are ids and a role: the file stays in PostgreSQL (ReferentialImportFile).

const params = z.object({
  versionId: z.string().min(1),
  ownerOrganisationId: z.string().min(1),
  referential: z.string().min(1),
  number: z.number().int().min(1),
  openedBy: z.string().min(1),
  openedAs: z.string().refine(isRole, 'Rôle inconnu.') as unknown as z.ZodType<Role>,
  caseOrganisationId: z.string().nullable(),
});

export type ImportBatchParams = z.infer<typeof params>;

export const IMPORT_BATCH = 'import_referentiel';

export const referentialImportBatchKind = defineBatchJobKind({
  name: IMPORT_BATCH,
  label: 'Import d’une version de référentiel',
  params,
  roles: OWNER_AGENTS,
  organisationOf: (p) => String(p.ownerOrganisationId),
  window: 2,
  async plan(db, _batchId, p) {
    const lines = await readImportLines(db, p.versionId);
    return { total: lines.lines, chunkCount: Math.max(1, Math.ceil(lines.rows / CHUNK_ROWS)) };
  },
  runChunk: (tx, _batchId, p, chunkIndex) => importChunk(tx, p.versionId, chunkIndex),
  async finish(prisma, _batchId, p, state, { cases }) {
    const result = await prisma.$transaction((tx) => finishImport(tx, p.versionId, state), { timeout: 300_000 });
    if (result.status !== 'validee') return;
    const version = await prisma.referentialVersion.findUniqueOrThrow({
      where: { id: p.versionId },
      select: { caseId: true },
    });
    if (version.caseId) return;
    if (!cases)
      throw new Error('Le worker n’a pas les services des dossiers : le dossier de la version ne peut être ouvert.');
    // Opened once: the business key makes a second attempt find the same case.
    const started = await startCase(cases, {
      processId: 'referentiel',
      businessKey: `REF-${p.referential}-${p.number}`,
      organisationId: p.caseOrganisationId,
      actor: { id: p.openedBy, role: p.openedAs },
      input: { versionId: p.versionId, referentiel: p.referential },
    });
    await prisma.referentialVersion.update({ where: { id: p.versionId }, data: { caseId: started.case.caseId } });
  },
});
