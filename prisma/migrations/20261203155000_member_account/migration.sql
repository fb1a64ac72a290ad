-- The member's own space: the account a participant signs in with (role `assure`), and the handed-out
-- password of an invitation, which works until its date and must be replaced at the first sign-in.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "temporaryPasswordUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MemberAccount" (
    "userId" TEXT NOT NULL,
    "participantId" TEXT NOT NULL,
    "ipmId" TEXT NOT NULL,
    "invitedBy" TEXT NOT NULL,
    "invitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MemberAccount_pkey" PRIMARY KEY ("userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "MemberAccount_participantId_key" ON "MemberAccount"("participantId");

-- AddForeignKey
ALTER TABLE "MemberAccount" ADD CONSTRAINT "MemberAccount_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MemberAccount" ADD CONSTRAINT "MemberAccount_participantId_fkey" FOREIGN KEY ("participantId") REFERENCES "Participant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
