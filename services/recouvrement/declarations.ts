import { callAmounts, isPeriod } from '../../processes/recouvrement/contributions.ts';
import type { CaseServiceContext } from '../context.ts';
import { SiamoError } from '../errors.ts';
import { allocateEmployer } from './allocate.ts';
import { inTransaction } from './db.ts';
import { syncLadder } from './ladder-cases.ts';

// An employer's payroll declaration for a period. Before the call: the batch takes it as the base.
// After: it recomputes the call with the rates the call recorded, as long as nothing is paid on it;
// a call partly or fully paid is left alone and the declaration refused (nothing written).

export interface Declaration {
  employerId: string;
  period: string;
  payroll: number;
  headcount: number;
  declaredBy: string;
}

export async function declarePayroll(
  cases: CaseServiceContext,
  d: Declaration,
): Promise<{ recomputed: boolean; callAmount: number | null }> {
  const problems: Record<string, string> = {};
  if (!isPeriod(d.period)) problems.period = 'période attendue AAAA-MM';
  if (!Number.isSafeInteger(d.payroll) || d.payroll < 0 || d.payroll > 10_000_000_000_000)
    problems.payroll = 'masse salariale attendue : un nombre entier de FCFA, zéro ou plus';
  if (!Number.isSafeInteger(d.headcount) || d.headcount < 0 || d.headcount > 1_000_000)
    problems.headcount = 'effectif attendu : un nombre entier, zéro ou plus';
  if (Object.keys(problems).length > 0)
    throw new SiamoError(
      'saisie_invalide',
      `Déclaration refusée : ${Object.entries(problems)
        .map(([f, t]) => `${f} — ${t}`)
        .join(' ; ')}. Corrigez-la et recommencez ; rien n’a été enregistré.`,
      problems,
    );
  const outcome = await inTransaction(cases.prisma, async (db) => {
    await db.query('SELECT 1 FROM "Employer" WHERE "id" = $1 FOR UPDATE', [d.employerId]);
    const { rows: calls } = await db.query<{ id: string; paid: number; employerRate: number; workerRate: number }>(
      `SELECT "id", "paid"::float8 AS "paid", "employerRate", "workerRate" FROM "ContributionCall"
        WHERE "employerId" = $1 AND "period" = $2`,
      [d.employerId, d.period],
    );
    const call = calls[0];
    if (call && call.paid > 0)
      throw new SiamoError(
        'non_autorise',
        `L’appel de la période ${d.period} a déjà reçu des paiements : la déclaration ne peut plus le corriger. ` +
          'Adressez-vous à l’IPM pour une régularisation ; rien n’a été enregistré.',
      );
    await db.query(
      `INSERT INTO "PayrollDeclaration" ("employerId", "period", "payroll", "headcount", "declaredBy") VALUES ($1, $2, $3::bigint, $4::int, $5)
       ON CONFLICT ("employerId", "period") DO UPDATE
         SET "payroll" = EXCLUDED."payroll", "headcount" = EXCLUDED."headcount", "declaredBy" = EXCLUDED."declaredBy", "declaredAt" = now()`,
      [d.employerId, d.period, d.payroll, d.headcount, d.declaredBy],
    );
    if (!call) return { recomputed: false, callAmount: null };
    const amounts = callAmounts(d.payroll, call);
    await db.query(
      `UPDATE "ContributionCall" SET "payrollBase" = $2::bigint, "headcount" = $3::int, "payrollSource" = 'declaration',
              "employerShare" = $4::bigint, "workerShare" = $5::bigint, "amount" = $6::bigint,
              "status" = CASE WHEN $6::bigint = 0 THEN 'paye' ELSE 'emis' END,
              "updatedAt" = now()
        WHERE "id" = $1`,
      [call.id, d.payroll, d.headcount, amounts.employerShare, amounts.workerShare, amounts.amount],
    );
    await allocateEmployer(db, d.employerId, d.declaredBy);
    return { recomputed: true, callAmount: amounts.amount };
  });
  if (outcome.recomputed)
    await syncLadder(cases, {
      employerId: d.employerId,
      paymentId: `declaration-${d.period}-${Date.now()}`,
      paidOn: new Date().toISOString().slice(0, 10),
    });
  return outcome;
}
