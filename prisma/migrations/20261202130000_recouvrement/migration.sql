-- Recouvrement: contribution calls per employer and period, payroll declarations that correct them,
-- payments (entered or imported from a bank statement), their allocations to calls (oldest first),
-- each employer's credit (what its payments left unallocated), and each IPM's reminder ladder.
-- Amounts are whole FCFA in BIGINT: a large employer's monthly payroll passes 2^31.

-- CreateTable
CREATE TABLE "PayrollDeclaration" (
    "employerId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "payroll" BIGINT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "declaredBy" TEXT NOT NULL,
    "declaredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PayrollDeclaration_pkey" PRIMARY KEY ("employerId", "period"),
    CONSTRAINT "PayrollDeclaration_period_check" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    CONSTRAINT "PayrollDeclaration_amounts_check" CHECK ("payroll" >= 0 AND "headcount" >= 0)
);

-- CreateTable
CREATE TABLE "ContributionCall" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "headcount" INTEGER NOT NULL,
    "payrollBase" BIGINT NOT NULL,
    "payrollSource" TEXT NOT NULL,
    "employerRate" INTEGER NOT NULL,
    "workerRate" INTEGER NOT NULL,
    "employerShare" BIGINT NOT NULL,
    "workerShare" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "paid" BIGINT NOT NULL DEFAULT 0,
    "dueDate" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'emis',
    "batchId" TEXT,
    "issuedBy" TEXT NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContributionCall_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ContributionCall_period_check" CHECK ("period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
    CONSTRAINT "ContributionCall_source_check" CHECK ("payrollSource" IN ('effectif', 'declaration')),
    CONSTRAINT "ContributionCall_status_check" CHECK ("status" IN ('emis', 'partiellement_paye', 'paye')),
    CONSTRAINT "ContributionCall_paid_check" CHECK ("paid" >= 0 AND "paid" <= "amount"),
    CONSTRAINT "ContributionCall_amount_check" CHECK ("amount" = "employerShare" + "workerShare")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "paidOn" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "bankFileSha256" TEXT,
    "bankFileLine" INTEGER,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Payment_amount_check" CHECK ("amount" > 0),
    CONSTRAINT "Payment_source_check" CHECK ("source" IN ('manuel', 'banque'))
);

-- CreateTable
CREATE TABLE "Allocation" (
    "id" BIGSERIAL NOT NULL,
    "paymentId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "allocatedBy" TEXT NOT NULL,
    "allocatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Allocation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Allocation_amount_check" CHECK ("amount" > 0)
);

-- CreateTable
CREATE TABLE "Credit" (
    "employerId" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Credit_pkey" PRIMARY KEY ("employerId"),
    CONSTRAINT "Credit_amount_check" CHECK ("amount" >= 0)
);

-- CreateTable
CREATE TABLE "ReminderLadder" (
    "ipmId" TEXT NOT NULL,
    "levels" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReminderLadder_pkey" PRIMARY KEY ("ipmId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ContributionCall_employerId_period_key" ON "ContributionCall"("employerId", "period");

-- CreateIndex
CREATE INDEX "ContributionCall_ipmId_period_idx" ON "ContributionCall"("ipmId", "period");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_ipmId_reference_key" ON "Payment"("ipmId", "reference");

-- CreateIndex
CREATE INDEX "Payment_employerId_paidOn_idx" ON "Payment"("employerId", "paidOn");

-- CreateIndex
CREATE INDEX "Allocation_paymentId_idx" ON "Allocation"("paymentId");

-- CreateIndex
CREATE INDEX "Allocation_callId_idx" ON "Allocation"("callId");

-- AddForeignKey
ALTER TABLE "PayrollDeclaration" ADD CONSTRAINT "PayrollDeclaration_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContributionCall" ADD CONSTRAINT "ContributionCall_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Allocation" ADD CONSTRAINT "Allocation_callId_fkey" FOREIGN KEY ("callId") REFERENCES "ContributionCall"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Credit" ADD CONSTRAINT "Credit_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
