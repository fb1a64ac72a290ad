-- Member card numbers (numéro de carte d'assuré): one per beneficiary, participant or dependant, given
-- by the database when the row is written, so that set-based imports need no round trip per row.
-- Eleven digits from one sequence and a Luhn check digit: a mistyped digit or two swapped neighbours
-- are caught before any lookup. The number says nothing about the person (no NIN, no birth date).

CREATE SEQUENCE "member_card_seq" START WITH 10000000001;

CREATE FUNCTION siamo_luhn_digit(digits TEXT) RETURNS INTEGER
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT (10 - (sum(
    CASE WHEN (length(digits) - i) % 2 = 0
      THEN CASE WHEN substr(digits, i, 1)::int * 2 > 9 THEN substr(digits, i, 1)::int * 2 - 9 ELSE substr(digits, i, 1)::int * 2 END
      ELSE substr(digits, i, 1)::int
    END
  ) % 10)) % 10
  FROM generate_series(1, length(digits)) AS i
$$;

CREATE FUNCTION siamo_next_card_number() RETURNS TEXT
LANGUAGE sql VOLATILE AS $$
  SELECT n || siamo_luhn_digit(n)::text FROM (SELECT lpad(nextval('member_card_seq')::text, 11, '0') AS n) AS s
$$;

ALTER TABLE "Participant" ADD COLUMN "cardNumber" TEXT NOT NULL DEFAULT siamo_next_card_number();
ALTER TABLE "Dependant" ADD COLUMN "cardNumber" TEXT NOT NULL DEFAULT siamo_next_card_number();

CREATE UNIQUE INDEX "Participant_cardNumber_key" ON "Participant"("cardNumber");
CREATE UNIQUE INDEX "Dependant_cardNumber_key" ON "Dependant"("cardNumber");
