-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "computed" JSONB;
