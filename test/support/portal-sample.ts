import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { RunningSiamo } from '../../runtime/siamo.ts';
import { sendEvent } from '../../services/send-event.ts';
import { startCase } from '../../services/start-case.ts';
import { OPENING } from './application-data.ts';

// A few cases for the suites that visit every page: a licence in the register, suspended by the
// director (so that a decision was mailed), and a draft application of the Dakar IPM.

export const GERANT = 'gerant.ipm-dakar@demo.siamo.sn';
export const AGENT = 'agent.ministere@demo.siamo.sn';
export const DIRECTEUR = 'directeur.ministere@demo.siamo.sn';
export const PILOTAGE = 'pilotage.icamo@demo.siamo.sn';
export const ADMIN = 'administrateur@demo.siamo.sn';

export interface PortalSample {
  licenceNumber: string;
  licenceCaseId: string;
  draftCaseId: string;
}

export async function openPortalSample(siamo: RunningSiamo): Promise<PortalSample> {
  const run = randomBytes(3).toString('hex').toUpperCase();
  const user = (email: string) => siamo.ctx.prisma.user.findUniqueOrThrow({ where: { email } });
  const licenceNumber = `AGR-2026-P${run}`;
  const { case: licence } = await startCase(siamo.ctx, {
    processId: 'licence',
    businessKey: licenceNumber,
    organisationId: 'ipm-industries-dakar',
    actor: SYSTEM_ACTOR,
    input: {
      numero: licenceNumber,
      denomination: 'IPM des Industries de Dakar',
      sigle: 'IPM-ID',
      typeIpm: 'entreprise',
      adresseSiege: 'Zone industrielle de Mbao, Dakar',
      debutValidite: '2026-01-15T10:00:00.000Z',
      finValidite: '2031-01-14T23:59:59.000Z',
    },
  });
  await sendEvent(siamo.ctx, {
    caseId: licence.caseId,
    event: 'licence.suspendre',
    actor: { id: (await user(DIRECTEUR)).id, role: 'directeur_ministere' },
    input: { motifSuspension: 'États financiers de l’exercice 2025 non transmis.', finSuspension: '2030-06-30' },
  });
  const { case: draft } = await startCase(siamo.ctx, {
    processId: 'agrement',
    businessKey: `AGR-DEMANDE-${run}`,
    organisationId: 'ipm-industries-dakar',
    actor: { id: (await user(GERANT)).id, role: 'gerant_ipm' },
    input: OPENING,
  });
  return { licenceNumber, licenceCaseId: licence.caseId, draftCaseId: draft.caseId };
}
