-- Quote-parts: what a participant owes its IPM (debts, payments allocated oldest first, credit, the
-- IPM's reminder ladder for them) and what the IPM owes a participant (reimbursements due).

-- CreateTable
CREATE TABLE "MemberDebt" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "dependantId" TEXT,
    "incurredOn" DATE NOT NULL,
    "amount" BIGINT NOT NULL,
    "paid" BIGINT NOT NULL DEFAULT 0,
    "dueDate" DATE NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'due',
    "source" TEXT NOT NULL,
    "fileSha256" TEXT,
    "fileLine" INTEGER,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberDebt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberPayment" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "paidOn" DATE NOT NULL,
    "reference" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "enteredBy" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberPayment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberAllocation" (
    "id" BIGSERIAL NOT NULL,
    "paymentId" TEXT NOT NULL,
    "debtId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "allocatedBy" TEXT NOT NULL,
    "allocatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberAllocation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MemberCredit" (
    "participantId" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberCredit_pkey" PRIMARY KEY ("participantId")
);

-- CreateTable
CREATE TABLE "MemberReminderLadder" (
    "ipmId" TEXT NOT NULL,
    "levels" JSONB NOT NULL,
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberReminderLadder_pkey" PRIMARY KEY ("ipmId")
);

-- CreateTable
CREATE TABLE "MemberReimbursement" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "dependantId" TEXT,
    "reference" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "incurredOn" DATE NOT NULL,
    "claimedAmount" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'du',
    "paidOn" DATE,
    "paymentReference" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paidBy" TEXT,

    CONSTRAINT "MemberReimbursement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MemberDebt_participantId_dueDate_idx" ON "MemberDebt"("participantId", "dueDate");

-- CreateIndex
CREATE INDEX "MemberDebt_ipmId_status_dueDate_idx" ON "MemberDebt"("ipmId", "status", "dueDate");

-- CreateIndex
CREATE UNIQUE INDEX "MemberDebt_ipmId_reference_key" ON "MemberDebt"("ipmId", "reference");

-- CreateIndex
CREATE INDEX "MemberPayment_participantId_paidOn_idx" ON "MemberPayment"("participantId", "paidOn");

-- CreateIndex
CREATE UNIQUE INDEX "MemberPayment_ipmId_reference_key" ON "MemberPayment"("ipmId", "reference");

-- CreateIndex
CREATE INDEX "MemberAllocation_paymentId_idx" ON "MemberAllocation"("paymentId");

-- CreateIndex
CREATE INDEX "MemberAllocation_debtId_idx" ON "MemberAllocation"("debtId");

-- CreateIndex
CREATE INDEX "MemberReimbursement_participantId_status_idx" ON "MemberReimbursement"("participantId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MemberReimbursement_ipmId_reference_key" ON "MemberReimbursement"("ipmId", "reference");

-- AddForeignKey
ALTER TABLE "MemberDebt" ADD CONSTRAINT "MemberDebt_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberPayment" ADD CONSTRAINT "MemberPayment_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberAllocation" ADD CONSTRAINT "MemberAllocation_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "MemberPayment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberAllocation" ADD CONSTRAINT "MemberAllocation_debtId_fkey" FOREIGN KEY ("debtId") REFERENCES "MemberDebt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberReimbursement" ADD CONSTRAINT "MemberReimbursement_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Amounts are positive and a debt is never paid beyond itself: allocations keep them so.
ALTER TABLE "MemberDebt" ADD CONSTRAINT "MemberDebt_amounts_check" CHECK ("amount" > 0 AND "paid" >= 0 AND "paid" <= "amount");
ALTER TABLE "MemberPayment" ADD CONSTRAINT "MemberPayment_amount_check" CHECK ("amount" > 0);
ALTER TABLE "MemberAllocation" ADD CONSTRAINT "MemberAllocation_amount_check" CHECK ("amount" > 0);
ALTER TABLE "MemberCredit" ADD CONSTRAINT "MemberCredit_amount_check" CHECK ("amount" >= 0);
ALTER TABLE "MemberReimbursement" ADD CONSTRAINT "MemberReimbursement_amounts_check" CHECK ("claimedAmount" > 0 AND "amount" > 0 AND "amount" <= "claimedAmount");
