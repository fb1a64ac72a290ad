-- Adhesion (issue #14): an employer's adhesion to an IPM is a case of the `adhesion` process, and its
-- `Employer` row is that case's record (processes/records.ts): written by the case's transitions in
-- the statement that writes its projection, keyed by ("caseId", "cssIpres"). Employers loaded before
-- (imports, tests) have no case and stay `active`. Enrolment one by one (hire, departure, death) is a
-- direct command, each leaving an `EnrolmentEvent` row written with the facts it changed.

ALTER TABLE "Employer"
    ADD COLUMN "caseId" TEXT,
    ADD COLUMN "revision" INTEGER,
    ADD COLUMN "updatedAt" TIMESTAMPTZ,
    ADD COLUMN "organisationId" TEXT,
    ADD COLUMN "status" TEXT NOT NULL DEFAULT 'active',
    ADD COLUMN "statusReason" TEXT,
    ADD COLUMN "address" TEXT,
    ADD COLUMN "contactName" TEXT,
    ADD COLUMN "contactPhone" TEXT,
    ADD COLUMN "contactEmail" TEXT,
    ADD COLUMN "contractStart" DATE,
    ADD COLUMN "terminatedOn" DATE,
    ADD CONSTRAINT "Employer_status_check" CHECK (
        "status" IN ('demandee', 'complements', 'en_approbation', 'active', 'preavis', 'resiliee', 'refusee')
    );

-- The engine writes records without an id of their own: the row's id is the database's.
ALTER TABLE "Employer" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()::text;

ALTER TABLE "Employer" ADD CONSTRAINT "Employer_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Employer" ADD CONSTRAINT "Employer_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE UNIQUE INDEX "Employer_caseId_cssIpres_key" ON "Employer"("caseId", "cssIpres");
CREATE INDEX "Employer_organisationId_idx" ON "Employer"("organisationId");

-- A CSS/IPRES number is one current employer per IPM; a refused or terminated adhesion leaves its row
-- (history) and the employer may ask again.
DROP INDEX "Employer_ipmId_cssIpres_key";
CREATE UNIQUE INDEX "Employer_ipmId_cssIpres_current_key" ON "Employer"("ipmId", "cssIpres")
    WHERE "status" NOT IN ('resiliee', 'refusee');

-- What the case's data cannot be trusted with, whoever opens the case (the generic start form too):
-- the employer's organisation is the case's, and an IPM d'entreprise (its licence's `typeIpm`) has
-- exactly one current employer. The adhesion service checks both first, with French messages; this is
-- the backstop, serialised per IPM.
CREATE FUNCTION siamo_employer_adhesion_check() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    ipm_type TEXT;
    current_row "Employer"%ROWTYPE;
BEGIN
    -- A transition that only changes a status gives the key and that status: the engine's upsert
    -- proposes a row without the rest, which takes the case's row's values (NOT NULL is checked on it).
    IF TG_OP = 'INSERT' AND NEW."caseId" IS NOT NULL THEN
        SELECT * INTO current_row FROM "Employer" e WHERE e."caseId" = NEW."caseId" AND e."cssIpres" = NEW."cssIpres";
        IF FOUND THEN
            NEW."id" := current_row."id";
            NEW."ipmId" := COALESCE(NEW."ipmId", current_row."ipmId");
            NEW."name" := COALESCE(NEW."name", current_row."name");
            NEW."sector" := COALESCE(NEW."sector", current_row."sector");
            NEW."communeCode" := COALESCE(NEW."communeCode", current_row."communeCode");
        END IF;
    END IF;
    IF NEW."caseId" IS NOT NULL THEN
        SELECT c."organisationId" INTO NEW."organisationId" FROM "Case" c WHERE c."id" = NEW."caseId";
    END IF;
    IF NEW."status" IN ('resiliee', 'refusee') THEN
        RETURN NEW;
    END IF;
    IF NEW."caseId" IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM "Organisation" o WHERE o."id" = NEW."ipmId" AND o."kind" = 'IPM'
    ) THEN
        RAISE EXCEPTION USING ERRCODE = '23503', MESSAGE = 'L''IPM choisie n''existe pas.';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('Employer/' || NEW."ipmId"));
    SELECT c."context"->>'typeIpm' INTO ipm_type FROM "Case" c
     WHERE c."processId" = 'licence' AND c."organisationId" = NEW."ipmId"
     ORDER BY c."createdAt" DESC LIMIT 1;
    IF ipm_type = 'entreprise' AND EXISTS (
        SELECT 1 FROM "Employer" e
         WHERE e."ipmId" = NEW."ipmId" AND e."id" <> NEW."id"
           AND e."caseId" IS DISTINCT FROM NEW."caseId"
           AND e."status" NOT IN ('resiliee', 'refusee')
    ) THEN
        RAISE EXCEPTION USING ERRCODE = '23514', MESSAGE = 'Une IPM d''entreprise a exactement un employeur.';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "Employer_adhesion_check" BEFORE INSERT OR UPDATE ON "Employer"
    FOR EACH ROW EXECUTE FUNCTION siamo_employer_adhesion_check();

-- CreateTable
CREATE TABLE "EnrolmentEvent" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "employerId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "effectiveOn" DATE NOT NULL,
    "affiliationId" TEXT NOT NULL,
    "requestId" TEXT,

    CONSTRAINT "EnrolmentEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "EnrolmentEvent_action_check" CHECK ("action" IN ('embauche', 'depart', 'deces'))
);

CREATE UNIQUE INDEX "EnrolmentEvent_requestId_key" ON "EnrolmentEvent"("requestId");
CREATE INDEX "EnrolmentEvent_participantId_at_idx" ON "EnrolmentEvent"("participantId", "at");
CREATE INDEX "EnrolmentEvent_employerId_at_idx" ON "EnrolmentEvent"("employerId", "at");
