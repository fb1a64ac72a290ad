import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, type Harness, uniqueKey } from './support/harness.ts';

// Temporal keeps an update id for one run of a workflow only. A case carries the ids of its recent
// requests and their answers into its next run, and its audit trail keeps the id of each transition:
// a request sent again — after a continue-as-new, or once the case has closed — gets its first
// answer, and is applied once.

const gerant: Actor = { id: 'u-gerant-ri', role: 'gerant_ipm' };
const opening = { denomination: 'IPM Rejouée', typeIpm: 'interentreprises', adresseSiege: 'Dakar', effectif: 900 };
const completion = (n: number) => ({
  nombreEntreprises: n,
  entreprisesAdherentes: 'Entreprise A\nEntreprise B\nEntreprise C',
  gouvernance: 'Conseil d’administration paritaire.',
  cotisationsAnnuelles: 300_000_000,
  prestationsAnnuelles: 250_000_000,
});

describe('request ids across runs of a case', () => {
  let h: Harness;
  beforeAll(async () => {
    // Two transitions per run: the third event of a case already lands in its second run.
    h = await createHarness({ transitionsPerRun: 2 });
  });
  afterAll(() => h?.close());

  const open = async () =>
    (
      await startCase(h.ctx, {
        processId: 'agrement',
        businessKey: uniqueKey('RID'),
        organisationId: 'ipm-a',
        actor: gerant,
        input: opening,
      })
    ).case.caseId;
  const runOf = async (caseId: string) => (await h.ctx.temporal.workflow.getHandle(caseId).describe()).runId;
  const audit = async (caseId: string) =>
    (await h.prisma.auditEntry.findMany({ where: { caseId }, orderBy: { revision: 'asc' } })).map(
      (a) => `${a.revision}:${a.event}:${a.requestId ?? '-'}`,
    );

  it('answers a repeatable event sent again after a continue-as-new with its first answer, applied once', async () => {
    const caseId = await open();
    const firstRun = await runOf(caseId);
    const first = await sendEvent(h.ctx, {
      caseId,
      event: 'demande.completer',
      actor: gerant,
      input: completion(3),
      requestId: `${caseId}:completer-1`,
    });
    expect(first).toMatchObject({ state: 'brouillon', revision: 2 });
    // Two more edits of the draft: the case continues as new in between.
    await sendEvent(h.ctx, { caseId, event: 'demande.completer', actor: gerant, input: completion(4) });
    await sendEvent(h.ctx, { caseId, event: 'demande.completer', actor: gerant, input: completion(5) });
    expect(await runOf(caseId)).not.toBe(firstRun);

    const again = await sendEvent(h.ctx, {
      caseId,
      event: 'demande.completer',
      actor: gerant,
      input: completion(3),
      requestId: `${caseId}:completer-1`,
    });
    expect(again).toMatchObject({ state: 'brouillon', revision: 2, repeated: true });
    const row = await h.prisma.case.findUniqueOrThrow({ where: { id: caseId } });
    expect(row.revision).toBe(4);
    expect((row.context as { nombreEntreprises?: number }).nombreEntreprises).toBe(5);
    expect(await audit(caseId)).toEqual([
      '1:dossier.ouvrir:-',
      `2:demande.completer:${caseId}:completer-1`,
      expect.stringMatching(/^3:demande\.completer:/),
      expect.stringMatching(/^4:demande\.completer:/),
    ]);
  });

  it('answers the requests of a closed case with their own answers, not « dossier clos »', async () => {
    const caseId = await open();
    const edit = {
      caseId,
      event: 'demande.completer',
      actor: gerant,
      input: completion(3),
      requestId: `${caseId}:completer-1`,
    };
    await sendEvent(h.ctx, edit);
    // The case continues as new after this one: the closing event lands in its second run.
    await sendEvent(h.ctx, { caseId, event: 'demande.completer', actor: gerant, input: completion(4) });
    const closing = { caseId, event: 'dossier.abandonner', actor: gerant, requestId: `${caseId}:abandon` };
    expect(await sendEvent(h.ctx, closing)).toMatchObject({ state: 'abandonne', terminal: true, revision: 4 });
    await h.ctx.temporal.workflow.getHandle(caseId).result();

    // The closing event again: its first answer.
    expect(await sendEvent(h.ctx, closing)).toMatchObject({ state: 'abandonne', terminal: true, revision: 4 });
    // A request of the first run again, once the case is closed: the audit trail answers it.
    expect(await sendEvent(h.ctx, edit)).toMatchObject({
      state: 'brouillon',
      terminal: false,
      revision: 2,
      availableEvents: [],
      repeated: true,
    });
    // A new request on the closed case is still refused, and changes nothing.
    await expect(sendEvent(h.ctx, { ...closing, requestId: `${caseId}:autre` })).rejects.toMatchObject({
      code: 'non_autorise',
      message: expect.stringMatching(/clos/),
    });
    expect(await audit(caseId)).toEqual([
      '1:dossier.ouvrir:-',
      `2:demande.completer:${caseId}:completer-1`,
      expect.stringMatching(/^3:demande\.completer:/),
      `4:dossier.abandonner:${caseId}:abandon`,
    ]);
  });
});
