import { describe, expect, it } from 'vitest';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import {
  type PolicyData,
  addTyped,
  errorCode,
  errorText,
  formToInput,
  formatExpiry,
  isManager,
  mergeQueues,
  parseInteger,
  parseNumber,
  policyToForm,
  splitPhrases,
} from './SettingsLogic';

const policy: PolicyData = {
  version: 3,
  minConfidence: 0.35,
  outOfScopeBelow: 0.15,
  reviewBelow: 0.35,
  negativeSentiment: -0.5,
  repeatSimilarity: 0.8,
  defaultQueue: 'support',
  slaSeconds: 300,
  sensitiveTopics: [{ name: 'legal', phrases: ['lawyer', 'sue you'], queue: 'legal', priority: 3 }],
  amountRules: [{ name: 'large-refund', phrases: ['refund'], above: 100, queue: 'billing', priority: 2 }],
};

describe('policy form', () => {
  it('round-trips: an untouched form sends nothing', () => {
    const { input, errors } = formToInput(policyToForm(policy), policy);
    expect(errors).toEqual({});
    expect(input).toEqual({});
  });

  it('sends only the changed fields (so the server moves reviewBelow with minConfidence)', () => {
    const form = { ...policyToForm(policy), minConfidence: '0.5', defaultQueue: ' general ' };
    expect(formToInput(form, policy).input).toEqual({ minConfidence: 0.5, defaultQueue: 'general' });
  });

  it('replaces a whole list when one item changes, phrases one per line', () => {
    const form = policyToForm(policy);
    form.sensitiveTopics[0]!.phrases = 'lawyer\n\n  attorney  \n';
    const { input } = formToInput(form, policy);
    expect(input.sensitiveTopics).toEqual([{ name: 'legal', phrases: ['lawyer', 'attorney'], queue: 'legal', priority: 3 }]);
    expect(input.amountRules).toBeUndefined();
  });

  it('flags what cannot be sent, and leaves ranges to the server', () => {
    const form = { ...policyToForm(policy), minConfidence: 'abc', slaSeconds: '1.5', repeatSimilarity: '7' };
    form.amountRules[0]!.above = '';
    form.amountRules[0]!.priority = 'x';
    const { input, errors } = formToInput(form, policy);
    expect(Object.keys(errors).sort()).toEqual(['amountRules.0.above', 'amountRules.0.priority', 'minConfidence', 'slaSeconds']);
    expect(input.repeatSimilarity).toBe(7); // out of range, but the server judges it
  });

  it('parses numbers strictly', () => {
    expect(parseNumber(' 0.4 ')).toBe(0.4);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('Infinity')).toBeNull();
    expect(parseInteger('300')).toBe(300);
    expect(parseInteger('3.5')).toBeNull();
    expect(splitPhrases(' a \n\nb')).toEqual(['a', 'b']);
  });
});

describe('queues and roles', () => {
  it('merges known and chosen queue names', () => {
    expect(mergeQueues(['support', 'billing'], ['vip', 'billing', ' '])).toEqual(['billing', 'support', 'vip']);
    expect(addTyped(['support'], 'vip, gold  support')).toEqual(['support', 'vip', 'gold']);
  });

  it('managers and admins are managers', () => {
    expect(isManager('MANAGER')).toBe(true);
    expect(isManager('ADMIN')).toBe(true);
    expect(isManager('AGENT')).toBe(false);
    expect(isManager(undefined)).toBe(false);
  });
});

describe('errors and expiry', () => {
  it('shows the server code and message', () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError('minConfidence must be in [0, 1].', { extensions: { code: 'BAD_USER_INPUT' } })],
    });
    expect(errorCode(error)).toBe('BAD_USER_INPUT');
    expect(errorText(error)).toBe('BAD_USER_INPUT: minConfidence must be in [0, 1].');
  });

  it('says when an invite expires', () => {
    const now = Date.parse('2026-12-03T10:00:00Z');
    expect(formatExpiry('2026-12-03T10:30:00Z', now)).toMatch(/^in 30 min \(/);
    expect(formatExpiry('2026-12-04T10:00:00Z', now)).toMatch(/^in 24 h \(/);
    expect(formatExpiry('2026-12-03T09:00:00Z', now)).toMatch(/^expired/);
  });
});
