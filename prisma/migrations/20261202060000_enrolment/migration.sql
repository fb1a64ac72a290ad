-- Enrolment (adhésion): employers, participants, dependants, affiliation and suspension periods.
-- Periods are [validFrom, validTo): validTo is the first day no longer covered, null while open.

-- The exclusion constraint below compares a text with = inside a GiST index. IF NOT EXISTS: the
-- referentials' migration may create it too. The embedded PGlite loads it (runtime/embedded-postgres.ts).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- CreateTable
CREATE TABLE "Employer" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "cssIpres" TEXT NOT NULL,
    "ninea" TEXT,
    "sector" TEXT NOT NULL,
    "communeCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Employer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Participant" (
    "id" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "ninChiffre" BYTEA NOT NULL,
    "ninIndex" TEXT NOT NULL,
    "matricule" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "firstNames" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" TEXT NOT NULL,
    "salary" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Participant_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Participant_sex_check" CHECK ("sex" IN ('F', 'M')),
    CONSTRAINT "Participant_salary_check" CHECK ("salary" >= 0)
);

-- CreateTable
CREATE TABLE "Dependant" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "lastName" TEXT NOT NULL,
    "firstNames" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "studentCertificateUntil" DATE,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dependant_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Dependant_kind_check" CHECK ("kind" IN ('conjoint', 'enfant'))
);

-- CreateTable
CREATE TABLE "Affiliation" (
    "id" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "ninIndex" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "startReason" TEXT NOT NULL,
    "endReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Affiliation_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Affiliation_period_check" CHECK ("validTo" IS NULL OR "validTo" > "validFrom"),
    CONSTRAINT "Affiliation_startReason_check" CHECK ("startReason" IN ('embauche', 'transfert')),
    CONSTRAINT "Affiliation_endReason_check" CHECK (
        ("validTo" IS NULL AND "endReason" IS NULL)
        OR ("validTo" IS NOT NULL AND "endReason" IN ('depart', 'transfert', 'deces'))
    ),
    -- One NIN, one active affiliation, in the same IPM or across IPMs: no two periods of one NIN overlap.
    CONSTRAINT "Affiliation_one_active_per_nin" EXCLUDE USING gist (
        "ninIndex" WITH =,
        daterange("validFrom", "validTo", '[)') WITH &&
    )
);

-- CreateTable
CREATE TABLE "RightsSuspension" (
    "id" TEXT NOT NULL,
    "employerId" TEXT,
    "participantId" TEXT,
    "validFrom" DATE NOT NULL,
    "validTo" DATE,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RightsSuspension_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "RightsSuspension_whose_check" CHECK (num_nonnulls("employerId", "participantId") = 1),
    CONSTRAINT "RightsSuspension_period_check" CHECK ("validTo" IS NULL OR "validTo" > "validFrom"),
    CONSTRAINT "RightsSuspension_reason_check" CHECK (
        "reason" IN ('cotisations_impayees', 'quote_parts_impayees', 'fraude', 'autre')
    )
);

-- CreateIndex
CREATE UNIQUE INDEX "Employer_ipmId_cssIpres_key" ON "Employer"("ipmId", "cssIpres");

-- CreateIndex
CREATE INDEX "Participant_employerId_idx" ON "Participant"("employerId");

-- CreateIndex
CREATE UNIQUE INDEX "Participant_ipmId_ninIndex_key" ON "Participant"("ipmId", "ninIndex");

-- CreateIndex
CREATE UNIQUE INDEX "Dependant_participantId_rank_key" ON "Dependant"("participantId", "rank");

-- CreateIndex
CREATE INDEX "Affiliation_participantId_validFrom_idx" ON "Affiliation"("participantId", "validFrom");

-- CreateIndex
CREATE INDEX "Affiliation_employerId_idx" ON "Affiliation"("employerId");

-- CreateIndex
CREATE INDEX "RightsSuspension_employerId_validFrom_idx" ON "RightsSuspension"("employerId", "validFrom");

-- CreateIndex
CREATE INDEX "RightsSuspension_participantId_validFrom_idx" ON "RightsSuspension"("participantId", "validFrom");

-- AddForeignKey
ALTER TABLE "Participant" ADD CONSTRAINT "Participant_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dependant" ADD CONSTRAINT "Dependant_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Affiliation" ADD CONSTRAINT "Affiliation_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Affiliation" ADD CONSTRAINT "Affiliation_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RightsSuspension" ADD CONSTRAINT "RightsSuspension_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RightsSuspension" ADD CONSTRAINT "RightsSuspension_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
