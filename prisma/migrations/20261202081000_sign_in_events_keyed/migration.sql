-- The sign-in journal no longer keeps the address typed: a keyed hash of it (the same as the lock
-- counter's, services/auth/sign-in-key.ts) to group one address's attempts, and a masked form to show.
-- Rows written before have no hash (the key is not in the database); their address is masked here.
ALTER TABLE "SignInEvent" ADD COLUMN "addressKey" TEXT;
ALTER TABLE "SignInEvent" ADD COLUMN "maskedEmail" TEXT;
UPDATE "SignInEvent"
   SET "maskedEmail" = left(split_part("email", '@', 1), 1) || '…@' || split_part("email", '@', 2);
ALTER TABLE "SignInEvent" ALTER COLUMN "maskedEmail" SET NOT NULL;
DROP INDEX "SignInEvent_email_at_idx";
ALTER TABLE "SignInEvent" DROP COLUMN "email";
CREATE INDEX "SignInEvent_addressKey_at_idx" ON "SignInEvent"("addressKey", "at");
