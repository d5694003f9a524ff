import { describe, expect, it } from 'vitest';
import {
  barLength,
  formatCsat,
  formatDuration,
  formatPercent,
  humanize,
  isNewer,
  niceMax,
  parseWindow,
  share,
  sortReasons,
} from './BoardLogic';

describe('board formatting', () => {
  it('formats rates as percentages and null as no data', () => {
    expect(formatPercent(0.8571)).toBe('85.7 %');
    expect(formatPercent(1)).toBe('100 %');
    expect(formatPercent(0)).toBe('0 %');
    expect(formatPercent(null)).toBe('no data yet');
    expect(formatPercent(Number.NaN)).toBe('no data yet');
  });

  it('formats durations with units', () => {
    expect(formatDuration(13.4)).toBe('13 s');
    expect(formatDuration(300)).toBe('5 min');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(7440)).toBe('2 h 4 min');
    expect(formatDuration(undefined)).toBe('no data yet');
  });

  it('formats CSAT on the 1..5 scale', () => {
    expect(formatCsat(4.333)).toBe('4.3 / 5');
    expect(formatCsat(5)).toBe('5.0 / 5');
    expect(formatCsat(null)).toBe('no ratings yet');
  });

  it('humanizes enum codes', () => {
    expect(humanize('LOW_CONFIDENCE')).toBe('Low confidence');
    expect(humanize('RULE')).toBe('Rule');
  });

  it('parses the window, DAY by default', () => {
    expect(parseWindow('WEEK')).toBe('WEEK');
    expect(parseWindow('nonsense')).toBe('DAY');
    expect(parseWindow(null)).toBe('DAY');
  });

  it('computes shares without dividing by zero', () => {
    expect(share(3, 4)).toBe(0.75);
    expect(share(0, 0)).toBeNull();
  });
});

describe('chart scaling', () => {
  it('rounds the axis up to 1, 2 or 5 x 10^k and never returns 0 or NaN', () => {
    expect(niceMax([2, 1])).toBe(2);
    expect(niceMax([3])).toBe(5);
    expect(niceMax([13, 13, 300], 60)).toBe(500);
    expect(niceMax([])).toBe(1);
    expect(niceMax([0, null, Number.NaN])).toBe(1);
    expect(niceMax([1000])).toBe(1000);
  });

  it('bar lengths stay within the track', () => {
    expect(barLength(5, 10, 200)).toBe(100);
    expect(barLength(20, 10, 200)).toBe(200);
    expect(barLength(null, 10, 200)).toBe(0);
    expect(barLength(-1, 10, 200)).toBe(0);
    expect(barLength(1, 0, 200)).toBe(0);
  });

  it('sorts reasons by count and drops zeros', () => {
    expect(
      sortReasons([
        { reason: 'RULE', count: 1 },
        { reason: 'MANUAL', count: 0 },
        { reason: 'EXPLICIT_REQUEST', count: 2 },
        { reason: 'OUT_OF_SCOPE', count: 1 },
      ]).map((r) => r.reason),
    ).toEqual(['EXPLICIT_REQUEST', 'OUT_OF_SCOPE', 'RULE']);
  });
});

describe('live ordering', () => {
  const at = (window: string, to: string) => ({ window, to });
  it('takes a newer board of the same window and drops stale or other-window ones', () => {
    expect(isNewer(null, at('DAY', '2026-12-03T10:00:00Z'), 'DAY')).toBe(true);
    expect(isNewer(at('DAY', '2026-12-03T10:00:00Z'), at('DAY', '2026-12-03T10:00:05Z'), 'DAY')).toBe(true);
    expect(isNewer(at('DAY', '2026-12-03T10:00:05Z'), at('DAY', '2026-12-03T10:00:00Z'), 'DAY')).toBe(false);
    expect(isNewer(at('DAY', '2026-12-03T10:00:00Z'), at('WEEK', '2026-12-03T11:00:00Z'), 'DAY')).toBe(false);
    expect(isNewer(at('HOUR', '2026-12-03T11:00:00Z'), at('DAY', '2026-12-03T10:00:00Z'), 'DAY')).toBe(true);
  });
});
