import { frenchDay } from '../calendar.ts';
import { childRightsEnd, type RightsSettings } from './rights.ts';

// Whether a dependant (ayant droit) may be declared, by the eligibility rules of the settings: the
// children's age limit and its extension for students with a school certificate, the number of
// spouses, the pieces asked for each kind. Pure: the one-by-one declaration
// (services/enrolment/add-dependant.ts) and the workforce import's line report
// (services/enrolment/workforce-file.ts) both ask it, so that a dependant refused one way is refused
// the other. Each refusal names its rule.

export interface EligibilitySettings extends RightsSettings {
  piecesConjoint: readonly string[];
  piecesEnfant: readonly string[];
  piecesEnfantEtudiant: readonly string[];
  nombreMaximumConjoints: number;
}

export type EligibilityRule = 'naissance_future' | 'limite_age' | 'nombre_conjoints' | 'pieces';

export interface EligibilityRefusal {
  rule: EligibilityRule;
  /** French: the rule, then what is wrong and what to do. */
  message: string;
}

export interface DependantCandidate {
  kind: 'conjoint' | 'enfant';
  birthDate: string;
  studentCertificateUntil: string | null;
  /**
   * The kinds of piece received (`acte_naissance`…); null where pieces are collected afterwards (a
   * workforce file carries none).
   */
  pieces: readonly string[] | null;
}

export const PIECE_LABELS: Readonly<Record<string, string>> = {
  acte_mariage: 'acte de mariage',
  acte_naissance: 'acte de naissance',
  certificat_scolarite: 'certificat de scolarité',
  certificat_vie: 'certificat de vie',
};

const pieceLabel = (piece: string) => PIECE_LABELS[piece] ?? piece.replaceAll('_', ' ');

/** The pieces a candidate must bring: its kind's, and a student's when it claims the extension. */
export function requiredPieces(candidate: Omit<DependantCandidate, 'pieces'>, settings: EligibilitySettings): string[] {
  if (candidate.kind === 'conjoint') return [...settings.piecesConjoint];
  return [
    ...settings.piecesEnfant,
    ...(candidate.studentCertificateUntil !== null ? settings.piecesEnfantEtudiant : []),
  ];
}

/** Every rule `candidate` breaks on `asOf` (empty: eligible). `spousesAlready`: the participant's spouses declared before. */
export function dependantRefusals(
  candidate: DependantCandidate,
  options: { asOf: string; settings: EligibilitySettings; spousesAlready: number },
): EligibilityRefusal[] {
  const { asOf, settings } = options;
  const refusals: EligibilityRefusal[] = [];
  if (candidate.birthDate > asOf)
    refusals.push({
      rule: 'naissance_future',
      message: 'Ayant droit refusé — date de naissance dans le futur : vérifiez-la.',
    });
  if (candidate.kind === 'enfant') {
    const end = childRightsEnd(
      {
        id: '',
        kind: 'enfant',
        birthDate: candidate.birthDate,
        studentCertificateUntil: candidate.studentCertificateUntil,
      },
      settings,
    );
    if (end.day <= asOf)
      refusals.push({
        rule: 'limite_age',
        message: end.student
          ? `Ayant droit refusé — règle de la limite d’âge des enfants (${settings.ageLimiteEnfant} ans, ${settings.ageLimiteEnfantEtudiant} ans pour un étudiant avec un certificat de scolarité en cours) : plus de droits depuis le ${frenchDay(end.day)}.`
          : `Ayant droit refusé — règle de la limite d’âge des enfants (${settings.ageLimiteEnfant} ans) : plus de droits depuis le ${frenchDay(end.day)} ; un étudiant garde ses droits jusqu’à ${settings.ageLimiteEnfantEtudiant} ans avec un certificat de scolarité en cours (sa date de fin : colonne « certificat_scolarite_jusquau » d’un fichier).`,
      });
  }
  if (candidate.kind === 'conjoint' && options.spousesAlready >= settings.nombreMaximumConjoints)
    refusals.push({
      rule: 'nombre_conjoints',
      message: `Ayant droit refusé — règle du nombre de conjoints : un participant déclare au plus ${settings.nombreMaximumConjoints} conjoint(s), et ${options.spousesAlready} le sont déjà.`,
    });
  if (candidate.pieces !== null) {
    const missing = requiredPieces(candidate, settings).filter((p) => !candidate.pieces?.includes(p));
    if (missing.length > 0)
      refusals.push({
        rule: 'pieces',
        message: `Ayant droit refusé — pièces exigées pour un ${candidate.kind === 'conjoint' ? 'conjoint' : 'enfant'} : ${missing.map(pieceLabel).join(', ')} manquant(e)s ; joignez-les et déclarez-le à nouveau.`,
      });
  }
  return refusals;
}
