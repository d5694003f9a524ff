import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import {
  type ReviewItem,
  acceptQueueEvent,
  customerQuestion,
  draftOf,
  editProblem,
  errorCodes,
  errorText,
  formatPercent,
  mergeReviewItems,
  mustTakeFirst,
  reviewFailure,
  sourceTitles,
} from './ReviewModel';

const item = (id: string, at: string, kind = 'DRAFT_REVIEW'): ReviewItem => ({
  id,
  kind,
  queue: 'review',
  priority: 0,
  enqueuedAt: at,
  draft: { id: `d-${id}`, text: 'Answer', confidence: 0.5, sources: [] },
  conversation: { id: `c-${id}`, status: 'BOT', messages: [] },
});

const gqlError = (code: string, message: string) =>
  new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code } })] });

describe('review model', () => {
  it('finds the newest customer message', () => {
    const m = (author: string, text: string) => ({ id: text, author, text, at: '' });
    expect(customerQuestion([m('CUSTOMER', 'first'), m('BOT', 'hi'), m('CUSTOMER', 'second')])).toBe('second');
    expect(customerQuestion([m('BOT', 'hi')])).toBeNull();
  });

  it('formats confidence as a clamped whole percentage', () => {
    expect(formatPercent(0.6074)).toBe('61 %');
    expect(formatPercent(1.2)).toBe('100 %');
    expect(formatPercent(null)).toBe('—');
  });

  it('names sources by article title and keeps unknown ids', () => {
    expect(sourceTitles(['a', 'x'], [{ id: 'a', title: 'Refunds' }])).toEqual([
      { id: 'a', title: 'Refunds', known: true },
      { id: 'x', title: 'x', known: false },
    ]);
  });

  it('lists held draft reviews first, then the queue without duplicates', () => {
    const q = [item('1', '2026-01-01T00:00:01Z'), item('2', '2026-01-01T00:00:02Z')];
    const mine = [item('2', '2026-01-01T00:00:02Z'), item('h', '2026-01-01T00:00:00Z', 'HANDOFF')];
    expect(mergeReviewItems(q, mine).map((e) => [e.item.id, e.held])).toEqual([
      ['2', true],
      ['1', false],
    ]);
  });

  it('falls back to the pending draft', () => {
    const i = { ...item('1', ''), draft: null };
    i.conversation = { ...i.conversation, pendingDraft: { id: 'p', text: 't', confidence: 1, sources: [] } };
    expect(draftOf(i)?.id).toBe('p');
  });

  it('makes only agents take an item first', () => {
    expect(mustTakeFirst('AGENT', false)).toBe(true);
    expect(mustTakeFirst('AGENT', true)).toBe(false);
    expect(mustTakeFirst('MANAGER', false)).toBe(false);
    expect(mustTakeFirst('ADMIN', false)).toBe(false);
  });

  it('shows error codes with messages', () => {
    const e = gqlError('CONFLICT', 'already reviewed');
    expect(errorCodes(e)).toEqual(['CONFLICT']);
    expect(errorText(e)).toBe('CONFLICT: already reviewed');
    expect(reviewFailure(e)).toContain('Conflict');
    expect(reviewFailure(e)).toContain('CONFLICT: already reviewed');
    expect(reviewFailure(gqlError('FORBIDDEN', 'Claim first'))).toContain('take the draft first');
    expect(errorText(new CombinedError({ networkError: new Error('offline') }))).toBe(
      'Network error: offline',
    );
    expect(errorText(undefined)).toBeNull();
  });

  it('drops stale and duplicate queue events; a snapshot resets', () => {
    const v: Record<string, number> = {};
    expect(acceptQueueEvent(v, { queue: 'review', version: 3, kind: 'SNAPSHOT' })).toBe(true);
    expect(acceptQueueEvent(v, { queue: 'review', version: 3, kind: 'ENQUEUED' })).toBe(false);
    expect(acceptQueueEvent(v, { queue: 'review', version: 4, kind: 'ENQUEUED' })).toBe(true);
    expect(acceptQueueEvent(v, { queue: 'review', version: 0, kind: 'SNAPSHOT' })).toBe(true);
    expect(acceptQueueEvent(v, { queue: 'review', version: 1, kind: 'REMOVED' })).toBe(true);
  });

  it('checks an edited answer', () => {
    expect(editProblem('a', '  ')).toMatch(/empty/);
    expect(editProblem('a', ' a ')).toMatch(/unchanged/);
    expect(editProblem('a', 'b')).toBeNull();
  });
});
