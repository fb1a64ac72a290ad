-- The file a referential version is imported from, read by the import batch's chunks.
CREATE TABLE "ReferentialImportFile" (
    "versionId" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "day" DATE NOT NULL,
    CONSTRAINT "ReferentialImportFile_pkey" PRIMARY KEY ("versionId")
);

ALTER TABLE "ReferentialImportFile" ADD CONSTRAINT "ReferentialImportFile_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ReferentialVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The batch that loads a version's rows, for its progress bar.
ALTER TABLE "ReferentialVersion" ADD COLUMN "importBatchId" TEXT;
