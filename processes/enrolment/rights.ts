import { addMonthsToDay, type DayKey, dayKey, dayNumber, frenchDay } from '../calendar.ts';

// Rights at a date — the one rule: whether a beneficiary is covered on a day, at which IPM, and if not
// why. Pure, over facts loaded beforehand (services/enrolment/rights-at.ts loads them from PostgreSQL,
// one beneficiary or many at once), so that a batch answers thousands in memory and the rights check,
// prior authorisations and claims all use this same function. Days are `YYYY-MM-DD`; every period is
// [from, to): `to` is the first day no longer covered (a departure's date), null while open.

export interface AffiliationFact {
  id: string;
  ipmId: string;
  employerId: string;
  from: DayKey;
  to: DayKey | null;
  /** Why it ended: depart, transfert or deces; null while open. */
  endReason: string | null;
}

export interface SuspensionFact {
  id: string;
  /** Set for an employer's suspension (every one of its participants and their dependants). */
  employerId: string | null;
  /** Set for one participant's own (their dependants follow). */
  participantId: string | null;
  from: DayKey;
  to: DayKey | null;
  reason: string;
}

export interface DependantFact {
  id: string;
  kind: 'conjoint' | 'enfant';
  birthDate: DayKey;
  studentCertificateUntil: DayKey | null;
  /**
   * The day its rights ended at the age limit, as the daily run wrote it (services/enrolment/age-limits.ts),
   * with the settings that run applied; absent before that run, when the rule computes the day itself.
   */
  rightsEnded?: { day: DayKey; settings: RightsSettings } | null;
}

/** Everything `rightsOn` reads about one beneficiary: their participant's periods and, for a dependant, themself. */
export interface BeneficiaryFacts {
  participantId: string;
  dependant: DependantFact | null;
  affiliations: readonly AffiliationFact[];
  /** The participant's own suspensions and those of every employer of their affiliations. */
  suspensions: readonly SuspensionFact[];
}

export interface RightsSettings {
  ageLimiteEnfant: number;
  ageLimiteEnfantEtudiant: number;
}

export type RightsCode =
  | 'couvert'
  | 'non_affilie'
  | 'depart'
  | 'transfert'
  | 'deces'
  | 'employeur_suspendu'
  | 'participant_suspendu'
  | 'limite_age';

export interface RightsAnswer {
  date: DayKey;
  covered: boolean;
  code: RightsCode;
  /** French: « Couvert par l’IPM … », or why not. */
  reason: string;
  /** When the situation that refuses began (a departure's day, a suspension's start, the age limit's day). */
  since: DayKey | null;
  ipmId: string | null;
  employerId: string | null;
  /** The facts the answer rests on, by id, and the settings it read: what an audit of the answer needs. */
  used: {
    affiliationId: string | null;
    suspensionId: string | null;
    dependantId: string | null;
    settings: Partial<RightsSettings>;
  };
}

const within = (day: DayKey, from: DayKey, to: DayKey | null) => from <= day && (to === null || day < to);

const SUSPENSION_REASONS: Record<string, string> = {
  cotisations_impayees: 'cotisations impayées',
  quote_parts_impayees: 'quote-parts impayées',
  fraude: 'fraude',
  autre: 'décision de l’IPM',
};

const ENDINGS: Record<string, { code: RightsCode; text: string }> = {
  depart: { code: 'depart', text: 'départ de l’entreprise le' },
  transfert: { code: 'transfert', text: 'transfert le' },
  deces: { code: 'deces', text: 'décès le' },
};

/** `years` years after `day` (29 February gives 28 February in a common year). */
export const addYearsToDay = (day: DayKey, years: number): DayKey => addMonthsToDay(day, 12 * years);

/**
 * The first day a child is no longer covered: the age limit's day, pushed back while a school
 * certificate runs (to the day after it ends), never past the students' age limit.
 */
export function childRightsEnd(child: DependantFact, settings: RightsSettings): { day: DayKey; student: boolean } {
  const limit = addYearsToDay(child.birthDate, settings.ageLimiteEnfant);
  const certificate = child.studentCertificateUntil;
  if (certificate === null || certificate < limit) return { day: limit, student: false };
  const studentLimit = addYearsToDay(child.birthDate, settings.ageLimiteEnfantEtudiant);
  const afterCertificate = dayKey(dayNumber(certificate) + 1);
  // Days are ISO strings: the earlier of the two is the first in order.
  return { day: [afterCertificate, studentLimit].sort()[0] as DayKey, student: true };
}

export function rightsOn(facts: BeneficiaryFacts, date: DayKey, settings: RightsSettings): RightsAnswer {
  dayNumber(date);
  const dependantId = facts.dependant?.id ?? null;
  const answer = (
    covered: boolean,
    code: RightsCode,
    reason: string,
    since: DayKey | null,
    at: { affiliation?: AffiliationFact; suspension?: SuspensionFact; settings?: Partial<RightsSettings> } = {},
  ): RightsAnswer => ({
    date,
    covered,
    code,
    reason,
    since,
    ipmId: at.affiliation?.ipmId ?? null,
    employerId: at.affiliation?.employerId ?? null,
    used: {
      affiliationId: at.affiliation?.id ?? null,
      suspensionId: at.suspension?.id ?? null,
      dependantId,
      settings: at.settings ?? {},
    },
  });

  const affiliation = facts.affiliations.find((a) => within(date, a.from, a.to));
  if (!affiliation) {
    const ended = facts.affiliations
      .filter((a) => a.to !== null && a.to <= date)
      .sort((a, b) => ((a.to ?? '') < (b.to ?? '') ? 1 : -1))[0];
    if (ended?.to && ended.endReason && ENDINGS[ended.endReason]) {
      const ending = ENDINGS[ended.endReason] as { code: RightsCode; text: string };
      return answer(
        false,
        ending.code,
        `Non couvert le ${frenchDay(date)} : ${ending.text} ${frenchDay(ended.to)}, fin des droits à cette date.`,
        ended.to,
        { affiliation: ended },
      );
    }
    const next = facts.affiliations.filter((a) => a.from > date).sort((a, b) => (a.from < b.from ? -1 : 1))[0];
    return answer(
      false,
      'non_affilie',
      next
        ? `Non couvert le ${frenchDay(date)} : pas encore affilié à cette date (affiliation à partir du ${frenchDay(next.from)}).`
        : `Non couvert le ${frenchDay(date)} : aucune affiliation à cette date.`,
      null,
    );
  }

  const suspension =
    facts.suspensions.find((s) => s.employerId === affiliation.employerId && within(date, s.from, s.to)) ??
    facts.suspensions.find((s) => s.participantId === facts.participantId && within(date, s.from, s.to));
  if (suspension) {
    const why = SUSPENSION_REASONS[suspension.reason] ?? suspension.reason;
    return suspension.employerId
      ? answer(
          false,
          'employeur_suspendu',
          `Non couvert le ${frenchDay(date)} : droits suspendus depuis le ${frenchDay(suspension.from)}, l’employeur étant en défaut (${why}).`,
          suspension.from,
          { affiliation, suspension },
        )
      : answer(
          false,
          'participant_suspendu',
          `Non couvert le ${frenchDay(date)} : droits du participant suspendus depuis le ${frenchDay(suspension.from)} (${why}).`,
          suspension.from,
          { affiliation, suspension },
        );
  }

  const dependant = facts.dependant;
  if (dependant?.kind === 'enfant') {
    // The written day is the fact; before the run that writes it, the same day computed.
    const applied = dependant.rightsEnded?.settings ?? settings;
    const used = {
      ageLimiteEnfant: applied.ageLimiteEnfant,
      ageLimiteEnfantEtudiant: applied.ageLimiteEnfantEtudiant,
    };
    const end = dependant.rightsEnded
      ? { day: dependant.rightsEnded.day, student: dependant.studentCertificateUntil !== null }
      : childRightsEnd(dependant, settings);
    if (date >= end.day)
      return answer(
        false,
        'limite_age',
        end.student
          ? `Non couvert le ${frenchDay(date)} : plus de droits depuis le ${frenchDay(end.day)} (limite d’âge des enfants : ${used.ageLimiteEnfant} ans, prolongée pour études jusqu’à la fin du certificat de scolarité, au plus ${used.ageLimiteEnfantEtudiant} ans).`
          : `Non couvert le ${frenchDay(date)} : plus de droits depuis le ${frenchDay(end.day)} (limite d’âge des enfants : ${used.ageLimiteEnfant} ans).`,
        end.day,
        { affiliation, settings: used },
      );
    return answer(true, 'couvert', `Couvert le ${frenchDay(date)}.`, affiliation.from, { affiliation, settings: used });
  }
  return answer(true, 'couvert', `Couvert le ${frenchDay(date)}.`, affiliation.from, { affiliation });
}
