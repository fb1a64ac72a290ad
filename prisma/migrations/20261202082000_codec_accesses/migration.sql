-- Every use of the codec endpoint (Temporal's web UI decrypting payloads): who, when, what operation
-- and how many payloads — never the payloads. Append-only: what decrypts personal data is accountable.
CREATE TABLE "CodecAccess" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "userId" TEXT NOT NULL,
    "operation" TEXT NOT NULL,
    "namespace" TEXT,
    "payloads" INTEGER NOT NULL,
    CONSTRAINT "CodecAccess_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "CodecAccess_at_idx" ON "CodecAccess"("at");

CREATE FUNCTION siamo_codec_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Le journal des décodages est en ajout seul : une ligne ne se modifie ni ne s''efface.';
END $$;
CREATE TRIGGER "CodecAccess_append_only" BEFORE UPDATE OR DELETE ON "CodecAccess"
  FOR EACH ROW EXECUTE FUNCTION siamo_codec_access_append_only();
