import { type DayKey, dayKey, dayNumber } from '../calendar.ts';
import { type BeneficiaryFacts, childRightsEnd, type RightsSettings } from './rights.ts';

// What a member card prints as its validity: the affiliation it is issued under (the one covering the
// day of issue, else the next one, else the last), from its first day to the last day known to be
// covered — the day before its end, or before a child's age limit, whichever comes first. The card
// never replaces the rights check: a suspension for unpaid contributions, for one, has no end date
// known beforehand, and rights are checked on the day of care (`rightsOn`).

export interface CardValidity {
  /** First day covered by the affiliation; null when there is no affiliation at all. */
  from: DayKey | null;
  /** Last day known to be covered; null while nothing ends it (an open affiliation, an adult). */
  until: DayKey | null;
}

export function cardValidity(facts: BeneficiaryFacts, issuedOn: DayKey, settings: RightsSettings): CardValidity {
  const byStart = [...facts.affiliations].sort((a, b) => (a.from < b.from ? -1 : 1));
  const affiliation =
    byStart.find((a) => a.from <= issuedOn && (a.to === null || issuedOn < a.to)) ??
    byStart.find((a) => a.from > issuedOn) ??
    byStart.at(-1);
  if (!affiliation) return { from: null, until: null };
  const ends: DayKey[] = [];
  if (affiliation.to !== null) ends.push(affiliation.to);
  const dependant = facts.dependant;
  if (dependant?.kind === 'enfant') ends.push(dependant.rightsEnded?.day ?? childRightsEnd(dependant, settings).day);
  // Ends are first days no longer covered; ISO days sort as dates.
  const end = ends.sort()[0];
  return { from: affiliation.from, until: end === undefined ? null : dayKey(dayNumber(end) - 1) };
}
