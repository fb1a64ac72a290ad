-- CreateTable
CREATE TABLE "PortfolioImport" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "importedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedBy" TEXT NOT NULL,
    "projects" INTEGER NOT NULL,
    "opened" INTEGER[],
    "issues" JSONB NOT NULL,

    CONSTRAINT "PortfolioImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PortfolioImport_organisationId_importedAt_idx" ON "PortfolioImport"("organisationId", "importedAt");

