import { describe, expect, it } from 'vitest';
import { formatMf, formatMfNumber, readMf } from '../services/portfolio/mf-amounts.ts';
import { loadShippedPortfolio } from '../services/portfolio/shipped-portfolio.ts';
import { portfolioTotals } from '../services/portfolio/totals.ts';

// French spacing uses no-break spaces; compare figures as a reader sees them.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('amounts in millions of francs CFA', () => {
  it('are read exactly, in whole francs', () => {
    expect(readMf('13,5')).toEqual({ ok: true, fcfa: 13_500_000 });
    expect(readMf('29,25')).toEqual({ ok: true, fcfa: 29_250_000 });
    expect(readMf('1 855,25')).toEqual({ ok: true, fcfa: 1_855_250_000 });
    expect(readMf('0,000001')).toEqual({ ok: true, fcfa: 1 });
    expect(readMf(' 54 ')).toEqual({ ok: true, fcfa: 54_000_000 });
  });

  it('that are absent, negative, finer than a franc or not French decimals are refused', () => {
    expect(readMf('')).toEqual({ ok: false, reason: 'absent' });
    expect(readMf('-13,5')).toEqual({ ok: false, reason: 'negatif' });
    expect(readMf('0,0000001')).toEqual({ ok: false, reason: 'trop-precis' });
    for (const bad of ['13.5', '13,5 MF', '1,855,25', 'treize', '12 34'])
      expect(readMf(bad)).toMatchObject({ ok: false });
  });

  it('are written the French way, with only the decimals they have', () => {
    expect(plain(formatMf(1_855_250_000))).toBe('1 855,25 MF CFA');
    expect(plain(formatMf(434_000_000))).toBe('434 MF CFA');
    expect(plain(formatMfNumber(226_500_000))).toBe('226,5');
    expect(formatMf(0)).toBe('0\u00a0MF CFA');
  });

  it('add up with no drift where binary fractions would', () => {
    // 0,1 + 0,2 in floating point is 0,30000000000000004.
    const fcfa = (text: string) => {
      const reading = readMf(text);
      return reading.ok ? reading.fcfa : Number.NaN;
    };
    const sum = fcfa('0,1') + fcfa('0,2');
    expect(sum).toBe(300_000);
    expect(plain(formatMf(sum))).toBe('0,3 MF CFA');
  });
});

describe('the portfolio’s totals', () => {
  it('are the plan’s figures: by axis, by phase and in all', async () => {
    const { projects } = await loadShippedPortfolio();
    const totals = portfolioTotals(projects);
    expect(plain(totals.total.formatted)).toBe('1 855,25 MF CFA');
    expect(totals.total).toMatchObject({ projects: 27, costFcfa: 1_855_250_000, withoutCost: [] });
    expect(totals.byAxis.map((t) => [t.axis, t.projects, plain(t.formatted)])).toEqual([
      [1, 9, '226,5 MF CFA'],
      [2, 4, '444,5 MF CFA'],
      [3, 11, '750,25 MF CFA'],
      [4, 3, '434 MF CFA'],
    ]);
    expect(totals.byPhase.map((t) => [t.phase, t.label, t.projects, plain(t.formatted)])).toEqual([
      ['court', 'court terme', 13, '675,25 MF CFA'],
      ['moyen', 'moyen terme', 9, '863,75 MF CFA'],
      ['long', 'long terme', 5, '316,25 MF CFA'],
    ]);
    expect(totals.byAxis[0]?.label).toBe('Gouvernance du SIAMO et renforcement de l’ICAMO');
  });

  it('count a project without axis or phase in the total and in its own line, and name the uncosted', () => {
    const totals = portfolioTotals([
      { number: 1, axis: 1, phase: 'court', costFcfa: 10_500_000 },
      { number: 2, axis: null, phase: 'court', costFcfa: 2_250_000 },
      { number: 3, axis: 1, phase: null, costFcfa: null },
    ]);
    expect(totals.total).toMatchObject({ projects: 3, costFcfa: 12_750_000, withoutCost: [3] });
    expect(totals.byAxis.map((t) => [t.axis, t.projects, t.costFcfa, t.withoutCost])).toEqual([
      [1, 2, 10_500_000, [3]],
      [2, 0, 0, []],
      [3, 0, 0, []],
      [4, 0, 0, []],
      [null, 1, 2_250_000, []],
    ]);
    expect(totals.byPhase.at(-1)).toMatchObject({ phase: null, label: 'phase non renseignée', projects: 1 });
    const axes = totals.byAxis.reduce((t, a) => t + a.costFcfa, 0);
    expect(axes).toBe(totals.total.costFcfa);
  });
});
