-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "parentId" TEXT;

-- CreateTable
CREATE TABLE "IssuedNumber" (
    "key" TEXT NOT NULL,
    "sequence" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IssuedNumber_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "IssuedNumber_number_key" ON "IssuedNumber"("number");

-- CreateIndex
CREATE INDEX "Case_parentId_idx" ON "Case"("parentId");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Case"("id") ON DELETE SET NULL ON UPDATE CASCADE;

