-- Dependants' eligibility and the children's age limit (issue #14), and the cross-IPM duplicates.

-- The family's address for the age-limit notice; the employer's people are told when it is unknown.
ALTER TABLE "Participant" ADD COLUMN "email" TEXT;

-- The pieces received with a dependant declared one by one (acte_mariage, acte_naissance…), and the
-- day its rights ended at the age limit, written by the daily run with the settings it applied.
ALTER TABLE "Dependant" ADD COLUMN "pieces" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Dependant" ADD COLUMN "rightsEndedOn" DATE;
ALTER TABLE "Dependant" ADD COLUMN "rightsEndSettings" JSONB;

-- The daily run's notices: one per child and age-limit day, whatever the number of runs.
CREATE TABLE "AgeLimitNotice" (
    "dependantId" TEXT NOT NULL,
    "endDay" DATE NOT NULL,
    "noticeDay" DATE NOT NULL,
    -- participant (their e-mail), employeur (its people) or aucun (nobody to write to).
    "recipient" TEXT NOT NULL,
    "mailKeys" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
    "settings" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgeLimitNotice_pkey" PRIMARY KEY ("dependantId", "endDay"),
    CONSTRAINT "AgeLimitNotice_recipient_check" CHECK ("recipient" IN ('participant', 'employeur', 'aucun'))
);

ALTER TABLE "AgeLimitNotice" ADD CONSTRAINT "AgeLimitNotice_dependantId_fkey" FOREIGN KEY ("dependantId") REFERENCES "Dependant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A NIN enrolled at a second IPM while active at a first: the enrolment waits here, its identity
-- encrypted as in "Participant", until ICAMO decides in the `doublon` case (whose data hold only this id).
CREATE TABLE "DuplicateConflict" (
    "id" TEXT NOT NULL,
    "caseId" TEXT,
    "ninIndex" TEXT NOT NULL,
    "firstIpmId" TEXT NOT NULL,
    "firstParticipantId" TEXT NOT NULL,
    "firstAffiliationId" TEXT NOT NULL,
    "secondIpmId" TEXT NOT NULL,
    "secondEmployerId" TEXT NOT NULL,
    "ninChiffre" BYTEA NOT NULL,
    "matricule" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "firstNames" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "sex" TEXT NOT NULL,
    "salary" INTEGER NOT NULL,
    "hireDate" DATE NOT NULL,
    -- ouvert, garde_premiere, transfere, rejete.
    "status" TEXT NOT NULL DEFAULT 'ouvert',
    "transferDate" DATE,
    "secondParticipantId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),

    CONSTRAINT "DuplicateConflict_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "DuplicateConflict_status_check" CHECK ("status" IN ('ouvert', 'garde_premiere', 'transfere', 'rejete')),
    CONSTRAINT "DuplicateConflict_sex_check" CHECK ("sex" IN ('F', 'M'))
);

-- One open conflict per NIN and second IPM: enrolling again waits on the same case.
CREATE UNIQUE INDEX "DuplicateConflict_open_key" ON "DuplicateConflict"("ninIndex", "secondIpmId") WHERE "status" = 'ouvert';
CREATE INDEX "DuplicateConflict_firstIpmId_idx" ON "DuplicateConflict"("firstIpmId");
CREATE INDEX "DuplicateConflict_secondIpmId_idx" ON "DuplicateConflict"("secondIpmId");
