-- Prise en charge (PEC): each request with what its pre-checks found, the case carrying its id only.

-- CreateTable
CREATE TABLE "PecRequest" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "requestKey" TEXT NOT NULL,
    "providerOrganisationId" TEXT NOT NULL,
    "providerCode" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "beneficiaryId" TEXT NOT NULL,
    "actCode" TEXT NOT NULL,
    "actLabel" TEXT NOT NULL,
    "plannedDate" DATE NOT NULL,
    "tariff" INTEGER NOT NULL,
    "tariffSource" TEXT NOT NULL,
    "rate" INTEGER NOT NULL,
    "coveredAmount" INTEGER NOT NULL,
    "medicalOpinionRequired" BOOLEAN NOT NULL,
    "checks" JSONB NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "number" TEXT,
    "validFrom" DATE,
    "validTo" DATE,

    CONSTRAINT "PecRequest_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "PecRequest_amounts_check" CHECK ("tariff" >= 0 AND "coveredAmount" >= 0 AND "rate" BETWEEN 0 AND 100),
    CONSTRAINT "PecRequest_window_check" CHECK ("validTo" IS NULL OR "validTo" >= "validFrom")
);

-- CreateIndex
CREATE UNIQUE INDEX "PecRequest_caseId_key" ON "PecRequest"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "PecRequest_requestKey_key" ON "PecRequest"("requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "PecRequest_number_key" ON "PecRequest"("number");

-- CreateIndex
CREATE INDEX "PecRequest_providerOrganisationId_createdAt_idx" ON "PecRequest"("providerOrganisationId", "createdAt");

-- CreateIndex
CREATE INDEX "PecRequest_ipmId_createdAt_idx" ON "PecRequest"("ipmId", "createdAt");
