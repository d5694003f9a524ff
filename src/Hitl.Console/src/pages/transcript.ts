// Pure helpers for a staff transcript: merging pages and live messages, the sentiment trend.
import type { ConversationMessageFieldsFragment } from '../gql/graphql';
import { mergeById, oldestFirst } from '../messages';

export type TranscriptMessage = ConversationMessageFieldsFragment;

/** Adds messages by id (a message seen twice is kept once, the newest copy wins). */
export const mergeTranscript: (
  into: Record<string, TranscriptMessage>,
  messages: readonly (TranscriptMessage | null | undefined)[],
) => Record<string, TranscriptMessage> = mergeById;

/** Oldest first; ties broken by id so the order is stable. */
export const orderTranscript: (byId: Record<string, TranscriptMessage>) => TranscriptMessage[] = oldestFirst;

/** Whether older pages may exist: the server counts more messages than we hold, unless a page came back short. */
export function hasOlder(held: number, messageCount: number | undefined, exhausted: boolean): boolean {
  if (exhausted) return false;
  return messageCount !== undefined && held < messageCount;
}

export function authorOf(m: Pick<TranscriptMessage, 'author' | 'authorId' | 'authorName'>): string {
  switch (m.author) {
    case 'CUSTOMER':
      return 'Customer';
    case 'BOT':
      return 'Bot';
    case 'AGENT':
      return m.authorName || m.authorId || 'Agent';
    default:
      return 'System';
  }
}

export interface SentimentPoint {
  at: string;
  value: number;
}

/** Customer messages' sentiment, oldest first. */
export function sentimentSeries(messages: readonly TranscriptMessage[]): SentimentPoint[] {
  return messages
    .filter((m) => m.author === 'CUSTOMER' && typeof m.sentiment === 'number')
    .map((m) => ({ at: m.at, value: m.sentiment as number }));
}

/** SVG polyline points for values in [-1,1] in a width x height box (top is +1). */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length === 0) return '';
  const clamp = (v: number) => Math.max(-1, Math.min(1, v));
  const y = (v: number) => round(((1 - clamp(v)) / 2) * height);
  if (values.length === 1) return `0,${y(values[0]!)} ${width},${y(values[0]!)}`;
  const step = width / (values.length - 1);
  return values.map((v, i) => `${round(i * step)},${y(v)}`).join(' ');
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

export function sentimentWord(value: number): string {
  if (value <= -0.5) return 'very negative';
  if (value < -0.1) return 'negative';
  if (value <= 0.1) return 'neutral';
  if (value < 0.5) return 'positive';
  return 'very positive';
}

export function signed(value: number): string {
  const s = value.toFixed(2);
  return value > 0 ? `+${s}` : s;
}

/** The text alternative of the sparkline. */
export function describeTrend(values: readonly number[]): string {
  if (values.length === 0) return 'No customer sentiment yet.';
  const first = values[0]!;
  const last = values[values.length - 1]!;
  const n = values.length;
  if (n === 1) return `Customer sentiment ${signed(last)} (${sentimentWord(last)}) from 1 message.`;
  const delta = last - first;
  const trend = Math.abs(delta) < 0.05 ? 'steady' : delta > 0 ? 'improving' : 'worsening';
  return `Customer sentiment over ${n} messages: ${trend}, from ${signed(first)} to ${signed(last)} (${sentimentWord(last)}).`;
}
