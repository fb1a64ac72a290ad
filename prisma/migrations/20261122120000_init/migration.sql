-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "ProcessDefinition" (
    "processId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessDefinition_pkey" PRIMARY KEY ("processId","version")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "processId" TEXT NOT NULL,
    "processVersion" INTEGER NOT NULL,
    "businessKey" TEXT NOT NULL,
    "organisationId" TEXT,
    "state" TEXT NOT NULL,
    "terminal" BOOLEAN NOT NULL DEFAULT false,
    "context" JSONB NOT NULL,
    "revision" INTEGER NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "dueAt" TIMESTAMP(3),
    "startedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "caseId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "actorId" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "definitionVersion" INTEGER NOT NULL,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "recipientRole" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'a_envoyer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Case_processId_state_idx" ON "Case"("processId", "state");

-- CreateIndex
CREATE INDEX "Case_organisationId_state_idx" ON "Case"("organisationId", "state");

-- CreateIndex
CREATE INDEX "Case_dueAt_idx" ON "Case"("dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Case_processId_businessKey_key" ON "Case"("processId", "businessKey");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_caseId_revision_key" ON "AuditEntry"("caseId", "revision");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_key_key" ON "Notification"("key");

-- CreateIndex
CREATE INDEX "Notification_status_idx" ON "Notification"("status");

-- AddForeignKey
ALTER TABLE "Case" ADD CONSTRAINT "Case_processId_processVersion_fkey" FOREIGN KEY ("processId", "processVersion") REFERENCES "ProcessDefinition"("processId", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEntry" ADD CONSTRAINT "AuditEntry_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

