import { ApplicationFailure } from '@temporalio/common';
import type { PrismaClient } from '../../prisma/client.ts';
import type { DocumentKind } from '../../processes/effects.ts';
import { generateDocument } from '../../services/documents/generate.ts';
import type { EffectRequest } from '../../workflows/types.ts';

/**
 * The `generer_document` effect: the official document of kind `modele`, numbered and stored with the
 * case, once per (case, revision, effect position) however often the effect runs.
 */
export async function generateDocumentEffect(
  deps: { prisma: PrismaClient; dataDir?: string },
  effect: EffectRequest,
): Promise<void> {
  if (!deps.dataDir)
    throw ApplicationFailure.nonRetryable(
      'Les documents ne sont pas configurés sur ce worker (dossier de données absent).',
      'documents_non_configures',
    );
  await generateDocument(
    { prisma: deps.prisma, dataDir: deps.dataDir },
    {
      caseId: effect.caseId,
      revision: effect.revision,
      index: effect.index,
      kind: effect.params.modele as DocumentKind,
    },
  );
}
