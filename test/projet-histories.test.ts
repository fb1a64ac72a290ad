import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../processes/roles.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, uniqueKey } from './support/harness.ts';
import { saveHistory } from './support/histories.ts';

// Records histories of the `projet` process into test/histories, for the replay test
// (test/replay.test.ts replays every file there against the current workflow code). Run with
// `npm run histories:record`, after a deliberate, versioned change; never delete the old ones while
// cases recorded like them may still run.

const recording = process.env.RECORD_HISTORIES === '1';

const chef: Actor = { id: 'u-chef-1', role: 'analyste_icamo' };
const comite: Actor = { id: 'u-comite-1', role: 'pilotage_icamo' };
const DAY = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const save = (name: string, caseId: string, runId?: string) => void saveHistory(name, caseId, runId);

async function until(check: () => Promise<boolean>, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('délai dépassé');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.runIf(recording)('recording projet histories', () => {
  it('records a project waiting for its prerequisite, started once told, reported on and completed', async () => {
    const h = await createHarness();
    const organisationId = uniqueKey('icamo-rec');
    const open = async (numero: number, input: Record<string, unknown> = {}) =>
      (
        await startCase(h.ctx, {
          processId: 'projet',
          businessKey: `SDSI-${numero}`,
          organisationId,
          actor: SYSTEM_ACTOR,
          input: { numero, titre: `Projet ${numero}`, debutPrevu: '2018-01', dureeMois: 3, ...input },
        })
      ).case;
    try {
      const first = await open(1);
      const second = await open(2, { dependances: [{ numero: 1 }], prerequisEnAttente: [{ numero: 1 }] });
      const send = (caseId: string, actor: Actor, event: string, input: Record<string, unknown> = {}) =>
        sendEvent(h.ctx, { caseId, actor, event, input });
      await expect(send(second.caseId, chef, 'projet.demarrer', { dateDemarrage: '2018-02-01' })).rejects.toThrow();
      await send(first.caseId, chef, 'jalon.ajouter', { nomJalon: 'Cadrage', echeanceJalon: '2099-01-31' });
      await send(first.caseId, chef, 'projet.demarrer', { dateDemarrage: '2018-01-08' });
      await send(first.caseId, chef, 'rapport.deposer', {
        periode: '2018-01',
        avancement: 40,
        realisations: 'Cadrage.',
        finPrevue: '2018-04-30',
      });
      await send(first.caseId, chef, 'jalon.atteindre', { numeroJalon: 1, dateAtteinte: '2018-02-15' });
      await send(first.caseId, chef, 'projet.terminer', { dateFin: '2018-04-20' });
      await h.ctx.temporal.workflow.getHandle(first.caseId).result();
      await until(async () => {
        const row = await h.prisma.case.findUnique({ where: { id: second.caseId } });
        return (row?.context as { prerequisEnAttente?: unknown[] })?.prerequisEnAttente?.length === 0;
      });
      await send(second.caseId, chef, 'projet.demarrer', { dateDemarrage: '2018-05-02' });
      await send(second.caseId, chef, 'projet.terminer', { dateFin: '2018-07-31' });
      await h.ctx.temporal.workflow.getHandle(second.caseId).result();
      await save('projet-v2-prerequis-termine', first.caseId);
      await save('projet-v2-demarre-apres-prerequis', second.caseId);
    } finally {
      await h.close();
    }
  });

  it('records reminders ringing across states and runs, an override, a suspension and an abandonment', async () => {
    const todayStart = Math.floor(Date.now() / DAY) * DAY;
    const since = Date.now() - todayStart;
    const h = await createHarness({
      transitionsPerRun: 4,
      settingOverrides: { jourRapportMensuel: 1 },
      durationOverrides: {
        'projet.alerteJalon': `PT${Math.round(since / 1000) + 4}S`,
        'projet.rappelJalon': 'P10D',
      },
    });
    try {
      const { caseId } = (
        await startCase(h.ctx, {
          processId: 'projet',
          businessKey: 'SDSI-3',
          organisationId: uniqueKey('icamo-rec'),
          actor: SYSTEM_ACTOR,
          input: { numero: 3, dependances: [{ numero: 2 }], prerequisEnAttente: [{ numero: 2 }] },
        })
      ).case;
      const firstRun = (await h.ctx.temporal.workflow.getHandle(caseId).describe()).runId;
      const send = (actor: Actor, event: string, input: Record<string, unknown> = {}) =>
        sendEvent(h.ctx, { caseId, actor, event, input });
      const fired = (kind: string) => h.prisma.notification.count({ where: { caseId, kind } }).then((n) => n > 0);
      await send(chef, 'jalon.ajouter', { nomJalon: 'En retard', echeanceJalon: dayOf(todayStart - DAY) });
      await send(chef, 'jalon.ajouter', { nomJalon: 'Proche', echeanceJalon: dayOf(todayStart + 3 * DAY) });
      await until(() => fired('retard_element'));
      await send(comite, 'prerequis.deroger', { motifDerogation: 'Le comité autorise un démarrage en parallèle.' });
      await send(chef, 'projet.demarrer', { dateDemarrage: dayOf(todayStart - 40 * DAY) });
      await until(() => fired('escalade_element'));
      await send(comite, 'projet.suspendre', { motifSuspension: 'Arbitrage budgétaire en attente.' });
      await send(comite, 'projet.reprendre');
      await send(comite, 'projet.abandonner', { motifAbandon: 'Le comité renonce au projet.' });
      await h.ctx.temporal.workflow.getHandle(caseId).result();
      await save('projet-v2-rappels-premier-run', caseId, firstRun);
      await save('projet-v2-rappels-dernier-run', caseId);
    } finally {
      await h.close();
    }
  });
});
