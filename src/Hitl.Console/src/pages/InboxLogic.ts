// Pure helpers of the inbox's waiting items.
import { slaText } from './ConversationLogic';

/** Seconds an item has waited at `now` (never negative). */
export function waitedSeconds(enqueuedAt: string, now: number): number {
  return Math.max(0, (now - Date.parse(enqueuedAt)) / 1000);
}

/** The SLA cell: "—" without a due time, else the countdown or how long ago it was breached. */
export function dueCell(dueAt: string | null | undefined, now: number): { text: string; breached: boolean } {
  if (!dueAt) return { text: '—', breached: false };
  return slaText(dueAt, now);
}

export function reasonsText(reasons: readonly { reason: string }[]): string {
  if (reasons.length === 0) return '—';
  return reasons
    .map((r) => {
      const s = r.reason.replace(/_/g, ' ').toLowerCase();
      return s.charAt(0).toUpperCase() + s.slice(1);
    })
    .join(', ');
}

export function formatWait(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
