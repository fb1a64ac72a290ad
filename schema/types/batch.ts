import type { BatchView } from '../../services/batches/batches.ts';
import { builder } from '../builder.ts';

export const BatchRef = builder.objectRef<BatchView>('Batch').implement({
  description:
    'A batch job over many records (contribution calls, claim lines, a referential import, the synthetic job): ' +
    'its figures are live while it runs.',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind'),
    label: t.exposeString('label', { description: 'The kind’s French name.' }),
    params: t.field({ type: 'JSON', description: 'Ids and figures only.', resolve: (b) => b.params }),
    state: t.exposeString('state', { description: 'en_preparation, en_cours, termine, annule or echoue.' }),
    total: t.exposeInt('total'),
    done: t.exposeInt('done'),
    failed: t.exposeInt('failed', { description: 'Records the kind rejected (a line failing its rule).' }),
    remaining: t.exposeInt('remaining'),
    chunkCount: t.exposeInt('chunkCount'),
    chunksDone: t.exposeInt('chunksDone'),
    chunksFailed: t.exposeInt('chunksFailed', { description: 'Chunks out of retries: their records are not applied.' }),
    ratePerSecond: t.exposeInt('ratePerSecond', { description: 'Records per second since the chunks began.' }),
    cancelRequested: t.exposeBoolean('cancelRequested'),
    startedBy: t.exposeString('startedBy'),
    startedAt: t.field({ type: 'DateTime', resolve: (b) => b.startedAt }),
    finishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (b) => b.finishedAt }),
  }),
});
