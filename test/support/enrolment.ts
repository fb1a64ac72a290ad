import { randomUUID } from 'node:crypto';
import type { SqlClient } from '../../services/enrolment/sql.ts';
import { newDataKeysText, parseDataKeys } from '../../services/personal-data/data-keys.ts';
import { protectNin } from '../../services/personal-data/nin.ts';

// Facts of the enrolment written straight into its tables, for the tests of the rule that reads them.

export const testDataKeys = () => parseDataKeys(newDataKeysText());

export async function insertEmployer(db: SqlClient, ipmId: string, name = 'Entreprise de test'): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Employer" ("id", "ipmId", "name", "cssIpres", "sector", "communeCode") VALUES ($1, $2, $3, $4, 'commerce', 'SN-DK-01')`,
    [id, ipmId, name, `CSS-${id.slice(0, 8)}`],
  );
  return id;
}

export async function insertParticipant(
  db: SqlClient,
  keys: ReturnType<typeof testDataKeys>,
  p: { ipmId: string; employerId: string; nin: string; birthDate?: string },
): Promise<{ id: string; ninIndex: string }> {
  const id = randomUUID();
  const { ninChiffre, ninIndex } = protectNin(keys, p.nin);
  await db.query(
    `INSERT INTO "Participant" ("id", "ipmId", "employerId", "ninChiffre", "ninIndex", "matricule", "lastName", "firstNames", "birthDate", "sex", "salary")
     VALUES ($1, $2, $3, $4, $5, 'M-1', 'Diop', 'Awa', $6, 'F', 250000)`,
    [id, p.ipmId, p.employerId, Buffer.from(ninChiffre), ninIndex, p.birthDate ?? '1985-04-02'],
  );
  return { id, ninIndex };
}

export async function insertAffiliation(
  db: SqlClient,
  a: {
    participantId: string;
    ninIndex: string;
    ipmId: string;
    employerId: string;
    from: string;
    to?: string;
    endReason?: string;
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Affiliation" ("id", "participantId", "ninIndex", "ipmId", "employerId", "validFrom", "validTo", "startReason", "endReason")
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'embauche', $8)`,
    [id, a.participantId, a.ninIndex, a.ipmId, a.employerId, a.from, a.to ?? null, a.endReason ?? null],
  );
  return id;
}

export async function insertDependant(
  db: SqlClient,
  d: { participantId: string; rank: number; kind: 'conjoint' | 'enfant'; birthDate: string; certificateUntil?: string },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "Dependant" ("id", "participantId", "kind", "rank", "lastName", "firstNames", "birthDate", "studentCertificateUntil")
     VALUES ($1, $2, $3, $4, 'Diop', 'Moussa', $5, $6)`,
    [id, d.participantId, d.kind, d.rank, d.birthDate, d.certificateUntil ?? null],
  );
  return id;
}

export async function insertSuspension(
  db: SqlClient,
  s: { employerId?: string; participantId?: string; from: string; to?: string; reason?: string },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO "RightsSuspension" ("id", "employerId", "participantId", "validFrom", "validTo", "reason") VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, s.employerId ?? null, s.participantId ?? null, s.from, s.to ?? null, s.reason ?? 'cotisations_impayees'],
  );
  return id;
}
