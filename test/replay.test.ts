import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, uniqueKey } from './support/harness.ts';

// Histories recorded from the case workflow are kept in test/histories and replayed against the
// current code: a change that would break running cases fails here. Record new ones (after a
// deliberate, versioned change) with `npm run histories:record`; never delete old ones while cases
// recorded like them may still run.

const HISTORIES = fileURLToPath(new URL('./histories', import.meta.url));
const recording = process.env.RECORD_HISTORIES === '1';

describe.skipIf(recording)('replay of recorded case histories', () => {
  it('replays every recorded history with the current workflow code', async () => {
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      { workflowBundle: { codePath: inject('workflowBundlePath') } },
      histories,
    )) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});

describe.runIf(recording)('recording case histories', () => {
  const gerant: Actor = { id: 'u-gerant-1', role: 'gerant_ipm' };
  const agent: Actor = { id: 'u-agent-1', role: 'agent_ministere' };
  const directeur: Actor = { id: 'u-dir-1', role: 'directeur_ministere' };
  const pieces = ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'];
  const input = { denomination: 'IPM Enregistrée', typeIpm: 'interentreprises', effectif: 900 };
  const complements = { complementsDemandes: 'Joindre les statuts signés.' };

  it('records the main paths of the agrément process', async () => {
    const h = await createHarness({ durationOverrides: { 'agrement.delaiComplements': 'PT2S' }, transitionsPerRun: 4 });
    // The CLI's JSON is the format `historyFromJSON` reads, and what an operator exports from production.
    const save = async (name: string, caseId: string, runId?: string) => {
      const args = [
        'workflow',
        'show',
        '--address',
        inject('temporalAddress'),
        '--namespace',
        inject('temporalNamespace'),
      ];
      args.push('--workflow-id', caseId, ...(runId ? ['--run-id', runId] : []), '--output', 'json');
      mkdirSync(HISTORIES, { recursive: true });
      writeFileSync(path.join(HISTORIES, `${name}.json`), execFileSync(inject('temporalCliPath'), args));
    };
    // Files are named by the version the cases run on: each version keeps its own recorded histories.
    let version = 0;
    const open = async () => {
      const { case: opened } = await startCase(h.ctx, {
        processId: 'agrement',
        businessKey: uniqueKey('REC'),
        organisationId: 'ipm-a',
        actor: gerant,
        input,
      });
      version = opened.version;
      return opened.caseId;
    };
    try {
      const granted = await open();
      await sendEvent(h.ctx, { caseId: granted, event: 'dossier.soumettre', actor: gerant, input: { pieces } });
      await expect(sendEvent(h.ctx, { caseId: granted, event: 'decision.accorder', actor: gerant })).rejects.toThrow();
      await sendEvent(h.ctx, { caseId: granted, event: 'recevabilite.valider', actor: agent });
      await sendEvent(h.ctx, {
        caseId: granted,
        event: 'decision.accorder',
        actor: directeur,
        input: { observations: 'Conforme.' },
      });
      await h.ctx.temporal.workflow.getHandle(granted).result();
      await save(`agrement-v${version}-accorde`, granted);

      const expired = await open();
      await sendEvent(h.ctx, { caseId: expired, event: 'dossier.soumettre', actor: gerant, input: { pieces } });
      await sendEvent(h.ctx, {
        caseId: expired,
        event: 'recevabilite.demanderComplements',
        actor: agent,
        input: complements,
      });
      await h.ctx.temporal.workflow.getHandle(expired).result();
      await save(`agrement-v${version}-classe-sans-suite`, expired);

      const long = await open();
      const firstRun = (await h.ctx.temporal.workflow.getHandle(long).describe()).runId;
      await sendEvent(h.ctx, { caseId: long, event: 'dossier.soumettre', actor: gerant, input: { pieces } });
      for (let round = 0; round < 2; round++) {
        await sendEvent(h.ctx, {
          caseId: long,
          event: 'recevabilite.demanderComplements',
          actor: agent,
          input: complements,
        });
        await sendEvent(h.ctx, {
          caseId: long,
          event: 'complements.repondre',
          actor: gerant,
          input: { reponseComplements: 'Voici.' },
        });
      }
      await sendEvent(h.ctx, { caseId: long, event: 'recevabilite.valider', actor: agent });
      await sendEvent(h.ctx, {
        caseId: long,
        event: 'decision.refuser',
        actor: directeur,
        input: { motifRefus: 'Gouvernance non conforme.' },
      });
      await h.ctx.temporal.workflow.getHandle(long).result();
      await save(`agrement-v${version}-continue-as-new-premier-run`, long, firstRun);
      await save(`agrement-v${version}-continue-as-new-dernier-run`, long);
    } finally {
      await h.close();
    }
  });
});
