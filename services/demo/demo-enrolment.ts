import { addMonthsToDay, dakarDay } from '../../processes/calendar.ts';
import type { CaseServiceContext } from '../context.ts';
import { openDuplicate } from '../enrolment/duplicates.ts';
import { createTestIdentityRegister } from '../enrolment/identity/test-register.ts';
import { importWorkforce } from '../enrolment/import-workforce.ts';
import { prismaImportPool } from '../enrolment/prisma-pool.ts';
import type { DataKeys } from '../personal-data/data-keys.ts';
import { protectNin } from '../personal-data/nin.ts';
import { loadDemoArrears } from './demo-arrears.ts';
import { DEMO_EMPLOYERS, type DemoEmployer } from './demo-employers.ts';
import { loadDemoMember } from './demo-member.ts';
import { demoWorkforce } from './demo-workforce.ts';

// The demo's enrolment and collection (issue #14), loaded at every `npm start` with the demo data and
// idempotent: what is there is left alone, so a second start changes nothing. For each demo IPM, its
// employers with their adhesion in force and a few hundred made-up participants with their dependants,
// imported file by file through the workforce import (set-based, checked against the local register of
// test identities, which knows the demo's people); one worker of Dakar enrolled again at Thiès, which
// opens the `doublon` case ICAMO arbitrates; and an employer of Thiès whose unpaid contributions took
// its ladder to the suspension of its participants' rights (./demo-arrears.ts).

export interface DemoEnrolmentOptions {
  /** The NIN keys (runtime/keys.ts): the participants' NINs are encrypted and indexed with them. */
  keys: DataKeys;
  log: (message: string) => void;
  /** Today in Dakar by default. */
  today?: string;
}

export interface DemoEnrolmentOutcome {
  employersAdded: number;
  participantsImported: number;
  dependantsImported: number;
  duplicateOpened: boolean;
  arrearsLoaded: boolean;
  /** The demo member bound to its worker, with its quote-parts and reimbursements. */
  memberLoaded: boolean;
}

/** The first day of the demo employers' contracts: before every demo hire. */
const CONTRACT_START = '2012-01-01';

/**
 * The employers' rows, as the adhesion's record leaves them once the gérant approved the contract
 * (status `active`, its start, contacts), without the case: employers loaded by an IPM from its own
 * files have none (docs/architecture.md, « The employer's row is the case's record »). Their portal
 * organisation is their own id, as the employer's portal and the recouvrement's letters expect.
 */
async function ensureEmployers(ctx: CaseServiceContext): Promise<number> {
  const column = <K extends keyof DemoEmployer>(key: K) => DEMO_EMPLOYERS.map((e) => e[key]);
  return ctx.prisma.$executeRawUnsafe(
    `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "ninea", "sector", "communeCode", "organisationId",
            "status", "address", "contactName", "contactPhone", "contactEmail", "contractStart")
     SELECT x.id, x.ipm, x.name, x.css, x.ninea, x.sector, x.commune, x.id, 'active', x.address, x.contact, x.phone,
            x.login || '@demo.siamo.sn', $12::date
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                   $9::text[], $10::text[], $11::text[])
         AS x(id, ipm, name, css, ninea, sector, commune, address, contact, phone, login)
     ON CONFLICT ("id") DO NOTHING`,
    column('id'),
    column('ipmId'),
    column('name'),
    column('cssIpres'),
    column('ninea'),
    column('sector'),
    column('communeCode'),
    column('address'),
    column('contactName'),
    column('contactPhone'),
    column('login'),
    CONTRACT_START,
  );
}

export async function loadDemoEnrolment(
  ctx: CaseServiceContext,
  options: DemoEnrolmentOptions,
): Promise<DemoEnrolmentOutcome> {
  const today = options.today ?? dakarDay(new Date());
  const outcome: DemoEnrolmentOutcome = {
    employersAdded: await ensureEmployers(ctx),
    participantsImported: 0,
    dependantsImported: 0,
    duplicateOpened: false,
    arrearsLoaded: false,
    memberLoaded: false,
  };
  const imported = await ctx.prisma.participant.groupBy({
    by: ['employerId'],
    where: { employerId: { in: DEMO_EMPLOYERS.map((e) => e.id) } },
    _count: true,
  });
  const present = new Set(imported.map((g) => g.employerId));
  const identity = createTestIdentityRegister();
  for (const employer of DEMO_EMPLOYERS) {
    // An employer whose file went in once is left alone: the import is all or nothing.
    if (present.has(employer.id)) continue;
    const { bytes } = demoWorkforce(employer.workforce, today);
    const report = await importWorkforce(prismaImportPool(ctx.prisma), {
      ipmId: employer.ipmId,
      employerId: employer.id,
      bytes,
      keys: options.keys,
      asOf: today,
      identity,
    });
    if (!report.applied) {
      const first = report.refused[0];
      throw new Error(
        `Effectif de démonstration de ${employer.name} refusé : ${report.fileProblem ?? `ligne ${first?.line} — ${first?.problems.join(' ')}`}`,
      );
    }
    outcome.participantsImported += report.participantsCreated;
    outcome.dependantsImported += report.dependantsCreated;
  }
  outcome.duplicateOpened = await loadDemoDuplicate(ctx, options.keys, today);
  outcome.arrearsLoaded = await loadDemoArrears(ctx, today);
  outcome.memberLoaded = await loadDemoMember(ctx, today);
  return outcome;
}

/** The worker of Dakar hired again by an employer of Thiès. */
export const DEMO_DUPLICATE = { from: 'emp-industries-mbao', worker: 7, to: 'emp-huilerie-cayor' } as const;

/** Dakar's worker enrolled at Thiès a month ago: once, whatever ICAMO decided since. */
async function loadDemoDuplicate(ctx: CaseServiceContext, keys: DataKeys, today: string): Promise<boolean> {
  const from = DEMO_EMPLOYERS.find((e) => e.id === DEMO_DUPLICATE.from) as DemoEmployer;
  const to = DEMO_EMPLOYERS.find((e) => e.id === DEMO_DUPLICATE.to) as DemoEmployer;
  const worker = demoWorkforce(from.workforce, today).workers[DEMO_DUPLICATE.worker - 1];
  if (!worker) return false;
  const { ninIndex } = protectNin(keys, worker.identifier);
  const known = await ctx.prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "DuplicateConflict" WHERE "ninIndex" = $1 AND "secondIpmId" = $2`,
    ninIndex,
    to.ipmId,
  );
  if ((known[0]?.n ?? 0) > 0) return false;
  const opened = await openDuplicate(ctx, keys, {
    secondIpmId: to.ipmId,
    secondEmployerId: to.id,
    identifier: worker.identifier,
    matricule: `${to.workforce.matriculePrefix}9001`,
    lastName: worker.lastName,
    firstNames: worker.firstNames,
    birthDate: worker.birthDate,
    sex: worker.sex,
    salary: worker.salary,
    hireDate: addMonthsToDay(today, -1),
  });
  return opened?.created ?? false;
}
