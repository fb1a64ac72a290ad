import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { sendLinkedEvent } from '../activities/effects/linked-cases.ts';
import { migrateCases } from '../services/migrate-cases.ts';
import { sendEvent } from '../services/send-event.ts';
import { startCase } from '../services/start-case.ts';
import type { Actor } from '../workflows/types.ts';
import { createHarness, uniqueKey } from './support/harness.ts';
import { HISTORIES, saveHistory } from './support/histories.ts';
import { testDataConverter } from './support/payload-keys.ts';

// Histories recorded from the case workflow are kept in test/histories and replayed against the
// current code: a change that would break running cases fails here. Record new ones (after a
// deliberate, versioned change) with `npm run histories:record`; never delete old ones while cases
// recorded like them may still run.

const recording = process.env.RECORD_HISTORIES === '1';

/** The recorded histories, by name: older code's first, then each recording's (never overwritten). */
const REQUIRED_HISTORIES = [
  'agrement-v1-accorde',
  'agrement-v1-classe-sans-suite',
  'agrement-v1-continue-as-new-dernier-run',
  'agrement-v1-continue-as-new-premier-run',
  'agrement-v2-accorde',
  'agrement-v2-classe-sans-suite',
  'agrement-v2-continue-as-new-dernier-run',
  'agrement-v2-continue-as-new-premier-run',
  'agrement-v3-passe-en-v4',
  'agrement-v4-accorde',
  'agrement-v4-classe-sans-suite',
  'licence-v1-expire',
  'licence-v1-suspendu-renouvele-retire',
  'projet-v1-demarre-apres-prerequis',
  'projet-v1-prerequis-termine',
  'projet-v1-rappels-dernier-run',
  'projet-v1-rappels-premier-run',
  'renouvellement-v1-renouvele',
  // Recorded after slim answers, request ids across runs and awaited effects (patches of 2026-12-02).
  'agrement-v2-accorde-20261202',
  'agrement-v2-classe-sans-suite-20261202',
  'agrement-v2-continue-as-new-dernier-run-20261202',
  'agrement-v2-continue-as-new-premier-run-20261202',
  'agrement-v3-passe-en-v4-20261202',
  'agrement-v4-accorde-20261202',
  'agrement-v4-classe-sans-suite-20261202',
  'licence-v1-expire-20261202',
  'licence-v1-suspendu-renouvele-retire-20261202',
  'projet-v1-demarre-apres-prerequis-20261202',
  'projet-v1-prerequis-termine-20261202',
  'projet-v1-rappels-dernier-run-20261202',
  'projet-v1-rappels-premier-run-20261202',
  'renouvellement-v1-renouvele-20261202',
  // The project's version 2 (upkeep actions that keep no scratch fields), recorded with records and lines.
  'projet-v2-demarre-apres-prerequis',
  'projet-v2-prerequis-termine',
  'projet-v2-rappels-dernier-run',
  'projet-v2-rappels-premier-run',
  // The batch workflow: a synthetic batch over several runs (test/batch-histories.test.ts).
  'batch-v1-synthetique-dernier-run',
  'batch-v1-synthetique-premier-run',
  // The PEC's version 1 (before the IPM was told, v2): a request to instruct, cancelled by its provider.
  'pec-v1-annulee',
];

describe.skipIf(recording)('replay of recorded case and batch histories', () => {
  it('replays every recorded history with the current workflow code', async () => {
    // Every history the running cases depend on must be there (a lost file would go unnoticed
    // otherwise); any other recorded one is replayed too.
    expect(REQUIRED_HISTORIES.filter((name) => !existsSync(path.join(HISTORIES, `${name}.json`)))).toEqual([]);
    const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));
    const histories = files.map((file) => ({
      workflowId: file.replace(/\.json$/, ''),
      history: historyFromJSON(JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'))),
    }));
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories(
      // Histories recorded before payload encryption are plain; later ones are encrypted with the test key.
      { workflowBundle: { codePath: inject('workflowBundlePath') }, dataConverter: testDataConverter() },
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
  const save = (name: string, caseId: string, runId?: string) => void saveHistory(name, caseId, runId);

  it('records the main paths of the agrément process', async () => {
    const h = await createHarness({ durationOverrides: { 'agrement.delaiComplements': 'PT2S' }, transitionsPerRun: 4 });
    // Files are named by the version the cases run on: each version keeps its own recorded histories.
    let version = 0;
    const open = async () => {
      const { case: opened } = await startCase(h.ctx, {
        processId: 'agrement',
        version: 2,
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

  it('records the licensing paths: agrément v4, the licence and its renewal, a move from version 3', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'siamo-record-'));
    const h = await createHarness({
      dependencies: { dataDir },
      settingOverrides: { dureeValiditeAgrement: 'PT12S' },
      durationOverrides: {
        'agrement.delaiComplements': 'PT6S',
        'agrement.premierRappelComplements': 'PT4S',
        'agrement.dernierRappelComplements': 'PT2S',
        'licence.premierRappelRenouvellement': 'PT8S',
        'licence.deuxiemeRappelRenouvellement': 'PT5S',
        'licence.dernierRappelRenouvellement': 'PT2S',
      },
    });
    const analyste: Actor = { id: 'u-analyste-1', role: 'analyste_icamo' };
    const admin: Actor = { id: 'u-admin-1', role: 'administrateur' };
    const pieces = Object.fromEntries(
      ['statuts', 'liste_employeurs', 'effectifs', 'projections_financieres', 'gouvernance'].map((p) => [
        p,
        `doc-${p}`,
      ]),
    );
    const opening = {
      denomination: 'IPM Enregistrée',
      typeIpm: 'interentreprises',
      adresseSiege: 'Dakar',
      effectif: 900,
    };
    const completion = {
      nombreEntreprises: 3,
      entreprisesAdherentes: 'Entreprise A\nEntreprise B\nEntreprise C',
      gouvernance: 'Conseil d’administration paritaire.',
      cotisationsAnnuelles: 300_000_000,
      prestationsAnnuelles: 250_000_000,
    };
    const send = (caseId: string, event: string, actor: Actor, input?: Record<string, unknown>) =>
      sendEvent(h.ctx, { caseId, event, actor, input });
    const open = async (version?: number) =>
      (
        await startCase(h.ctx, {
          processId: 'agrement',
          ...(version ? { version } : {}),
          businessKey: uniqueKey('REC'),
          organisationId: 'ipm-a',
          actor: gerant,
          input: opening,
        })
      ).case;
    const submitted = async () => {
      const opened = await open();
      await send(opened.caseId, 'demande.completer', gerant, completion);
      await send(opened.caseId, 'pieces.deposer', gerant, { pieces });
      await send(opened.caseId, 'dossier.soumettre', gerant);
      return opened;
    };
    const childOf = async (caseId: string) => {
      for (;;) {
        const child = await h.prisma.case.findFirst({ where: { parentId: caseId } });
        if (child) return child.id;
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const granted = async () => {
      const { caseId } = await submitted();
      await send(caseId, 'recevabilite.valider', agent, { piecesVerifiees: Object.keys(pieces) });
      await send(caseId, 'avis.demander', agent, { questionsAvis: 'Viabilité du régime proposé.' });
      await send(caseId, 'avis.rendre', analyste, { avisIcamo: 'favorable', motivationAvis: 'Projections prudentes.' });
      await send(caseId, 'instruction.conclure', agent, {
        rapportInstruction: 'Dossier complet et conforme.',
        propositionDecision: 'accorder',
      });
      await send(caseId, 'decision.accorder', directeur, { observations: 'Conforme.' });
      return { caseId, licenceId: await childOf(caseId) };
    };
    const done = (caseId: string) => h.ctx.temporal.workflow.getHandle(caseId).result();
    try {
      // Granted, and its licence left to expire after three reminders (a timer at a date).
      const first = await granted();
      await done(first.caseId);
      await save('agrement-v4-accorde', first.caseId);
      await done(first.licenceId);
      await save('licence-v1-expire', first.licenceId);

      // A licence suspended, lifted, renewed through a linked case, then withdrawn.
      const second = await granted();
      await send(second.licenceId, 'licence.suspendre', directeur, { motifSuspension: 'Retards de paiement répétés.' });
      await send(second.licenceId, 'licence.retablir', directeur);
      await send(second.licenceId, 'renouvellement.demander', gerant);
      const renewal = await childOf(second.licenceId);
      const renewalPieces = Object.fromEntries(
        ['etats_financiers', 'effectifs', 'liste_employeurs', 'rapport_activite'].map((p) => [p, `doc-${p}`]),
      );
      await send(renewal, 'pieces.deposer', gerant, { pieces: renewalPieces });
      await send(renewal, 'dossier.soumettre', gerant);
      await send(renewal, 'examen.conclure', agent, {
        piecesVerifiees: Object.keys(renewalPieces),
        rapportInstruction: 'Situation saine.',
      });
      await send(renewal, 'decision.renouveler', directeur);
      await done(renewal);
      await save('renouvellement-v1-renouvele', renewal);
      for (;;) {
        const licence = await h.prisma.case.findUniqueOrThrow({ where: { id: second.licenceId } });
        if (licence.state === 'en_vigueur' && licence.revision >= 5) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await send(second.licenceId, 'licence.retirer', directeur, { motifRetrait: 'Insolvabilité constatée.' });
      await done(second.licenceId);
      await save('licence-v1-suspendu-renouvele-retire', second.licenceId);

      // Complements left to their deadline after two reminders.
      const late = await submitted();
      await send(late.caseId, 'recevabilite.demanderComplements', agent, { complementsDemandes: 'Statuts signés.' });
      await done(late.caseId);
      await save('agrement-v4-classe-sans-suite', late.caseId);

      // Opened on version 3, moved to version 4 by an administrator, then abandoned.
      const moved = await open(3);
      await send(moved.caseId, 'demande.completer', gerant, completion);
      const report = await migrateCases(h.ctx, {
        processId: 'agrement',
        toVersion: 4,
        caseIds: [moved.caseId],
        mapping: { brouillon: 'brouillon' },
        actor: admin,
      });
      expect(report.moved).toBe(1);
      await send(moved.caseId, 'dossier.abandonner', gerant);
      await done(moved.caseId);
      await save('agrement-v3-passe-en-v4', moved.caseId);
    } finally {
      await h.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);

  it('records a PEC of version 1: concluded to the IPM, cancelled by the provider', async () => {
    const h = await createHarness();
    const ps: Actor = { id: 'u-ps-1', role: 'agent_ps' };
    try {
      // Opened as its service opens it (the generic opening is refused to people), over the ceiling.
      const { case: opened } = await startCase(h.ctx, {
        processId: 'pec',
        version: 1,
        businessKey: uniqueKey('DPEC'),
        organisationId: 'ps-a',
        actor: ps,
        input: {
          demande: 'demande-enregistree',
          ipm: 'ipm-a',
          datePrevue: '2026-12-20',
          montantPrisEnCharge: 80_000,
          avisMedecinRequis: false,
        },
      });
      expect(opened.version).toBe(1);
      await sendLinkedEvent(
        h.ctx,
        opened.caseId,
        { event: 'controles.conclure', input: {}, fromCaseId: 'pec-controles:demande-enregistree' },
        'conclure-demande-enregistree',
      );
      await sendEvent(h.ctx, {
        caseId: opened.caseId,
        event: 'pec.annuler',
        actor: ps,
        input: { motifAnnulation: 'Le patient a renoncé à l’examen.' },
      });
      await h.ctx.temporal.workflow.getHandle(opened.caseId).result();
      await save('pec-v1-annulee', opened.caseId);
    } finally {
      await h.close();
    }
  }, 120_000);
});
