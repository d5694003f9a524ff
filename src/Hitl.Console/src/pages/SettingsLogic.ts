// Pure helpers of the Settings page (and the role check shared with the Board): the policy form's
// text model, its conversion to a PolicyInput with only the changed fields, and error text.
import type { CombinedError } from 'urql';

export function isManager(role: string | null | undefined): boolean {
  return role === 'MANAGER' || role === 'ADMIN';
}

/** The GraphQL `extensions.code` of the first error (FORBIDDEN, BAD_USER_INPUT, ...). */
export function errorCode(error: CombinedError | null | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

/** "BAD_USER_INPUT: minConfidence must be in [0, 1]." (the server's own message, with its code). */
export function errorText(error: CombinedError): string {
  const first = error.graphQLErrors[0];
  if (!first) return error.networkError ? `Network error: ${error.networkError.message}` : error.message;
  const code = errorCode(error);
  return code ? `${code}: ${first.message}` : first.message;
}

export interface PolicyData {
  version: number;
  minConfidence: number;
  outOfScopeBelow: number;
  reviewBelow: number;
  negativeSentiment: number;
  repeatSimilarity: number;
  defaultQueue: string;
  slaSeconds: number;
  sensitiveTopics: readonly { name: string; phrases: readonly string[]; queue: string; priority: number }[];
  amountRules: readonly { name: string; phrases: readonly string[]; above: number; queue: string; priority: number }[];
}

export interface TopicForm {
  key: string;
  name: string;
  /** One phrase per line. */
  phrases: string;
  queue: string;
  priority: string;
}

export interface RuleForm extends TopicForm {
  above: string;
}

export interface PolicyForm {
  minConfidence: string;
  outOfScopeBelow: string;
  reviewBelow: string;
  negativeSentiment: string;
  repeatSimilarity: string;
  defaultQueue: string;
  slaSeconds: string;
  sensitiveTopics: TopicForm[];
  amountRules: RuleForm[];
}

export const SCALAR_FIELDS = [
  'minConfidence',
  'outOfScopeBelow',
  'reviewBelow',
  'negativeSentiment',
  'repeatSimilarity',
] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

let keys = 0;
export const newKey = () => `row-${++keys}`;

export function policyToForm(p: PolicyData): PolicyForm {
  return {
    minConfidence: String(p.minConfidence),
    outOfScopeBelow: String(p.outOfScopeBelow),
    reviewBelow: String(p.reviewBelow),
    negativeSentiment: String(p.negativeSentiment),
    repeatSimilarity: String(p.repeatSimilarity),
    defaultQueue: p.defaultQueue,
    slaSeconds: String(p.slaSeconds),
    sensitiveTopics: p.sensitiveTopics.map((t) => ({
      key: newKey(),
      name: t.name,
      phrases: t.phrases.join('\n'),
      queue: t.queue,
      priority: String(t.priority),
    })),
    amountRules: p.amountRules.map((r) => ({
      key: newKey(),
      name: r.name,
      phrases: r.phrases.join('\n'),
      above: String(r.above),
      queue: r.queue,
      priority: String(r.priority),
    })),
  };
}

/** A number the user typed, or null when it is not one (empty, text, NaN, Infinity). */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** A whole number (GraphQL Int), or null. */
export function parseInteger(text: string): number | null {
  const n = parseNumber(text);
  return n !== null && Number.isInteger(n) && Math.abs(n) <= 2147483647 ? n : null;
}

/** Phrases, one per line; blank lines dropped, each trimmed. */
export function splitPhrases(text: string): string[] {
  return text
    .split('\n')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export interface PolicyInputShape {
  minConfidence?: number;
  outOfScopeBelow?: number;
  reviewBelow?: number;
  negativeSentiment?: number;
  repeatSimilarity?: number;
  defaultQueue?: string;
  slaSeconds?: number;
  sensitiveTopics?: { name: string; phrases: string[]; queue: string; priority: number }[];
  amountRules?: { name: string; phrases: string[]; above: number; queue: string; priority: number }[];
}

export type FormErrors = Record<string, string>;

/**
 * The PolicyInput for the fields that differ from `current` ("fields left out keep their value",
 * so a change of minConfidence alone lets the server move reviewBelow with it). Only checks what
 * the request itself needs (numbers must be numbers, Int must be whole); ranges and names are the
 * server's to judge. Error keys: field names, `sensitiveTopics.<i>.<field>`, `amountRules.<i>.<field>`.
 */
export function formToInput(
  form: PolicyForm,
  current: PolicyData,
): { input: PolicyInputShape; errors: FormErrors } {
  const input: PolicyInputShape = {};
  const errors: FormErrors = {};

  for (const field of SCALAR_FIELDS) {
    const n = parseNumber(form[field]);
    if (n === null) errors[field] = 'Enter a number, e.g. 0.35.';
    else if (n !== current[field]) input[field] = n;
  }
  const sla = parseInteger(form.slaSeconds);
  if (sla === null) errors.slaSeconds = 'Enter a whole number of seconds.';
  else if (sla !== current.slaSeconds) input.slaSeconds = sla;
  if (form.defaultQueue.trim() !== current.defaultQueue) input.defaultQueue = form.defaultQueue.trim();

  const topics = form.sensitiveTopics.map((t, i) => {
    const priority = parseInteger(t.priority);
    if (priority === null) errors[`sensitiveTopics.${i}.priority`] = 'Enter a whole number.';
    return { name: t.name.trim(), phrases: splitPhrases(t.phrases), queue: t.queue.trim(), priority: priority ?? 0 };
  });
  const currentTopics = current.sensitiveTopics.map((t) => ({ name: t.name, phrases: [...t.phrases], queue: t.queue, priority: t.priority }));
  if (JSON.stringify(topics) !== JSON.stringify(currentTopics)) input.sensitiveTopics = topics;

  const rules = form.amountRules.map((r, i) => {
    const priority = parseInteger(r.priority);
    if (priority === null) errors[`amountRules.${i}.priority`] = 'Enter a whole number.';
    const above = parseNumber(r.above);
    if (above === null) errors[`amountRules.${i}.above`] = 'Enter an amount, e.g. 100.';
    return { name: r.name.trim(), phrases: splitPhrases(r.phrases), above: above ?? 0, queue: r.queue.trim(), priority: priority ?? 0 };
  });
  const currentRules = current.amountRules.map((r) => ({ name: r.name, phrases: [...r.phrases], above: r.above, queue: r.queue, priority: r.priority }));
  if (JSON.stringify(rules) !== JSON.stringify(currentRules)) input.amountRules = rules;

  return { input, errors };
}

/** Queue names a grant may use: the tenant's queues plus any typed ones, trimmed, unique, sorted. */
export function mergeQueues(known: readonly string[], chosen: readonly string[]): string[] {
  return [...new Set([...known, ...chosen].map((q) => q.trim()).filter((q) => q !== ''))].sort((a, b) =>
    a.localeCompare(b),
  );
}

/** Adds the typed queue names (comma or space separated) to the chosen set. */
export function addTyped(chosen: readonly string[], typed: string): string[] {
  const extra = typed.split(/[\s,]+/).map((q) => q.trim()).filter((q) => q !== '');
  return [...new Set([...chosen, ...extra])];
}

/** "in 30 min (15:59)" style expiry text for an invite. */
export function formatExpiry(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return iso;
  const minutes = Math.round((at - now) / 60000);
  const clock = new Date(at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  if (minutes <= 0) return `expired (${clock})`;
  if (minutes < 120) return `in ${minutes} min (${clock})`;
  return `in ${Math.round(minutes / 60)} h (${clock})`;
}
