-- The demonstration's portfolio is the master plan moved by whole months, so that today falls inside
-- it; the import records by how much (0: the file's plan as it states it).
ALTER TABLE "PortfolioImport" ADD COLUMN "shiftMonths" INTEGER NOT NULL DEFAULT 0;
