// Pure helpers of the Board page: formatting, scaling and event ordering (unit-tested).

export type BoardWindow = 'HOUR' | 'DAY' | 'WEEK' | 'ALL';

export const WINDOWS: { value: BoardWindow; label: string }[] = [
  { value: 'HOUR', label: 'Last hour' },
  { value: 'DAY', label: 'Last 24 hours' },
  { value: 'WEEK', label: 'Last 7 days' },
  { value: 'ALL', label: 'All time' },
];

export function parseWindow(value: string | null | undefined): BoardWindow {
  return WINDOWS.some((w) => w.value === value) ? (value as BoardWindow) : 'DAY';
}

const finite = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/** A rate in [0,1] as a percentage with one decimal at most; "no data yet" when null. */
export function formatPercent(rate: number | null | undefined): string {
  if (!finite(rate)) return 'no data yet';
  const p = Math.round(rate * 1000) / 10;
  return `${p} %`;
}

/** Seconds as "42 s", "3 min 5 s", "2 h 4 min"; "no data yet" when null. */
export function formatDuration(seconds: number | null | undefined): string {
  if (!finite(seconds)) return 'no data yet';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** A CSAT mean on the 1..5 scale, e.g. "4.3 / 5"; "no ratings yet" when null. */
export function formatCsat(score: number | null | undefined): string {
  if (!finite(score)) return 'no ratings yet';
  return `${(Math.round(score * 10) / 10).toFixed(1)} / 5`;
}

/** "LOW_CONFIDENCE" -> "Low confidence". */
export function humanize(code: string): string {
  const words = code.toLowerCase().split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The share `part / whole` in [0,1], or null when whole is 0. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/**
 * An axis maximum a little above every value (and the reference line), rounded to 1, 2 or 5 × 10^k,
 * so bars never overflow and an all-zero chart still has a scale. Never 0, never NaN.
 */
export function niceMax(values: (number | null | undefined)[], minimum = 1): number {
  const top = Math.max(minimum, ...values.filter(finite));
  if (!(top > 0)) return 1;
  const exp = Math.pow(10, Math.floor(Math.log10(top)));
  for (const step of [1, 2, 5, 10]) {
    if (step * exp >= top) return step * exp;
  }
  return 10 * exp;
}

/** A bar's length in [0, width] for `value` on a 0..max axis; 0 for null/negative/NaN. */
export function barLength(value: number | null | undefined, max: number, width: number): number {
  if (!finite(value) || value <= 0 || !(max > 0)) return 0;
  return Math.min(width, (value / max) * width);
}

/**
 * Whether a live scoreboard should replace the shown one: same window and not older (`to` is the
 * end of the window, i.e. when it was computed). Drops a stale event arriving after a fresh query.
 */
export function isNewer(
  shown: { window: string; to: string } | null | undefined,
  incoming: { window: string; to: string },
  window: string,
): boolean {
  if (incoming.window !== window) return false;
  if (!shown || shown.window !== window) return true;
  return Date.parse(incoming.to) >= Date.parse(shown.to);
}

/** Reasons with a count, most frequent first (ties by name), for the bar chart. */
export function sortReasons<T extends { reason: string; count: number }>(reasons: readonly T[]): T[] {
  return reasons.filter((r) => r.count > 0).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}
