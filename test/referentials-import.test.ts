import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, type PrismaClient } from '../prisma/client.ts';
import { asOf } from '../services/referentials/as-of.ts';
import { AsOfTable, dayNumber } from '../services/referentials/as-of-table.ts';
import { importReferentialVersion } from '../services/referentials/import-version.ts';
import type { Acting } from '../services/referentials/lifecycle.ts';
import {
  activateVersion,
  approveVersion,
  cancelVersion,
  rejectVersion,
  scheduleVersion,
} from '../services/referentials/lifecycle.ts';
import { ensureReferentials } from '../services/referentials/owners.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { csv, dpmManager, ministryManager, msasAgent, msasManager } from './support/referentials.ts';

// A referential's versions on a real PostgreSQL: import and report, approval, scheduling, activation,
// and the as-of reading on the day a version changes; bad files refused with nothing stored.

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma(db.url);
  await ensureReferentials(prisma);
});
afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const HEADER = 'code;libelle;chapitre;lettre_cle;coefficient';
const V1 = [
  HEADER,
  'CON001;Consultation de médecine générale;Consultations;C;1',
  'CON002;Consultation de spécialiste;Consultations;CS;1',
  'RAD001;Radiographie du thorax;Imagerie;Z;15',
];

async function imported(referential: string, file: Uint8Array, day = '2026-12-02') {
  const result = await importReferentialVersion(prisma, {
    referential,
    file,
    fileName: `${referential}.csv`,
    title: 'essai',
    importedBy: msasAgent.id,
    day,
  });
  if ('problem' in result) throw new Error(`import refusé : ${result.problem.message}`);
  return result;
}

async function inForce(referential: string, file: Uint8Array, from: string, manager: Acting, day: string) {
  const version = await imported(referential, file, day);
  await approveVersion(prisma, version.versionId, manager);
  await scheduleVersion(prisma, version.versionId, manager, { from, today: '2026-12-02' });
  await activateVersion(prisma, version.versionId, from);
  return version;
}

describe('a version of the acts nomenclature, then the next one', () => {
  let v1: string;
  let v2: string;

  it('imports the first version: every row added, nothing in force before approval', async () => {
    const version = await imported('actes', csv(V1));
    v1 = version.versionId;
    expect(version.status).toBe('validee');
    expect(version.summary).toMatchObject({
      lignes: 3,
      valides: 3,
      invalides: 0,
      ajouts: 3,
      retraits: 0,
      modifications: 0,
    });
    expect((await asOf(prisma, 'actes', ['CON001'], '2026-12-02'))[0]?.fields).toBeNull();
  });

  it('refuses the approval of someone who is not the owner’s manager, then takes the manager’s', async () => {
    await expect(approveVersion(prisma, v1, msasAgent)).rejects.toThrow(
      /Seul un responsable de l’autorité propriétaire du référentiel \(MSAS\)/,
    );
    await expect(approveVersion(prisma, v1, dpmManager)).rejects.toThrow(/MSAS/);
    await approveVersion(prisma, v1, msasManager);
    const version = await prisma.referentialVersion.findUniqueOrThrow({ where: { id: v1 } });
    expect(version).toMatchObject({ status: 'approuvee', approvedBy: msasManager.id });
  });

  it('refuses a day in the past, then schedules and activates on the chosen day', async () => {
    await expect(scheduleVersion(prisma, v1, msasManager, { from: '2026-12-01', today: '2026-12-02' })).rejects.toThrow(
      /est passée : choisissez aujourd’hui \(02\/12\/2026\)/,
    );
    await scheduleVersion(prisma, v1, msasManager, { from: '2026-12-10', today: '2026-12-02' });
    await expect(activateVersion(prisma, v1, '2026-12-09')).rejects.toThrow(/n’entre en vigueur que le 10\/12\/2026/);
    await activateVersion(prisma, v1, '2026-12-10');
    expect((await prisma.referentialVersion.findUniqueOrThrow({ where: { id: v1 } })).status).toBe('en_vigueur');
  });

  it('reports the next version line by line: added, removed, changed field by field', async () => {
    // Another spreadsheet: commas, Windows-1252, CR LF.
    const next = [
      'code,libelle,chapitre,lettre_cle,coefficient',
      'CON001,Consultation de médecine générale,Consultations,C,1',
      'CON002,Consultation de médecin spécialiste,Consultations,CS,2',
      'ECH001,Échographie abdominale,Imagerie,K,20',
    ];
    const version = await imported('actes', csv(next, 'latin1'));
    v2 = version.versionId;
    expect(version.comparedWithId).toBe(v1);
    expect(version.summary).toMatchObject({
      encoding: 'windows-1252',
      separator: ',',
      ajouts: 1,
      retraits: 1,
      modifications: 1,
      inchanges: 1,
    });
    const lines = await prisma.referentialReportLine.findMany({
      where: { versionId: v2 },
      orderBy: { position: 'asc' },
    });
    expect(lines.map((l) => [l.kind, l.code, l.line])).toEqual([
      ['modification', 'CON002', 3],
      ['ajout', 'ECH001', 4],
      ['retrait', 'RAD001', null],
    ]);
    expect(lines[0]?.changes).toEqual({
      libelle: { avant: 'Consultation de spécialiste', apres: 'Consultation de médecin spécialiste' },
      coefficient: { avant: 1, apres: 2 },
    });
    const ech = await prisma.referentialRow.findUniqueOrThrow({
      where: { versionId_code: { versionId: v2, code: 'ECH001' } },
    });
    expect(ech.fields).toEqual({
      libelle: 'Échographie abdominale',
      chapitre: 'Imagerie',
      lettre_cle: 'K',
      coefficient: 20,
    });
  });

  it('reads the old row the day before the change and the new one on the day itself, naming the version', async () => {
    await approveVersion(prisma, v2, msasManager);
    await scheduleVersion(prisma, v2, msasManager, { from: '2027-01-01', today: '2026-12-02' });
    const before = await asOf(prisma, 'actes', ['CON002', 'RAD001', 'ECH001', 'INCONNU'], '2026-12-31');
    const after = await asOf(prisma, 'actes', ['CON002', 'RAD001', 'ECH001', 'INCONNU'], '2027-01-01');
    expect(before.map((a) => [a.code, a.version?.number ?? null, a.fields?.coefficient ?? null])).toEqual([
      ['CON002', 1, 1],
      ['RAD001', 1, 15],
      ['ECH001', null, null],
      ['INCONNU', null, null],
    ]);
    expect(after.map((a) => [a.code, a.version?.number ?? null, a.fields?.coefficient ?? null])).toEqual([
      ['CON002', 2, 2],
      ['RAD001', null, null],
      ['ECH001', 2, 20],
      ['INCONNU', null, null],
    ]);
    expect(before[0]?.validTo).toBe('2027-01-01');

    const table = await AsOfTable.load(prisma, 'actes', '2026-12-01', '2027-01-31');
    expect(table.lookup('CON002', dayNumber('2026-12-31'))?.versionNumber).toBe(1);
    expect(table.lookup('CON002', dayNumber('2027-01-01'))?.versionNumber).toBe(2);
    expect(table.lookup('CON002', dayNumber('2026-12-09'))).toBeUndefined();
    expect(table.lookup('RAD001', dayNumber('2027-01-01'))).toBeUndefined();
    expect(table.lookup('RAD001', dayNumber('2026-12-10'))?.fields).toMatchObject({ coefficient: 15 });
  });

  it('refuses a version overlapping the scheduled one, and the database refuses overlapping rows itself', async () => {
    const v3 = await imported('actes', csv(V1));
    await approveVersion(prisma, v3.versionId, msasManager);
    await expect(
      scheduleVersion(prisma, v3.versionId, msasManager, { from: '2027-02-01', today: '2026-12-02' }),
    ).rejects.toThrow(/La version n°2 est déjà programmée au 01\/01\/2027 : annulez-la/);
    await expect(
      prisma.$executeRawUnsafe(
        `UPDATE "ReferentialRow" SET "validFrom" = '2026-12-20' WHERE "versionId" = $1 AND code = 'CON001'`,
        v3.versionId,
      ),
    ).rejects.toThrow(/ReferentialRow_no_overlap|exclusion/);
  });

  it('cancels the scheduled version: the version in force is open-ended again, then replaced at activation', async () => {
    await cancelVersion(prisma, v2, msasManager);
    const later = await asOf(prisma, 'actes', ['CON002', 'RAD001'], '2027-06-01');
    expect(later.map((a) => a.version?.number)).toEqual([1, 1]);
    expect(later[0]?.validTo).toBeNull();
    const v4 = await imported('actes', csv([HEADER, 'CON001;Consultation;Consultations;C;1']));
    await approveVersion(prisma, v4.versionId, msasManager);
    await scheduleVersion(prisma, v4.versionId, msasManager, { from: '2027-03-01', today: '2026-12-02' });
    // Postponed before it comes into force.
    await scheduleVersion(prisma, v4.versionId, msasManager, { from: '2027-04-01', today: '2026-12-02' });
    expect((await asOf(prisma, 'actes', ['RAD001'], '2027-03-15'))[0]?.version?.number).toBe(1);
    const { replacedId } = await activateVersion(prisma, v4.versionId, '2027-04-01');
    expect(replacedId).toBe(v1);
    const archived = await prisma.referentialVersion.findUniqueOrThrow({ where: { id: v1 } });
    expect(archived.status).toBe('remplacee');
    // Archived, never deleted: its rows still answer for the days it was in force.
    expect(await prisma.referentialRow.count({ where: { versionId: v1 } })).toBe(3);
    expect((await asOf(prisma, 'actes', ['RAD001'], '2027-03-31'))[0]?.version?.number).toBe(1);
  });

  it('rejects a version with its reason; a reason is required', async () => {
    const v5 = await imported('actes', csv(V1));
    await expect(rejectVersion(prisma, v5.versionId, msasManager, '  ')).rejects.toThrow(/Donnez le motif du rejet/);
    await rejectVersion(prisma, v5.versionId, msasManager, 'Chapitres à revoir');
    expect(await prisma.referentialVersion.findUniqueOrThrow({ where: { id: v5.versionId } })).toMatchObject({
      status: 'rejetee',
      rejectionReason: 'Chapitres à revoir',
    });
    await expect(approveVersion(prisma, v5.versionId, msasManager)).rejects.toThrow(/elle est « Rejetée »/);
  });
});

async function workbook(rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Feuil1');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('a workbook', () => {
  it('is read like its CSV: dates stay days, numbers amounts, with the same checks', async () => {
    const file = await workbook([
      ['code', 'denomination', 'dci', 'forme', 'dosage', 'conditionnement', 'prix_public', 'date_amm'],
      [
        'MED100001',
        'Paracétamol Teranga',
        'paracétamol',
        'comprimé',
        '500 mg',
        'boîte de 16',
        1250,
        new Date(Date.UTC(2019, 2, 15)),
      ],
      [],
      [
        'MED100002',
        { richText: [{ text: 'Amoxi' }, { text: 'cilline' }] },
        'amoxicilline',
        'gélule',
        '',
        '',
        { formula: '2*1050', result: 2100 },
        '',
      ],
      ['MED100001', 'Doublon', '', 'comprimé', '', '', '', ''],
    ]);
    const result = await importReferentialVersion(prisma, {
      referential: 'medicaments',
      file,
      fileName: 'medicaments.xlsx',
      title: 'classeur',
      importedBy: 'agent-dpm',
    });
    expect(result).toMatchObject({ status: 'brouillon', summary: { separator: 'xlsx', lignes: 3, invalides: 1 } });
    if ('problem' in result) return;
    const [dup] = await prisma.referentialReportLine.findMany({ where: { versionId: result.versionId } });
    expect(dup).toMatchObject({ line: 5, reason: 'Code en double : il figure déjà ligne 2.' });

    const clean = await importReferentialVersion(prisma, {
      referential: 'medicaments',
      file: await workbook([
        ['code', 'denomination', 'dci', 'forme', 'dosage', 'conditionnement', 'prix_public', 'date_amm'],
        [
          'MED100001',
          'Paracétamol Teranga',
          'paracétamol',
          'comprimé',
          '500 mg',
          'boîte de 16',
          1250,
          new Date(Date.UTC(2019, 2, 15)),
        ],
        [
          'MED100002',
          { richText: [{ text: 'Amoxi' }, { text: 'cilline' }] },
          'amoxicilline',
          'gélule',
          '',
          '',
          { formula: '2*1050', result: 2100 },
          '',
        ],
      ]),
      fileName: 'medicaments.xlsx',
      title: 'classeur',
      importedBy: 'agent-dpm',
    });
    expect(clean).toMatchObject({ status: 'validee', summary: { valides: 2 } });
    if ('problem' in clean) return;
    const rows = await prisma.referentialRow.findMany({
      where: { versionId: clean.versionId },
      orderBy: { code: 'asc' },
    });
    expect(rows.map((r) => r.fields)).toEqual([
      {
        denomination: 'Paracétamol Teranga',
        dci: 'paracétamol',
        forme: 'comprimé',
        dosage: '500 mg',
        conditionnement: 'boîte de 16',
        prix_public: 1250,
        date_amm: '2019-03-15',
      },
      { denomination: 'Amoxicilline', dci: 'amoxicilline', forme: 'gélule', prix_public: 2100 },
    ]);
  });
});

describe('bad files', () => {
  const versionsNow = () => prisma.referentialVersion.count();
  const rowsNow = () => prisma.referentialRow.count();

  const refused = async (file: Uint8Array, code: string, message: RegExp, maxBytes?: number) => {
    const [versions, rows] = [await versionsNow(), await rowsNow()];
    const result = await importReferentialVersion(prisma, {
      referential: 'actes',
      file,
      fileName: 'x.csv',
      title: 'x',
      importedBy: msasAgent.id,
      maxBytes,
    });
    expect(result).toMatchObject({ problem: { code } });
    if ('problem' in result) expect(result.problem.message).toMatch(message);
    expect([await versionsNow(), await rowsNow()]).toEqual([versions, rows]);
  };

  it('refuses the whole file, storing nothing', async () => {
    await refused(new Uint8Array(), 'fichier-vide', /vide/);
    await refused(csv([HEADER]), 'fichier-vide', /que sa ligne d’en-tête/);
    await refused(csv(V1), 'fichier-trop-gros', /au-delà de la limite/, 100);
    await refused(Buffer.from(`\uFEFF${V1.join('\n')}`, 'utf16le'), 'encodage', /UTF-16/);
    await refused(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'classeur-illisible', /ne peut pas être lu comme un XLSX/);
    await refused(new Uint8Array([0x41, 0, 0x42, 0]), 'fichier-binaire', /pas un fichier texte/);
    await refused(
      await workbook([
        ['code', 'libelle', 'chapitre', 'coefficient'],
        ['CON001', 'a', 'b', 1],
      ]),
      'colonnes-manquantes',
      /la colonne « lettre_cle » \(première ligne de la première feuille\)/,
    );
    await refused(csv(V1.map((l) => l.replaceAll(';', '|'))), 'separateur', /ni le point-virgule ni la virgule/);
    await refused(
      csv(['code;libelle;chapitre;coefficient', 'CON001;a;b;1']),
      'colonnes-manquantes',
      /la colonne « lettre_cle »/,
    );
    await refused(csv([`${HEADER};prix`, 'CON001;a;b;c;1;2']), 'colonnes-inconnues', /« prix »/);
    await refused(csv([HEADER, 'CON001;"Consultation;Consultations;C;1']), 'guillemet-non-ferme', /ligne 2/);
  });

  it('keeps a file with invalid lines as a draft with its reasons, none of its rows loaded', async () => {
    const rows = await rowsNow();
    const result = await importReferentialVersion(prisma, {
      referential: 'actes',
      file: csv([
        HEADER,
        'CON001;Consultation;Consultations;C;1',
        'con2;Mauvais code;Consultations;C;1',
        'CON001;Doublon;Consultations;C;1',
        'CON003;;Consultations;C;un',
        'CON004;Trop de colonnes;Consultations;C;1;2',
      ]),
      fileName: 'x.csv',
      title: 'x',
      importedBy: msasAgent.id,
    });
    expect(result).toMatchObject({ status: 'brouillon', summary: { lignes: 5, invalides: 4 } });
    if ('problem' in result) return;
    const lines = await prisma.referentialReportLine.findMany({
      where: { versionId: result.versionId },
      orderBy: { position: 'asc' },
    });
    expect(lines.map((l) => [l.line, l.kind])).toEqual([
      [3, 'invalide'],
      [4, 'invalide'],
      [5, 'invalide'],
      [6, 'invalide'],
    ]);
    expect(lines[0]?.reason).toMatch(
      /Code « con2 » hors du format attendu \(trois lettres majuscules et trois chiffres/,
    );
    expect(lines[1]?.reason).toBe('Code en double : il figure déjà ligne 2.');
    expect(lines[2]?.reason).toMatch(
      /« Libellé » est obligatoire\. « Coefficient » : « un » n’est pas un nombre entier\./,
    );
    expect(lines[3]?.reason).toBe('La ligne a 6 colonnes, l’en-tête en a 5.');
    expect(await rowsNow()).toBe(rows);
    await expect(approveVersion(prisma, result.versionId, msasManager)).rejects.toThrow(/elle est « Brouillon/);
  });

  it('checks dates, and references to another referential in force', async () => {
    const medicines = await importReferentialVersion(prisma, {
      referential: 'medicaments',
      file: csv([
        'code;denomination;dci;forme;dosage;conditionnement;prix_public;date_amm',
        'MED000001;Paracétamol;paracétamol;comprimé;500 mg;boîte de 16;1 250;15/03/2019',
        'MED000002;Amoxicilline;amoxicilline;gélule;500 mg;boîte de 12;2 100;2019-02-30',
      ]),
      fileName: 'm.csv',
      title: 'm',
      importedBy: 'agent-dpm',
    });
    expect(medicines).toMatchObject({ status: 'brouillon', summary: { invalides: 1 } });
    if ('problem' in medicines) return;
    const [bad] = await prisma.referentialReportLine.findMany({ where: { versionId: medicines.versionId } });
    expect(bad?.reason).toMatch(/« Date de l’autorisation de mise sur le marché » : « 2019-02-30 » n’est pas une date/);

    // Acts in force on 2026-12-02: none yet in this database at that day but those of version 1 from 2026-12-10.
    const tariffs = await importReferentialVersion(prisma, {
      referential: 'tarifs',
      file: csv(['code;montant;plafond', 'CON001;5 000;', 'ZZZ999;1000;']),
      fileName: 't.csv',
      title: 't',
      importedBy: 'agent-min',
      day: '2026-12-15',
    });
    expect(tariffs).toMatchObject({ status: 'brouillon', summary: { invalides: 1 } });
    if ('problem' in tariffs) return;
    const [unknown] = await prisma.referentialReportLine.findMany({ where: { versionId: tariffs.versionId } });
    expect(unknown).toMatchObject({ code: 'ZZZ999', line: 3 });
    expect(unknown?.reason).toBe(
      '« Code » : le code « ZZZ999 » n’existe pas dans le référentiel « actes » en vigueur au 15/12/2026.',
    );
  });

  it('loads a tariff whose acts are in force, for the ministry', async () => {
    const tariffs = await inForce(
      'tarifs',
      csv(['code;montant;plafond', 'CON001;5 000;4000']),
      '2026-12-20',
      ministryManager,
      '2026-12-15',
    );
    expect(tariffs.summary).toMatchObject({ valides: 1, ajouts: 1 });
    expect((await asOf(prisma, 'tarifs', ['CON001'], '2026-12-20'))[0]?.fields).toEqual({
      montant: 5000,
      plafond: 4000,
    });
  });
});

describe('the administrative division, level by level', () => {
  it('takes régions, their départements and their communes', async () => {
    const result = await imported(
      'decoupage',
      csv([
        'code;niveau;nom;parent',
        'SN-TH;region;Thiès;',
        'SN-TH-MBOUR;departement;Mbour;SN-TH',
        'SN-TH-MBOUR-SALY;commune;Saly Portudal;SN-TH-MBOUR',
      ]),
    );
    expect(result).toMatchObject({ status: 'validee', summary: { valides: 3, invalides: 0 } });
  });

  it('refuses a commune whose département is unknown or is a région, and a département without its région', async () => {
    const result = await importReferentialVersion(prisma, {
      referential: 'decoupage',
      file: csv([
        'code;niveau;nom;parent',
        'SN-TH;region;Thiès;',
        'SN-TH-MBOUR;departement;Mbour;SN-TH',
        'SN-TH-MBOUR-SALY;commune;Saly Portudal;SN-TH-MBOUR',
        'SN-TH-TIVAOUANE-PIRE;commune;Pire;SN-TH-TIVAOUANE',
        'SN-TH-NOTTO;commune;Notto;SN-TH',
        'SN-TH-THIES;departement;Thiès;',
        'SN-KD;region;Kédougou;SN-TH',
      ]),
      fileName: 'decoupage.csv',
      title: 'communes',
      importedBy: 'agent-ansd',
    });
    expect(result).toMatchObject({ status: 'brouillon', summary: { lignes: 7, valides: 3, invalides: 4 } });
    if ('problem' in result) return;
    const lines = await prisma.referentialReportLine.findMany({
      where: { versionId: result.versionId },
      orderBy: { line: 'asc' },
    });
    expect(lines.map((l) => [l.line, l.code, l.reason])).toEqual([
      [5, 'SN-TH-TIVAOUANE-PIRE', '« Code du parent » : le code « SN-TH-TIVAOUANE » n’est pas dans le fichier.'],
      [6, 'SN-TH-NOTTO', 'Une commune a pour parent un département : « SN-TH » est une région.'],
      [7, 'SN-TH-THIES', 'Un département a pour parent une région : indiquez son code dans la colonne « parent ».'],
      [8, 'SN-KD', 'Une région n’a pas de parent : videz la colonne « parent ».'],
    ]);
    expect(await prisma.referentialRow.count({ where: { versionId: result.versionId } })).toBe(0);
  });
});
