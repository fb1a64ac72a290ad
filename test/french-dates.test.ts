import { Document, Packer } from 'docx';
import { describe, expect, it } from 'vitest';
import { frenchDate, frenchDateTime, frenchDay, frenchMonthOf } from '../processes/calendar.ts';
import { letterhead } from '../services/documents/letterhead.ts';
import { describeInput } from '../ui/src/lib/fields.ts';
import { formatDate, formatDateTime, formatDay } from '../ui/src/lib/format.ts';
import { docxText } from './support/docx-text.ts';

// Dates as French writes them: the first of a month is « 1er », in the portal, in mail and in the
// official documents; a month is « avril 2020 », not `2020-04`.

const first = new Date('2026-12-01T09:30:00Z');

describe('French dates', () => {
  it('write the first of a month « 1er », and other days as numbers', () => {
    expect(frenchDate(first)).toBe('1er décembre 2026');
    expect(frenchDateTime(first)).toBe('1er décembre 2026 à 09:30');
    expect(frenchDate(new Date('2026-12-11T09:30:00Z'))).toBe('11 décembre 2026');
    expect(frenchDate(new Date('2026-12-21T09:30:00Z'))).toBe('21 décembre 2026');
    expect(frenchDay('2019-04-01')).toBe('1er avril 2019');
    expect(formatDate(first.toISOString())).toBe('1er décembre 2026');
    expect(formatDateTime(first.toISOString())).toBe('1er décembre 2026 à 09:30');
    expect(formatDay('2030-07-01')).toBe('1er juillet 2030');
  });

  it('write a month in words', () => {
    expect(frenchMonthOf('2020-04')).toBe('avril 2020');
    expect(frenchMonthOf('2020-13')).toBe('2020-13');
    expect(
      describeInput({ periode: '2020-04' }, [{ periode: { type: 'text', label: 'Mois rapporté (AAAA-MM)' } }]),
    ).toEqual([{ label: 'Mois rapporté (AAAA-MM)', value: 'avril 2020' }]);
  });

  it('date official documents « Dakar, le 1er décembre 2026 »', async () => {
    const document = new Document({ sections: [{ children: [letterhead('2026/DPS/0001', first)] }] });
    const { body } = await docxText(await Packer.toBuffer(document));
    expect(body).toContain('Dakar, le 1er décembre 2026');
  });
});

describe('the history of a deposit', () => {
  it('names the piece deposited', () => {
    const schema = {
      pieces: {
        type: 'pieces',
        label: 'Pièces du dossier',
        options: [
          { value: 'statuts', label: 'Statuts de l’IPM' },
          { value: 'effectifs', label: 'État des effectifs salariés' },
        ],
      },
    };
    expect(describeInput({ pieces: { statuts: 'doc-1' } }, [schema as never])).toEqual([
      { label: 'Pièce déposée', value: 'Statuts de l’IPM' },
    ]);
  });
});
