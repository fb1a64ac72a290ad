-- Referentials an IPM (or a provider) keeps for itself: each organisation of that kind has its own
-- series of versions. The owning organisation is recorded on every version and every row (for the
-- national referentials, their one owner), and the no-overlap constraint compares it too, so that two
-- IPMs' care packages are both in force on the same day for the same act, while one IPM's two versions
-- still never overlap.

ALTER TABLE "Referential" ALTER COLUMN "ownerOrganisationId" DROP NOT NULL;
ALTER TABLE "Referential" ADD COLUMN "ownedBy" TEXT;

ALTER TABLE "ReferentialVersion" ADD COLUMN "ownerOrganisationId" TEXT;
UPDATE "ReferentialVersion" v SET "ownerOrganisationId" = r."ownerOrganisationId"
  FROM "Referential" r WHERE r.code = v."referentialCode";
ALTER TABLE "ReferentialVersion" ALTER COLUMN "ownerOrganisationId" SET NOT NULL;

ALTER TABLE "ReferentialRow" ADD COLUMN "ownerOrganisationId" TEXT;
UPDATE "ReferentialRow" w SET "ownerOrganisationId" = v."ownerOrganisationId"
  FROM "ReferentialVersion" v WHERE v.id = w."versionId";
ALTER TABLE "ReferentialRow" ALTER COLUMN "ownerOrganisationId" SET NOT NULL;

-- Version numbers count within one owner's series.
DROP INDEX "ReferentialVersion_referentialCode_number_key";
CREATE UNIQUE INDEX "ReferentialVersion_series_number_key" ON "ReferentialVersion"("referentialCode", "ownerOrganisationId", "number");
DROP INDEX "ReferentialVersion_referentialCode_status_idx";
CREATE INDEX "ReferentialVersion_series_status_idx" ON "ReferentialVersion"("referentialCode", "ownerOrganisationId", "status");

ALTER TABLE "ReferentialRow" DROP CONSTRAINT "ReferentialRow_no_overlap";
ALTER TABLE "ReferentialRow" ADD CONSTRAINT "ReferentialRow_no_overlap"
    EXCLUDE USING gist ("referentialCode" WITH =, "ownerOrganisationId" WITH =, "code" WITH =, daterange("validFrom", "validTo") WITH &&)
    WHERE ("validFrom" IS NOT NULL);
