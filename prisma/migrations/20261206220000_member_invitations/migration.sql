-- Every code handed out to a member's space (the first invitation and each one after, a lost password
-- among them): who did it, when and why, and the form's request id so that a retry hands out one code.

-- CreateTable
CREATE TABLE "MemberInvitation" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "invitedBy" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "requestId" TEXT,

    CONSTRAINT "MemberInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "MemberInvitation_requestId_key" ON "MemberInvitation"("requestId");

-- CreateIndex
CREATE INDEX "MemberInvitation_participantId_at_idx" ON "MemberInvitation"("participantId", "at");
