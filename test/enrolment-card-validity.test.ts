import { describe, expect, it } from 'vitest';
import { cardValidity } from '../processes/enrolment/card-validity.ts';
import type { AffiliationFact, BeneficiaryFacts, DependantFact } from '../processes/enrolment/rights.ts';

// The validity printed on a member card: from the affiliation it is issued under to the last day known
// to be covered, on the boundaries (the day before, the day of, the day after an end).

const SETTINGS = { ageLimiteEnfant: 21, ageLimiteEnfantEtudiant: 25 };
const affiliation = (id: string, from: string, to: string | null = null): AffiliationFact => ({
  id,
  ipmId: 'IPM-1',
  employerId: 'E-1',
  from,
  to,
  endReason: to ? 'transfert' : null,
});
const facts = (affiliations: AffiliationFact[], dependant: DependantFact | null = null): BeneficiaryFacts => ({
  participantId: 'P-1',
  dependant,
  affiliations,
  suspensions: [],
});
const child = (birthDate: string, studentCertificateUntil: string | null = null): DependantFact => ({
  id: 'D-1',
  kind: 'enfant',
  birthDate,
  studentCertificateUntil,
});

describe('a member card’s validity', () => {
  it('runs from an open affiliation’s first day with no end for an adult', () => {
    expect(cardValidity(facts([affiliation('A', '2026-01-01')]), '2026-12-03', SETTINGS)).toEqual({
      from: '2026-01-01',
      until: null,
    });
  });

  it('ends the day before the affiliation ends, and follows the affiliation covering the day of issue', () => {
    const periods = [affiliation('A', '2025-01-01', '2026-06-15'), affiliation('B', '2026-06-15')];
    expect(cardValidity(facts(periods), '2026-06-14', SETTINGS)).toEqual({ from: '2025-01-01', until: '2026-06-14' });
    expect(cardValidity(facts(periods), '2026-06-15', SETTINGS)).toEqual({ from: '2026-06-15', until: null });
    // Before any affiliation: the next one; after the last has ended: that last one.
    expect(cardValidity(facts(periods), '2024-12-31', SETTINGS)).toEqual({ from: '2025-01-01', until: '2026-06-14' });
    const ended = [affiliation('A', '2025-01-01', '2026-06-15')];
    expect(cardValidity(facts(ended), '2026-06-16', SETTINGS)).toEqual({ from: '2025-01-01', until: '2026-06-14' });
    expect(cardValidity(facts([]), '2026-06-16', SETTINGS)).toEqual({ from: null, until: null });
  });

  it('ends a child’s the day before its age limit, pushed by a school certificate, whichever of the ends comes first', () => {
    const open = [affiliation('A', '2026-01-01')];
    expect(cardValidity(facts(open, child('2010-05-02')), '2026-12-03', SETTINGS)).toEqual({
      from: '2026-01-01',
      until: '2031-05-01',
    });
    // A student: covered to the certificate's last day, never past 25.
    expect(cardValidity(facts(open, child('2005-03-10', '2027-07-31')), '2026-12-03', SETTINGS).until).toBe(
      '2027-07-31',
    );
    expect(cardValidity(facts(open, child('2005-03-10', '2031-07-31')), '2026-12-03', SETTINGS).until).toBe(
      '2030-03-09',
    );
    // The affiliation ends before the age limit: its end wins.
    const ending = [affiliation('A', '2026-01-01', '2027-02-01')];
    expect(cardValidity(facts(ending, child('2010-05-02')), '2026-12-03', SETTINGS).until).toBe('2027-01-31');
    // The day the daily run wrote is the fact, whatever the settings now.
    const written = {
      ...child('2010-05-02'),
      rightsEnded: { day: '2028-05-02', settings: { ...SETTINGS, ageLimiteEnfant: 18 } },
    };
    expect(cardValidity(facts(open, written), '2026-12-03', SETTINGS).until).toBe('2028-05-01');
  });
});
