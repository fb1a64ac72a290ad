-- CreateTable
CREATE TABLE "EffectFailure" (
    "key" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "effect" TEXT NOT NULL,
    "failureType" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "failedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EffectFailure_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "EffectFailure_failedAt_idx" ON "EffectFailure"("failedAt");

