-- National referentials: their versions, rows and validation reports.

-- btree_gist lets one GiST index compare the referential and the code by equality and the dates by
-- overlap, which the exclusion constraint below needs (PGlite ships it too: runtime/embedded-postgres.ts).
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- CreateTable
CREATE TABLE "Referential" (
    "code" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "ownerOrganisationId" TEXT NOT NULL,
    "ownerLabel" TEXT NOT NULL,
    "codeFormat" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Referential_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "ReferentialVersion" (
    "id" TEXT NOT NULL,
    "referentialCode" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "validFrom" DATE,
    "validTo" DATE,
    "importedBy" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMP(3),
    "rejectionReason" TEXT,
    "fileName" TEXT,
    "sha256" TEXT,
    "comparedWithId" TEXT,
    "rowCount" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "caseId" TEXT,

    CONSTRAINT "ReferentialVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferentialRow" (
    "versionId" TEXT NOT NULL,
    "referentialCode" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "fields" JSONB NOT NULL,
    "line" INTEGER,
    "validFrom" DATE,
    "validTo" DATE,

    CONSTRAINT "ReferentialRow_pkey" PRIMARY KEY ("versionId","code")
);

-- CreateTable
CREATE TABLE "ReferentialReportLine" (
    "versionId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "line" INTEGER,
    "changes" JSONB,
    "reason" TEXT,

    CONSTRAINT "ReferentialReportLine_pkey" PRIMARY KEY ("versionId","position")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReferentialVersion_referentialCode_number_key" ON "ReferentialVersion"("referentialCode", "number");

-- CreateIndex
CREATE INDEX "ReferentialVersion_referentialCode_status_idx" ON "ReferentialVersion"("referentialCode", "status");

-- CreateIndex
CREATE INDEX "ReferentialReportLine_versionId_kind_idx" ON "ReferentialReportLine"("versionId", "kind");

-- AddForeignKey
ALTER TABLE "ReferentialVersion" ADD CONSTRAINT "ReferentialVersion_referentialCode_fkey" FOREIGN KEY ("referentialCode") REFERENCES "Referential"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferentialRow" ADD CONSTRAINT "ReferentialRow_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ReferentialVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferentialReportLine" ADD CONSTRAINT "ReferentialReportLine_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ReferentialVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Two versions never overlap in time for the same code: rows get their version's dates when it is
-- scheduled (before that, NULL: not in force, outside the constraint). The same GiST index serves the
-- as-of readings (`daterange(...) @> date`). An open end is NULL, which daterange reads as infinity.
ALTER TABLE "ReferentialRow" ADD CONSTRAINT "ReferentialRow_no_overlap"
    EXCLUDE USING gist ("referentialCode" WITH =, "code" WITH =, daterange("validFrom", "validTo") WITH &&)
    WHERE ("validFrom" IS NOT NULL);

-- A version's dates are a valid range, or none.
ALTER TABLE "ReferentialVersion" ADD CONSTRAINT "ReferentialVersion_dates"
    CHECK ("validTo" IS NULL OR ("validFrom" IS NOT NULL AND "validTo" > "validFrom"));
ALTER TABLE "ReferentialRow" ADD CONSTRAINT "ReferentialRow_dates"
    CHECK ("validTo" IS NULL OR ("validFrom" IS NOT NULL AND "validTo" > "validFrom"));
