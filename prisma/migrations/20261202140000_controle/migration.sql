-- Contrôle des droits: the provider organisations' codes in the national providers referential, the
-- append-only log of every rights check, and the alerts the checks raise.

-- CreateTable
CREATE TABLE "ProviderCode" (
    "organisationId" TEXT NOT NULL,
    "providerCode" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProviderCode_pkey" PRIMARY KEY ("organisationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProviderCode_providerCode_key" ON "ProviderCode"("providerCode");

-- CreateTable
CREATE TABLE "RightsCheck" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" TEXT NOT NULL,
    "providerOrganisationId" TEXT NOT NULL,
    "providerCode" TEXT,
    "channel" TEXT NOT NULL,
    "lookup" TEXT NOT NULL,
    "subjectKey" TEXT,
    "beneficiaryId" TEXT,
    "ipmId" TEXT,
    "careDate" DATE,
    "acts" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "outcome" TEXT NOT NULL,
    "covered" BOOLEAN NOT NULL,
    "answer" TEXT NOT NULL,
    "rights" JSONB,

    CONSTRAINT "RightsCheck_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "RightsCheck_channel_check" CHECK ("channel" IN ('graphql', 'texte', 'fhir', 'portail')),
    CONSTRAINT "RightsCheck_lookup_check" CHECK ("lookup" IN ('carte', 'nin'))
);

-- CreateIndex
CREATE INDEX "RightsCheck_providerOrganisationId_id_idx" ON "RightsCheck"("providerOrganisationId", "id");

-- CreateIndex
CREATE INDEX "RightsCheck_ipmId_id_idx" ON "RightsCheck"("ipmId", "id");

-- CreateIndex
CREATE INDEX "RightsCheck_providerOrganisationId_at_idx" ON "RightsCheck"("providerOrganisationId", "at");

-- CreateTable
CREATE TABLE "RightsCheckAlert" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "providerOrganisationId" TEXT NOT NULL,
    "windowKey" TEXT NOT NULL,
    "subjects" INTEGER NOT NULL,
    "ipmIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "message" TEXT NOT NULL,

    CONSTRAINT "RightsCheckAlert_pkey" PRIMARY KEY ("id")
);

-- One alert per provider, kind and window, however many checks cross the threshold in it.
CREATE UNIQUE INDEX "RightsCheckAlert_providerOrganisationId_kind_windowKey_key" ON "RightsCheckAlert"("providerOrganisationId", "kind", "windowKey");

-- A check, once answered, is evidence: nobody edits or deletes one, nor an alert.
CREATE FUNCTION siamo_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'La table % ne s''écrit qu''en ajout : ni modification ni suppression.', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER "RightsCheck_append_only" BEFORE UPDATE OR DELETE ON "RightsCheck"
  FOR EACH ROW EXECUTE FUNCTION siamo_refuse_change();
CREATE TRIGGER "RightsCheck_no_truncate" BEFORE TRUNCATE ON "RightsCheck"
  FOR EACH STATEMENT EXECUTE FUNCTION siamo_refuse_change();
CREATE TRIGGER "RightsCheckAlert_append_only" BEFORE UPDATE OR DELETE ON "RightsCheckAlert"
  FOR EACH ROW EXECUTE FUNCTION siamo_refuse_change();
