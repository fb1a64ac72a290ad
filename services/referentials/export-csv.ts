import type { PrismaClient } from '../../prisma/client.ts';
import { type ReferentialDefinition, referentialDefinition } from '../../processes/referentials/catalogue.ts';
import { layoutColumns } from './layout.ts';
import { type Reader, readableVersion } from './series.ts';

// A version's rows as the CSV its layout describes (the file it could be imported from again: UTF-8
// with its mark, semicolons), by pages of rows in code order, so that a large version is never held
// in memory at once.

const PAGE = 5000;

const cell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'boolean' ? (value ? 'oui' : 'non') : String(value);
  return /[;"\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export async function* versionCsv(
  prisma: PrismaClient,
  versionId: string,
  definition: ReferentialDefinition,
): AsyncGenerator<string> {
  yield `\uFEFF${layoutColumns(definition).join(';')}\r\n`;
  let after = '';
  for (;;) {
    const rows = await prisma.referentialRow.findMany({
      where: { versionId, code: { gt: after } },
      orderBy: { code: 'asc' },
      take: PAGE,
      select: { code: true, fields: true },
    });
    if (rows.length === 0) return;
    yield rows
      .map((r) => {
        const fields = r.fields as Record<string, unknown>;
        return [cell(r.code), ...definition.fields.map((f) => cell(fields[f.name]))].join(';');
      })
      .join('\r\n')
      .concat('\r\n');
    after = rows[rows.length - 1]?.code ?? after;
    if (rows.length < PAGE) return;
  }
}

/** The version and its layout, if it exists; another organisation's own referential is refused (series.ts). */
export async function versionForExport(prisma: PrismaClient, versionId: string, reader: Reader) {
  const version = await readableVersion(prisma, versionId, reader);
  const definition = version ? referentialDefinition(version.referentialCode) : undefined;
  return version && definition ? { version, definition } : null;
}
