import { describe, expect, it } from 'vitest';
import { createPrisma } from '../prisma/client.ts';
import { importWorkforce } from '../services/enrolment/import-workforce.ts';
import { prismaImportPool } from '../services/enrolment/prisma-pool.ts';
import { rightsAt } from '../services/enrolment/rights-at.ts';
import { WORKFORCE_COLUMNS } from '../services/enrolment/workforce-file.ts';
import { insertAffiliation, insertEmployer, insertParticipant, testDataKeys } from './support/enrolment.ts';
import { workforceDatabase } from './support/workforce-database.ts';

// Importing a workforce file on a real PostgreSQL: all or nothing, a report line by line, the same
// file twice changes nothing, and the file's own problems (encoding, layout, empty) are named.

const HEADER = WORKFORCE_COLUMNS.join(';');
const file = (...lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);
const ASOF = '2026-12-01';

const GOOD = [
  'P;M001;NIN;2 751 1985 01234;Diop;Awa;07/11/1985;F;250 000;2026-01-01;;',
  'A;M001;;;Diop;Moussa;2010-05-02;M;;;enfant;',
  'A;M001;;;Ndiaye;Cheikh;1980-03-03;M;;;conjoint;',
  'P;M002;NIN;1820505001111;Fall;Ibrahima;1982-05-05;M;310000;2025-06-01;;',
  'A;M002;;;Fall;Aminata;2004-01-15;F;;;enfant;2027-07-31',
  'P;M003;CMU;30012345678901;Mensah;Kofi;1990-02-02;M;180000;2026-03-01;;',
];

const db = workforceDatabase();
const keys = testDataKeys();
const counts = () => db.counts();

describe('importing a workforce file', () => {
  it('stores participants, affiliations and dependants in one go, the NIN never in clear; the same file again changes nothing', async () => {
    const employerId = await insertEmployer(db.pool, 'IPM-1');
    const before = await counts();
    const report = await importWorkforce(db.pool, {
      ipmId: 'IPM-1',
      employerId,
      bytes: file(...GOOD),
      keys,
      asOf: ASOF,
    });
    expect(report).toMatchObject({
      applied: true,
      fileProblem: null,
      lines: 6,
      refused: [],
      participantsCreated: 3,
      participantsAlreadyPresent: 0,
      dependantsCreated: 3,
    });
    const after = await counts();
    expect(after).toEqual({ p: (before?.p ?? 0) + 3, a: (before?.a ?? 0) + 3, d: (before?.d ?? 0) + 3 });
    const stored = await db.pool.query<{ dump: string }>(
      `SELECT string_agg(row_to_json(p)::text || encode(p."ninChiffre", 'escape'), '|') AS dump FROM "Participant" p WHERE "employerId" = $1`,
      [employerId],
    );
    for (const nin of ['2751198501234', '1820505001111', '30012345678901'])
      expect(stored.rows[0]?.dump).not.toContain(nin);

    // The rule reads what the import wrote: the student keeps rights past 21 until the certificate ends.
    const aminata = await db.pool.query<{ id: string }>(`SELECT "id" FROM "Dependant" WHERE "firstNames" = 'Aminata'`);
    const id = aminata.rows[0]?.id as string;
    expect((await rightsAt(db.pool, id, '2027-07-31')).covered).toBe(true);
    expect(await rightsAt(db.pool, id, '2027-08-01')).toMatchObject({ covered: false, code: 'limite_age' });

    const again = await importWorkforce(db.pool, {
      ipmId: 'IPM-1',
      employerId,
      bytes: file(...GOOD),
      keys,
      asOf: ASOF,
    });
    expect(again).toMatchObject({
      applied: true,
      participantsCreated: 0,
      participantsAlreadyPresent: 3,
      dependantsCreated: 0,
    });
    expect(await counts()).toEqual(after);
  });

  it('imports the same through Prisma, as the demo data does on the embedded database', async () => {
    const prisma = createPrisma(db.url);
    try {
      const employerId = await insertEmployer(db.pool, 'IPM-6');
      const lines = [
        'P;P001;NIN;1660606006001;Sow;Moussa;1966-06-06;M;200000;2025-01-01;;',
        'A;P001;;;Sow;Awa;2012-01-01;F;;;enfant;',
        'P;P002;NIN;2660606006002;Ba;Khady;1976-06-06;F;220000;2025-01-01;;',
      ];
      const before = await counts();
      const report = await importWorkforce(prismaImportPool(prisma), {
        ipmId: 'IPM-6',
        employerId,
        bytes: file(...lines),
        keys,
        asOf: ASOF,
      });
      expect(report).toMatchObject({ applied: true, participantsCreated: 2, dependantsCreated: 1 });
      const after = await counts();
      expect(after).toEqual({ p: (before?.p ?? 0) + 2, a: (before?.a ?? 0) + 2, d: (before?.d ?? 0) + 1 });
      const again = await importWorkforce(prismaImportPool(prisma), {
        ipmId: 'IPM-6',
        employerId,
        bytes: file(...lines),
        keys,
        asOf: ASOF,
      });
      expect(again).toMatchObject({
        applied: true,
        participantsCreated: 0,
        participantsAlreadyPresent: 2,
        dependantsCreated: 0,
      });
      // The same workers in another IPM: refused line by line, nothing written.
      const other = await insertEmployer(db.pool, 'IPM-7');
      const refused = await importWorkforce(prismaImportPool(prisma), {
        ipmId: 'IPM-7',
        employerId: other,
        bytes: file(...lines),
        keys,
        asOf: ASOF,
      });
      expect(refused.applied).toBe(false);
      // The participants' lines (2 and 4); the dependant waits on its participant, refused with the file.
      expect(refused.refused.map((r) => r.line)).toEqual([2, 4]);
      expect(refused.refused[0]?.problems.join(' ')).toContain('Déjà affilié(e) à une autre IPM');
      expect(await counts()).toEqual(after);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('writes nothing when a line is refused, and reports every refused line with its reason', async () => {
    const employerId = await insertEmployer(db.pool, 'IPM-2');
    // A worker already active in another IPM since 1 February 2026.
    const elsewhere = await insertEmployer(db.pool, 'IPM-3');
    const active = await insertParticipant(db.pool, keys, {
      ipmId: 'IPM-3',
      employerId: elsewhere,
      nin: '1770707007777',
    });
    await insertAffiliation(db.pool, {
      participantId: active.id,
      ninIndex: active.ninIndex,
      ipmId: 'IPM-3',
      employerId: elsewhere,
      from: '2026-02-01',
    });
    const before = await counts();
    const report = await importWorkforce(db.pool, {
      ipmId: 'IPM-2',
      employerId,
      keys,
      asOf: ASOF,
      bytes: file(
        'P;N001;NIN;2751198509999;Sarr;Fatou;1985-01-01;F;200000;2026-01-01;;',
        'P;N002;NIN;175119850999;Ba;Alioune;1985-01-01;M;200000;2026-01-01;;',
        'P;N003;NIN;2751198509999;Sarr;Fatou;1985-01-01;F;200000;2026-01-01;;',
        'A;N001;;;Sarr;Modou;2004-06-01;M;;;enfant;',
        'P;N004;NIN;1770707007777;Gueye;Omar;1977-07-07;M;400000;2026-06-01;;',
        'X;N005;;;;;;;;;;',
      ),
    });
    expect(report.applied).toBe(false);
    expect(report.refused).toEqual([
      {
        line: 3,
        problems: [
          'Le NIN doit compter 13 chiffres (carte d’identité biométrique CEDEAO) ; celui-ci en compte 12. Un étranger est enregistré avec son numéro de carte CMU.',
        ],
      },
      { line: 4, problems: ['Doublon dans le fichier : même NIN que la ligne 2.'] },
      {
        line: 5,
        problems: [
          'Ayant droit refusé — règle de la limite d’âge des enfants (21 ans) : plus de droits depuis le 1er juin 2025 ; un étudiant garde ses droits jusqu’à 25 ans avec un certificat de scolarité en cours (sa date de fin : colonne « certificat_scolarite_jusquau » d’un fichier).',
        ],
      },
      {
        line: 6,
        problems: [
          'Déjà affilié(e) à une autre IPM depuis le 1er février 2026 : un même NIN ne peut être actif deux fois ; le conflit se règle entre les IPM concernées.',
        ],
      },
      {
        line: 7,
        problems: [
          'Type « X » inconnu : attendu P (participant) ou A (ayant droit).',
          'Nom manquant(e) : renseignez la colonne « nom ».',
          'Prénoms manquant(e) : renseignez la colonne « prenoms ».',
          'Date de naissance manquante : renseignez la colonne « date_naissance » (AAAA-MM-JJ ou JJ/MM/AAAA).',
        ],
      },
    ]);
    expect(await counts()).toEqual(before);
    // No message repeats a NIN.
    expect(JSON.stringify(report)).not.toMatch(/\d{12,}/);
  });

  it('names what is wrong with the file itself, and reads nothing of it', async () => {
    const employerId = await insertEmployer(db.pool, 'IPM-4');
    const run = (bytes: Uint8Array) =>
      importWorkforce(db.pool, { ipmId: 'IPM-4', employerId, bytes, keys, asOf: ASOF });
    const latin1 = Uint8Array.from([...new TextEncoder().encode(`${HEADER}\nP;M1;NIN;2751198501234;L`), 0xe9, 0x0a]);
    expect((await run(latin1)).fileProblem).toBe(
      'Le fichier n’est pas en UTF-8 (sans doute un export Windows-1252 d’un tableur) : enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) » et importez-le à nouveau. Rien n’a été importé.',
    );
    expect((await run(new Uint8Array())).fileProblem).toBe('Le fichier est vide : aucun participant importé.');
    expect((await run(new TextEncoder().encode(`${HEADER}\n`))).fileProblem).toBe(
      'Le fichier ne contient que la ligne des colonnes : aucun participant importé.',
    );
    expect((await run(new TextEncoder().encode('nom,prenom,nin\nDiop,Awa,2751198501234\n'))).fileProblem).toBe(
      `La première ligne doit nommer les colonnes du modèle, séparées par des points-virgules : ${HEADER}. Colonnes absentes : type, matricule, piece, numero, nom, prenoms, date_naissance, sexe, salaire, date_embauche, lien, certificat_scolarite_jusquau. Rien n’a été importé.`,
    );
    // The first test's file, into another IPM: its three workers are active in IPM-1.
    const duplicates = await run(file(...GOOD));
    expect(duplicates.applied).toBe(false);
    expect(duplicates.refused.map((r) => r.line)).toEqual([2, 5, 7]);
    expect(duplicates.refused[0]?.problems[0]).toMatch(/^Déjà affilié\(e\) à une autre IPM depuis le 1er janvier 2026/);
    const wrongIpm = await importWorkforce(db.pool, {
      ipmId: 'IPM-1',
      employerId,
      bytes: file(...GOOD),
      keys,
      asOf: ASOF,
    });
    expect(wrongIpm.fileProblem).toBe(
      'Employeur introuvable dans cette IPM : choisissez une entreprise adhérente de l’IPM.',
    );
  });
});
