import type { PrismaClient } from '../prisma/client.ts';
import type { FieldErrors } from '../processes/fields.ts';
import type { InputSchema } from '../processes/model.ts';

/**
 * The documents a form names (a checklist's items) must be files uploaded to this very case: the
 * engine, which runs inside the workflow, cannot look, so the services check before the event is
 * sent. Returns the errors by field; none means every reference holds.
 */
export async function documentReferenceErrors(
  prisma: PrismaClient,
  caseId: string,
  schema: InputSchema | undefined,
  input: Record<string, unknown>,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const [name, field] of Object.entries(schema ?? {})) {
    if (field.type !== 'pieces') continue;
    const value = input[name];
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const ids = [...new Set(Object.values(value).filter((id): id is string => typeof id === 'string'))];
    if (ids.length === 0) continue;
    const found = await prisma.document.findMany({
      where: { id: { in: ids }, caseId, uploadedById: { not: null } },
      select: { id: true },
    });
    if (found.length !== ids.length)
      errors[name] = `« ${field.label} » : chaque pièce doit désigner un document déposé dans ce dossier.`;
  }
  return errors;
}
