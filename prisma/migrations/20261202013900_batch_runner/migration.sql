-- CreateTable
CREATE TABLE "Batch" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "state" TEXT NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "chunkCount" INTEGER NOT NULL DEFAULT 0,
    "done" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "chunksDone" INTEGER NOT NULL DEFAULT 0,
    "startedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BatchChunk" (
    "batchId" TEXT NOT NULL,
    "chunkIndex" INTEGER NOT NULL,
    "processed" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "doneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BatchChunk_pkey" PRIMARY KEY ("batchId","chunkIndex")
);

-- CreateTable
CREATE TABLE "BatchSyntheticRecord" (
    "batchId" TEXT NOT NULL,
    "n" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'en_attente',
    "result" INTEGER,
    "applied" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BatchSyntheticRecord_pkey" PRIMARY KEY ("batchId","n")
);

-- CreateIndex
CREATE INDEX "Batch_startedAt_idx" ON "Batch"("startedAt");

-- AddForeignKey
ALTER TABLE "BatchChunk" ADD CONSTRAINT "BatchChunk_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A chunk rewrites its records in place: room left on each page lets PostgreSQL keep the new row
-- versions on the same page (HOT updates, no index write), which is most of a chunk's cost.
ALTER TABLE "BatchSyntheticRecord" SET (fillfactor = 50);
