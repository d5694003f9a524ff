// Pure logic of the review and knowledge pages (no React): formatting, merging, error text.
import type { CombinedError } from 'urql';

export interface ReviewMessage {
  id: string;
  author: string;
  text: string;
  at: string;
}

export interface ReviewDraft {
  id: string;
  text: string;
  confidence: number;
  sources: string[];
}

export interface ReviewItem {
  id: string;
  kind: string;
  queue: string;
  priority: number;
  enqueuedAt: string;
  assignedTo?: string | null;
  draft?: ReviewDraft | null;
  conversation: {
    id: string;
    status: string;
    pendingDraft?: ReviewDraft | null;
    messages: ReviewMessage[];
  };
}

export interface ReviewEntry {
  item: ReviewItem;
  /** The caller holds the item (it came from `me.assignments` or a claim). */
  held: boolean;
}

/** The draft of an item: its own, else the conversation's pending one. */
export function draftOf(item: ReviewItem): ReviewDraft | null {
  return item.draft ?? item.conversation.pendingDraft ?? null;
}

/** The customer's question: the newest CUSTOMER message (the one the draft answers). */
export function customerQuestion(messages: readonly ReviewMessage[]): string | null {
  const last = [...messages].reverse().find((m) => m.author === 'CUSTOMER');
  return last ? last.text : null;
}

/** A confidence in [0,1] as a whole percentage, e.g. "61 %"; "—" when unknown. */
export function formatPercent(value: number | null | undefined): string {
  if (value == null || Number.isNaN(value)) return '—';
  const p = Math.round(Math.min(1, Math.max(0, value)) * 100);
  return `${p} %`;
}

/** Article titles for source ids, in order; an unknown id (deleted article) shows as the id. */
export function sourceTitles(
  ids: readonly string[],
  articles: readonly { id: string; title: string }[],
): { id: string; title: string; known: boolean }[] {
  const byId = new Map(articles.map((a) => [a.id, a.title]));
  return ids.map((id) => {
    const title = byId.get(id);
    return { id, title: title ?? id, known: title !== undefined };
  });
}

/**
 * The review list: the items the caller holds (draft reviews only) first, then the queue's
 * waiting items it does not hold; each once, oldest first within each group.
 */
export function mergeReviewItems(
  queueItems: readonly ReviewItem[],
  held: readonly ReviewItem[],
): ReviewEntry[] {
  const mine = held.filter((i) => i.kind === 'DRAFT_REVIEW');
  const mineIds = new Set(mine.map((i) => i.id));
  const byAge = (a: ReviewItem, b: ReviewItem) => a.enqueuedAt.localeCompare(b.enqueuedAt);
  return [
    ...[...mine].sort(byAge).map((item) => ({ item, held: true })),
    ...queueItems
      .filter((i) => i.kind === 'DRAFT_REVIEW' && !mineIds.has(i.id))
      .map((item) => ({ item, held: false })),
  ];
}

/** An AGENT must hold an item before reviewing it; managers and admins review from the queue. */
export function mustTakeFirst(role: string, held: boolean): boolean {
  return role === 'AGENT' && !held;
}

/** The GraphQL error codes of a failed operation (`extensions.code`). */
export function errorCodes(error: CombinedError | undefined | null): string[] {
  if (!error) return [];
  return error.graphQLErrors
    .map((e) => e.extensions?.code)
    .filter((c): c is string => typeof c === 'string');
}

/** "CODE: message" for each GraphQL error, or the network error's message. */
export function errorText(error: CombinedError | undefined | null): string | null {
  if (!error) return null;
  if (error.graphQLErrors.length > 0) {
    return error.graphQLErrors
      .map((e) => {
        const code = e.extensions?.code;
        return typeof code === 'string' ? `${code}: ${e.message}` : e.message;
      })
      .join(' ');
  }
  return error.networkError ? `Network error: ${error.networkError.message}` : error.message;
}

/** What a failed review action means for the reviewer, in words. */
export function reviewFailure(error: CombinedError): string {
  const codes = errorCodes(error);
  const detail = errorText(error) ?? '';
  if (codes.includes('CONFLICT')) {
    return `Conflict: someone else took this draft, it changed, or you cannot take more now (${detail}). The list was refreshed.`;
  }
  if (codes.includes('FORBIDDEN')) {
    return `Not allowed (${detail}). An agent must take the draft first.`;
  }
  if (codes.includes('NOT_FOUND')) {
    return `This draft is gone (${detail}). The list was refreshed.`;
  }
  return detail;
}

/**
 * Versioned queue events: true when the event is new (not a duplicate or stale one).
 * A SNAPSHOT always counts and resets the version. Mutates `versions`.
 */
export function acceptQueueEvent(
  versions: Record<string, number>,
  e: { queue: string; version: number; kind: string },
): boolean {
  const known = versions[e.queue];
  if (e.kind !== 'SNAPSHOT' && known !== undefined && e.version <= known) return false;
  versions[e.queue] = e.version;
  return true;
}

/** The edited text is worth sending: not blank, and different from the draft. */
export function editProblem(draft: string, edited: string): string | null {
  if (edited.trim() === '') return 'The answer cannot be empty.';
  if (edited.trim() === draft.trim()) return 'The text is unchanged: approve the draft instead.';
  return null;
}
