import { readDay } from '../../processes/calendar.ts';
import { dependantRefusals, type EligibilitySettings } from '../../processes/enrolment/eligibility.ts';
import {
  compactIdentifier,
  DEFAULT_IDENTIFIER_FORMATS,
  type IdentifierFormats,
  type IdentifierKind,
  identifierProblem,
} from '../../processes/enrolment/identifiers.ts';
import type { RightsSettings } from '../../processes/enrolment/rights.ts';
import { type CsvRecord, readCsvRecords } from '../portfolio/csv-records.ts';
import { looksLikeXlsx } from '../referentials/xlsx.ts';
import { eligibilitySettingsOf } from './rights-at.ts';
import { readWorkforceXlsx, type WorkforceRecords } from './workforce-xlsx.ts';

// A workforce file (the documented template, docs/enrolment-template.md), CSV or XLSX: one line per participant
// (`type` P) followed by or mixed with their dependants (`type` A, naming their participant by
// matricule). Read and checked line by line here, without the database: layout, encoding, each
// field, duplicates within the file, dependants' eligibility. What only the database knows (already
// active elsewhere) is checked by the import (./import-workforce.ts).

export const WORKFORCE_COLUMNS = [
  'type',
  'matricule',
  'piece',
  'numero',
  'nom',
  'prenoms',
  'date_naissance',
  'sexe',
  'salaire',
  'date_embauche',
  'lien',
  'certificat_scolarite_jusquau',
] as const;

export interface ParticipantLine {
  line: number;
  matricule: string;
  identifierKind: IdentifierKind;
  /** The identifier as typed, compacted: kept in memory only, to be encrypted and indexed. */
  identifier: string;
  lastName: string;
  firstNames: string;
  birthDate: string;
  sex: 'F' | 'M';
  salary: number;
  hireDate: string;
}

export interface DependantLine {
  line: number;
  participantMatricule: string;
  /** Its rank among its participant's dependants in the file, from 1. */
  rank: number;
  kind: 'conjoint' | 'enfant';
  lastName: string;
  firstNames: string;
  birthDate: string;
  studentCertificateUntil: string | null;
}

export interface LineProblem {
  line: number;
  problems: string[];
}

export type WorkforceReading =
  | { ok: false; fileProblem: string }
  | { ok: true; participants: ParticipantLine[]; dependants: DependantLine[]; refused: LineProblem[]; lines: number };

const fileProblem = (text: string): WorkforceReading => ({ ok: false, fileProblem: text });

/** `YYYY-MM-DD` or `JJ/MM/AAAA`, as spreadsheets write them. */
function readDate(text: string): string | null {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : text;
  return readDay(iso) === null ? null : iso;
}

export interface ReadOptions {
  /** The day eligibility is judged on (the import's date). */
  asOf: string;
  /** The rights' settings, and the eligibility rules' (the configured ones where absent). */
  settings: RightsSettings | EligibilitySettings;
  formats?: IdentifierFormats;
}

/** Reads a workforce file, CSV or XLSX (told apart by their first bytes: a workbook is a ZIP archive). */
export async function readWorkforceFile(bytes: Uint8Array, options: ReadOptions): Promise<WorkforceReading> {
  const xlsx = looksLikeXlsx(bytes);
  const read = xlsx ? await readWorkforceXlsx(bytes) : readWorkforceCsv(bytes);
  if (!read.ok) return fileProblem(read.fileProblem);
  return checkWorkforceRecords(read.records, xlsx ? 'xlsx' : 'csv', options);
}

function readWorkforceCsv(bytes: Uint8Array): WorkforceRecords {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return {
      ok: false,
      fileProblem:
        'Le fichier n’est pas en UTF-8 (sans doute un export Windows-1252 d’un tableur) : enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) » et importez-le à nouveau. Rien n’a été importé.',
    };
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') return { ok: false, fileProblem: 'Le fichier est vide : aucun participant importé.' };
  const csv = readCsvRecords(text);
  if (csv.unclosedQuoteLine !== null)
    return {
      ok: false,
      fileProblem: `Ligne ${csv.unclosedQuoteLine} : un guillemet ouvert n’est jamais refermé. Corrigez la ligne ; rien n’a été importé.`,
    };
  return { ok: true, records: csv.records };
}

/** The same checks whatever the format: the header, then each line. */
function checkWorkforceRecords(records: CsvRecord[], format: 'csv' | 'xlsx', options: ReadOptions): WorkforceReading {
  const [header, ...rows] = records;
  const names = (header?.fields ?? []).map((f) => f.trim().toLowerCase());
  const missing = WORKFORCE_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0 || names.length !== WORKFORCE_COLUMNS.length)
    return fileProblem(
      (format === 'csv'
        ? `La première ligne doit nommer les colonnes du modèle, séparées par des points-virgules : ${WORKFORCE_COLUMNS.join(';')}.`
        : `La première ligne de la première feuille doit nommer les colonnes du modèle, une par cellule : ${WORKFORCE_COLUMNS.join(', ')}.`) +
        (missing.length > 0 ? ` Colonnes absentes : ${missing.join(', ')}.` : ' Le fichier a des colonnes en trop.') +
        ' Rien n’a été importé.',
    );
  if (rows.length === 0)
    return fileProblem('Le fichier ne contient que la ligne des colonnes : aucun participant importé.');
  const at = Object.fromEntries(WORKFORCE_COLUMNS.map((c) => [c, names.indexOf(c)])) as Record<
    (typeof WORKFORCE_COLUMNS)[number],
    number
  >;

  const participants: ParticipantLine[] = [];
  const dependants: DependantLine[] = [];
  const refused: LineProblem[] = [];
  const byIdentifier = new Map<string, number>();
  const byMatricule = new Map<string, number>();
  const ranks = new Map<string, number>();
  const spouses = new Map<string, number>();
  const eligibility: EligibilitySettings = { ...eligibilitySettingsOf(), ...options.settings };
  const formats = options.formats ?? DEFAULT_IDENTIFIER_FORMATS;

  for (const record of rows) {
    if (record.fields.length !== WORKFORCE_COLUMNS.length) {
      refused.push({
        line: record.line,
        problems: [
          format === 'csv'
            ? `La ligne a ${record.fields.length} champs au lieu de ${WORKFORCE_COLUMNS.length} : vérifiez les points-virgules.`
            : `La ligne a ${record.fields.length} cellules au lieu de ${WORKFORCE_COLUMNS.length} : effacez les cellules à droite de la dernière colonne du modèle.`,
        ],
      });
      continue;
    }
    const get = (c: (typeof WORKFORCE_COLUMNS)[number]) => (record.fields[at[c]] ?? '').trim();
    const problems: string[] = [];
    const required = (c: (typeof WORKFORCE_COLUMNS)[number], label: string) => {
      const v = get(c);
      if (v === '') problems.push(`${label} manquant(e) : renseignez la colonne « ${c} ».`);
      return v;
    };
    const date = (c: (typeof WORKFORCE_COLUMNS)[number], label: string, optional = false) => {
      const v = get(c);
      if (v === '') {
        if (!optional) problems.push(`${label} manquante : renseignez la colonne « ${c} » (AAAA-MM-JJ ou JJ/MM/AAAA).`);
        return null;
      }
      const d = readDate(v);
      if (!d) problems.push(`${label} « ${v} » invalide : attendu AAAA-MM-JJ ou JJ/MM/AAAA, une date qui existe.`);
      return d;
    };
    const type = get('type').toUpperCase();
    const matricule = required('matricule', 'Matricule de solde');
    const lastName = required('nom', 'Nom');
    const firstNames = required('prenoms', 'Prénoms');
    const birthDate = date('date_naissance', 'Date de naissance');

    if (type === 'P') {
      const piece = get('piece').toLowerCase();
      const kind: IdentifierKind | null = piece === 'nin' ? 'nin' : piece === 'cmu' ? 'cmu' : null;
      if (!kind)
        problems.push(`Pièce « ${get('piece')} » inconnue : attendu NIN (citoyen sénégalais) ou CMU (étranger).`);
      const sexText = get('sexe').toUpperCase();
      const sex = sexText === 'F' || sexText === 'M' ? sexText : null;
      if (!sex) problems.push('Sexe manquant ou invalide : attendu F ou M.');
      const identifier = compactIdentifier(get('numero'));
      const idProblem = kind ? identifierProblem(kind, identifier, sex ?? undefined, formats) : undefined;
      if (idProblem) problems.push(idProblem);
      const salaryText = get('salaire').replace(/[\s\u00a0\u202f]/g, '');
      const salary = /^\d{1,10}$/.test(salaryText) ? Number(salaryText) : null;
      if (salary === null) problems.push('Salaire manquant ou invalide : un nombre entier de FCFA, sans décimales.');
      const hireDate = date('date_embauche', 'Date d’embauche');
      if (kind && !idProblem) {
        const key = `${kind}:${identifier}`;
        const first = byIdentifier.get(key);
        if (first !== undefined)
          problems.push(
            `Doublon dans le fichier : même ${kind === 'nin' ? 'NIN' : 'numéro CMU'} que la ligne ${first}.`,
          );
        else byIdentifier.set(key, record.line);
      }
      if (matricule) {
        const first = byMatricule.get(matricule);
        if (first !== undefined)
          problems.push(`Doublon dans le fichier : même matricule de solde que la ligne ${first}.`);
        else byMatricule.set(matricule, record.line);
      }
      if (problems.length > 0 || !kind || !sex || salary === null || !hireDate || !birthDate) {
        refused.push({ line: record.line, problems });
        continue;
      }
      participants.push({
        line: record.line,
        matricule,
        identifierKind: kind,
        identifier,
        lastName,
        firstNames,
        birthDate,
        sex,
        salary,
        hireDate,
      });
    } else if (type === 'A') {
      const lien = get('lien').toLowerCase();
      const kind = lien === 'conjoint' || lien === 'enfant' ? lien : null;
      if (!kind) problems.push(`Lien « ${get('lien')} » inconnu : attendu conjoint ou enfant.`);
      const certificate = date('certificat_scolarite_jusquau', 'Date de fin du certificat de scolarité', true);
      if (kind && birthDate) {
        // The same rules as a dependant declared one by one; a file carries no pieces (collected afterwards).
        const spousesAlready = kind === 'conjoint' ? (spouses.get(matricule) ?? 0) : 0;
        for (const refusal of dependantRefusals(
          { kind, birthDate, studentCertificateUntil: certificate, pieces: null },
          { asOf: options.asOf, settings: eligibility, spousesAlready },
        ))
          problems.push(refusal.message);
      }
      if (problems.length > 0 || !kind || !birthDate) {
        refused.push({ line: record.line, problems });
        continue;
      }
      if (kind === 'conjoint') spouses.set(matricule, (spouses.get(matricule) ?? 0) + 1);
      const rank = (ranks.get(matricule) ?? 0) + 1;
      ranks.set(matricule, rank);
      dependants.push({
        line: record.line,
        participantMatricule: matricule,
        rank,
        kind,
        lastName,
        firstNames,
        birthDate,
        studentCertificateUntil: certificate,
      });
    } else {
      refused.push({
        line: record.line,
        problems: [`Type « ${get('type')} » inconnu : attendu P (participant) ou A (ayant droit).`, ...problems],
      });
    }
  }
  // A dependant whose participant is not a valid line of the file has nobody to attach to.
  const known = new Set(participants.map((p) => p.matricule));
  const attached = dependants.filter((d) => {
    if (known.has(d.participantMatricule)) return true;
    refused.push({
      line: d.line,
      problems: [
        byMatricule.has(d.participantMatricule)
          ? `Ayant droit refusé : son participant (ligne ${byMatricule.get(d.participantMatricule)}) est refusé.`
          : `Ayant droit refusé : aucun participant de matricule de solde « ${d.participantMatricule} » dans le fichier.`,
      ],
    });
    return false;
  });
  refused.sort((a, b) => a.line - b.line);
  return { ok: true, participants, dependants: attached, refused, lines: rows.length };
}
