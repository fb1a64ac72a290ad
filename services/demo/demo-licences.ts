import { addMonthsToDay, dakarDay } from '../../processes/calendar.ts';
import { SYSTEM_ACTOR } from '../../processes/roles.ts';
import type { CaseServiceContext } from '../context.ts';
import { sendEventAs } from '../send-event-as.ts';
import { startCase } from '../start-case.ts';
import { demoViewer } from './demo-people.ts';

// Three licences in the public register, one in each status a visitor meets: opened as the director's
// grant opens them (the licence process, by the engine), then lived through that process — the
// director suspends one, the other's validity ended before today and its own timer expires it.

/** The licence numbers the demonstration gives (years before any the numbering would issue now). */
export const DEMO_LICENCES = { enVigueur: 'AGR-2024-0001', suspendu: 'AGR-2023-0002', expire: 'AGR-2019-0003' };

const at = (day: string, end = false) => `${day}T${end ? '23:59:59.000' : '10:00:00.000'}Z`;

export async function loadDemoLicences(ctx: CaseServiceContext): Promise<void> {
  const today = dakarDay(new Date());
  const open = (numero: string, organisationId: string, fields: Record<string, unknown>, from: string, to: string) =>
    startCase(ctx, {
      processId: 'licence',
      businessKey: numero,
      organisationId,
      actor: SYSTEM_ACTOR,
      input: { numero, ...fields, debutValidite: at(from), finValidite: at(to, true) },
    });
  await open(
    DEMO_LICENCES.enVigueur,
    'ipm-industries-dakar',
    {
      denomination: 'IPM des Industries de Dakar',
      sigle: 'IPM-ID',
      typeIpm: 'entreprise',
      adresseSiege: 'Zone industrielle de Mbao, Dakar',
      effectif: 2300,
    },
    addMonthsToDay(today, -14),
    addMonthsToDay(today, 46),
  );
  // Its validity ended a year ago: the licence's timer, already due, expires it. Opened before the
  // interentreprises licence of the same organisation, which is then its latest: the adhesions read the
  // IPM's type from its latest licence (services/enrolment/adhesion.ts), and Thiès has several employers.
  await open(
    DEMO_LICENCES.expire,
    'ipm-thies',
    {
      denomination: 'IPM des Huileries de Thiès',
      typeIpm: 'entreprise',
      adresseSiege: 'Route de Dakar, Thiès',
      effectif: 420,
    },
    addMonthsToDay(today, -72),
    addMonthsToDay(today, -12),
  );
  const { case: thies } = await open(
    DEMO_LICENCES.suspendu,
    'ipm-thies',
    {
      denomination: 'IPM Interentreprises de Thiès',
      sigle: 'IPM-IT',
      typeIpm: 'interentreprises',
      adresseSiege: 'Avenue Léopold Senghor, Thiès',
      effectif: 1250,
    },
    addMonthsToDay(today, -30),
    addMonthsToDay(today, 30),
  );
  await sendEventAs(ctx, await demoViewer(ctx.prisma, 'directeur.ministere'), {
    caseId: thies.caseId,
    event: 'licence.suspendre',
    input: {
      motifSuspension: 'États financiers du dernier exercice non transmis au ministère.',
      finSuspension: addMonthsToDay(today, 4),
    },
  });
}
