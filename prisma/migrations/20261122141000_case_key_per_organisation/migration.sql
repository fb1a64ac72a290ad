-- DropIndex
DROP INDEX "Case_processId_businessKey_key";

-- CreateIndex
CREATE UNIQUE INDEX "Case_processId_organisationId_businessKey_key" ON "Case"("processId", "organisationId", "businessKey");

