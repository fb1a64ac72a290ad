import type { PrismaClient } from '../../prisma/client.ts';
import { day } from '../enrolment/sql.ts';
import { txSql } from './db.ts';

// « État des cotisations dues » of an employer: its calls with what is paid and due, its payments
// with their allocations (who entered them, when), its credit, its balance and its reminders.

export interface StatementCall {
  id: string;
  period: string;
  headcount: number;
  payrollBase: number;
  payrollSource: string;
  employerRate: number;
  workerRate: number;
  employerShare: number;
  workerShare: number;
  amount: number;
  paid: number;
  due: number;
  dueDate: string;
  status: string;
  issuedBy: string;
  issuedAt: Date;
}

export interface StatementPayment {
  id: string;
  amount: number;
  paidOn: string;
  reference: string;
  source: string;
  enteredBy: string;
  enteredAt: Date;
  allocated: number;
  allocations: { callId: string; period: string; amount: number; allocatedBy: string; allocatedAt: Date }[];
}

export interface StatementReminder {
  caseId: string;
  state: string;
  stateLabel: string;
  terminal: boolean;
  openedAt: Date;
  /** The amount due as the case last heard it, and the oldest unpaid call it was opened for. */
  amountDue: number | null;
  period: string | null;
  /** The ladder's levels with the instants the case copied at its opening (ISO), in their order. */
  levels: { level: string; label: string; at: string | null }[];
}

// The case's context fields holding each level's instant (processes/recouvrement/recouvrement/v1.ts).
const LEVELS = [
  { level: 'courrier', label: 'Lettre de relance', field: 'dateCourrier' },
  { level: 'mise_en_demeure', label: 'Mise en demeure', field: 'dateMiseEnDemeure' },
  { level: 'signalement_icamo', label: 'Signalement à l’ICAMO', field: 'dateSignalement' },
  { level: 'suspension', label: 'Suspension des droits', field: 'dateSuspension' },
] as const;

export interface ContributionStatement {
  employerId: string;
  employerName: string;
  ipmId: string;
  calls: StatementCall[];
  payments: StatementPayment[];
  totalCalled: number;
  totalPaid: number;
  balance: number;
  overdue: number;
  credit: number;
  reminders: StatementReminder[];
}

export async function employerIpm(prisma: PrismaClient, employerId: string): Promise<string | null> {
  const employer = await prisma.employer.findUnique({ where: { id: employerId }, select: { ipmId: true } });
  return employer?.ipmId ?? null;
}

export async function contributionStatement(
  prisma: PrismaClient,
  employerId: string,
  today = new Date().toISOString().slice(0, 10),
): Promise<ContributionStatement | null> {
  const db = txSql(prisma);
  const employer = await prisma.employer.findUnique({ where: { id: employerId }, select: { name: true, ipmId: true } });
  if (!employer) return null;
  const [{ rows: calls }, { rows: payments }, { rows: allocations }, { rows: credit }, reminders] = await Promise.all([
    db.query<StatementCall>(
      `SELECT "id", "period", "headcount", "payrollBase"::float8 AS "payrollBase", "payrollSource", "employerRate", "workerRate",
              "employerShare"::float8 AS "employerShare", "workerShare"::float8 AS "workerShare", "amount"::float8 AS "amount",
              "paid"::float8 AS "paid", ("amount" - "paid")::float8 AS "due", ${day('"dueDate"')} AS "dueDate", "status",
              "issuedBy", "issuedAt"
         FROM "ContributionCall" WHERE "employerId" = $1 ORDER BY "period", "dueDate"`,
      [employerId],
    ),
    db.query<Omit<StatementPayment, 'allocations'>>(
      `SELECT p."id", p."amount"::float8 AS "amount", ${day('p."paidOn"')} AS "paidOn", p."reference", p."source",
              p."enteredBy", p."enteredAt", COALESCE((SELECT sum(a."amount") FROM "Allocation" a WHERE a."paymentId" = p."id"), 0)::float8 AS "allocated"
         FROM "Payment" p WHERE p."employerId" = $1 ORDER BY p."paidOn", p."enteredAt"`,
      [employerId],
    ),
    db.query<StatementPayment['allocations'][number] & { paymentId: string }>(
      `SELECT a."paymentId", a."callId", c."period", a."amount"::float8 AS "amount", a."allocatedBy", a."allocatedAt"
         FROM "Allocation" a JOIN "ContributionCall" c ON c."id" = a."callId"
        WHERE c."employerId" = $1 ORDER BY a."id"`,
      [employerId],
    ),
    db.query<{ amount: number }>('SELECT "amount"::float8 AS "amount" FROM "Credit" WHERE "employerId" = $1', [
      employerId,
    ]),
    prisma.case.findMany({
      where: { processId: 'recouvrement', context: { path: ['employeurId'], equals: employerId } },
      select: {
        id: true,
        state: true,
        terminal: true,
        createdAt: true,
        context: true,
        definition: { select: { definition: true } },
      },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    employerId,
    employerName: employer.name,
    ipmId: employer.ipmId,
    calls,
    payments: payments.map((p) => ({
      ...p,
      allocations: allocations.filter((a) => a.paymentId === p.id).map(({ paymentId: _, ...a }) => a),
    })),
    totalCalled: sum(calls.map((c) => c.amount)),
    totalPaid: sum(calls.map((c) => c.paid)),
    balance: sum(calls.map((c) => c.due)),
    overdue: sum(calls.filter((c) => c.dueDate < today).map((c) => c.due)),
    credit: credit[0]?.amount ?? 0,
    reminders: reminders.map((r) => {
      const context = (r.context ?? {}) as Record<string, unknown>;
      const text = (field: string) => (typeof context[field] === 'string' ? (context[field] as string) : null);
      return {
        caseId: r.id,
        state: r.state,
        stateLabel:
          (r.definition.definition as { states?: Record<string, { label?: string }> }).states?.[r.state]?.label ??
          r.state,
        terminal: r.terminal,
        openedAt: r.createdAt,
        amountDue: typeof context.montantDu === 'number' ? context.montantDu : null,
        period: text('periode'),
        levels: LEVELS.map(({ level, label, field }) => ({ level, label, at: text(field) })),
      };
    }),
  };
}
