import { describe, it } from 'vitest';
import { startBatch } from '../services/batches/batches.ts';
import { createHarness } from './support/harness.ts';
import { saveHistory } from './support/histories.ts';

// Records histories of the batch workflow into test/histories, for the replay test: a synthetic batch
// over several runs (continue-as-new), with rejected records. Run with `npm run histories:record`.

const recording = process.env.RECORD_HISTORIES === '1';

describe.runIf(recording)('recording batch histories', () => {
  it('records a batch that continues as new and ends', async () => {
    const h = await createHarness();
    try {
      const started = await startBatch(h.ctx, {
        kind: 'synthetique',
        params: { records: 2_000, chunkSize: 100, rejectEvery: 7, pauseMs: 0 },
        startedBy: 'u-admin-rec',
        window: 3,
        chunksPerRun: 8,
      });
      const handle = h.ctx.temporal.workflow.getHandle(started.id);
      const firstRun = (await handle.describe()).runId;
      await handle.result();
      saveHistory('batch-v1-synthetique-premier-run', started.id, firstRun);
      saveHistory('batch-v1-synthetique-dernier-run', started.id);
    } finally {
      await h.close();
    }
  }, 120_000);
});
