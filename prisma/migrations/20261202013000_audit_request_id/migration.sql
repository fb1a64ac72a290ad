-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "requestId" TEXT;

-- CreateIndex
CREATE INDEX "AuditEntry_caseId_requestId_idx" ON "AuditEntry"("caseId", "requestId");
