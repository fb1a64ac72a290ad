-- The distant-checks signal: where each check was made (the provider's région), the checks of one
-- member on one day found through an index, and one alert per member and day.

-- AlterTable
ALTER TABLE "RightsCheck" ADD COLUMN "providerRegion" TEXT;

-- AlterTable
ALTER TABLE "RightsCheckAlert" ADD COLUMN "beneficiaryId" TEXT,
ADD COLUMN "day" DATE;

-- CreateIndex
CREATE INDEX "RightsCheck_beneficiaryId_at_idx" ON "RightsCheck"("beneficiaryId", "at");

-- One distant-checks alert per member and day (enumeration alerts, with no member, are not concerned).
CREATE UNIQUE INDEX "RightsCheckAlert_kind_beneficiaryId_day_key" ON "RightsCheckAlert"("kind", "beneficiaryId", "day");
