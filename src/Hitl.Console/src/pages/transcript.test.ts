import { describe, expect, it } from 'vitest';
import {
  type TranscriptMessage,
  authorOf,
  describeTrend,
  hasOlder,
  mergeTranscript,
  orderTranscript,
  sentimentSeries,
  sparklinePoints,
} from './transcript';

const msg = (id: string, at: string, extra: Partial<TranscriptMessage> = {}): TranscriptMessage => ({
  id,
  author: 'CUSTOMER',
  text: id,
  at,
  sources: [],
  ...extra,
});

describe('transcript', () => {
  it('merges pages and live messages by id, oldest first', () => {
    let byId = mergeTranscript({}, [msg('m3', '2026-01-01T00:00:03Z'), msg('m4', '2026-01-01T00:00:04Z')]);
    byId = mergeTranscript(byId, [msg('m1', '2026-01-01T00:00:01Z'), msg('m2', '2026-01-01T00:00:02Z')]);
    byId = mergeTranscript(byId, [msg('m4', '2026-01-01T00:00:04Z', { text: 'again' }), null, undefined]);
    expect(orderTranscript(byId).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(byId.m4!.text).toBe('again');
  });

  it('keeps the same object when nothing is added', () => {
    const byId = mergeTranscript({}, [msg('a', '2026-01-01T00:00:00Z')]);
    expect(mergeTranscript(byId, [null])).toBe(byId);
  });

  it('knows when older pages may exist', () => {
    expect(hasOlder(50, 120, false)).toBe(true);
    expect(hasOlder(120, 120, false)).toBe(false);
    expect(hasOlder(50, 120, true)).toBe(false);
    expect(hasOlder(0, undefined, false)).toBe(false);
  });

  it('names authors', () => {
    expect(authorOf({ author: 'AGENT', authorId: 'ava', authorName: 'Ava' })).toBe('Ava');
    expect(authorOf({ author: 'AGENT', authorId: 'ava', authorName: null })).toBe('ava');
    expect(authorOf({ author: 'BOT' })).toBe('Bot');
    expect(authorOf({ author: 'CUSTOMER' })).toBe('Customer');
    expect(authorOf({ author: 'SYSTEM' })).toBe('System');
  });

  it('takes the sentiment of customer messages only', () => {
    const series = sentimentSeries([
      msg('a', '1', { sentiment: -0.5 }),
      msg('b', '2', { author: 'BOT', sentiment: 0.9 }),
      msg('c', '3', { sentiment: null }),
      msg('d', '4', { sentiment: 0.25 }),
    ]);
    expect(series.map((p) => p.value)).toEqual([-0.5, 0.25]);
  });

  it('draws a sparkline with +1 at the top', () => {
    expect(sparklinePoints([], 100, 40)).toBe('');
    expect(sparklinePoints([0], 100, 40)).toBe('0,20 100,20');
    expect(sparklinePoints([1, -1, 5], 100, 40)).toBe('0,0 50,40 100,0');
  });

  it('describes the trend in words', () => {
    expect(describeTrend([])).toBe('No customer sentiment yet.');
    expect(describeTrend([-0.6])).toBe('Customer sentiment -0.60 (very negative) from 1 message.');
    expect(describeTrend([0, -0.3, -0.8])).toBe(
      'Customer sentiment over 3 messages: worsening, from 0.00 to -0.80 (very negative).',
    );
    expect(describeTrend([-0.2, 0.3])).toContain('improving');
  });
});
