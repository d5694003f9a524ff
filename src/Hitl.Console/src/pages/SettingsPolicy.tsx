import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { useRequery } from '../live';
import {
  type FormErrors,
  type PolicyData,
  type PolicyForm,
  type RuleForm,
  type ScalarField,
  type TopicForm,
  errorText,
  formToInput,
  newKey,
  policyToForm,
} from './SettingsLogic';

const SettingsPolicyDocument = graphql(`
  query SettingsPolicy {
    policy {
      version
      minConfidence
      outOfScopeBelow
      reviewBelow
      negativeSentiment
      repeatSimilarity
      defaultQueue
      slaSeconds
      sensitiveTopics { name phrases queue priority }
      amountRules { name phrases above queue priority }
    }
  }
`);

const UpdatePolicyDocument = graphql(`
  mutation UpdatePolicy($input: PolicyInput!) {
    updatePolicy(input: $input) {
      version
      minConfidence
      outOfScopeBelow
      reviewBelow
      negativeSentiment
      repeatSimilarity
      defaultQueue
      slaSeconds
      sensitiveTopics { name phrases queue priority }
      amountRules { name phrases above queue priority }
    }
  }
`);

const SCALARS: { field: ScalarField; label: string; help: string; step: string }[] = [
  {
    field: 'minConfidence',
    label: 'Minimum confidence',
    help: 'Bot answers below this confidence (0–1) are not sent: the conversation escalates (LOW_CONFIDENCE). At or above, the bot answers.',
    step: '0.01',
  },
  {
    field: 'outOfScopeBelow',
    label: 'Out of scope below',
    help: 'Below this confidence (0–1, at most the minimum confidence) the question is treated as outside the knowledge base and escalates as OUT_OF_SCOPE.',
    step: '0.01',
  },
  {
    field: 'reviewBelow',
    label: 'Review below',
    help: 'Answers with confidence from the minimum confidence up to (not including) this value are held as drafts for a human to review. Equal to the minimum confidence: no review.',
    step: '0.01',
  },
  {
    field: 'negativeSentiment',
    label: 'Negative sentiment threshold',
    help: 'A customer message at or below this sentiment (−1 very negative … 1 very positive) escalates as NEGATIVE_SENTIMENT.',
    step: '0.05',
  },
  {
    field: 'repeatSimilarity',
    label: 'Repeat similarity',
    help: 'A question at least this similar (above 0, up to 1) to one the bot already answered in the conversation escalates as REPEATED_FAILURE.',
    step: '0.05',
  },
];

function fieldError(errors: FormErrors, key: string, id: string) {
  const e = errors[key];
  return e ? (
    <span id={id} className="field-error">
      {e}
    </span>
  ) : null;
}

export function SettingsPolicy() {
  const [result, requery] = useQuery({ query: SettingsPolicyDocument });
  const [saving, update] = useMutation(UpdatePolicyDocument);
  const [form, setForm] = useState<PolicyForm | null>(null);
  const [base, setBase] = useState<PolicyData | null>(null);
  const [errors, setErrors] = useState<FormErrors>({});
  const [serverError, setServerError] = useState<string>();
  const [saved, setSaved] = useState<string>();
  const [dirty, setDirty] = useState(false);

  // The form follows the server's policy until the user edits it; the user's input is kept
  // (also after a failed save) until a save succeeds or they reload the policy.
  // A query answer older than the version just saved is ignored.
  const newest = useRef(0);
  useEffect(() => {
    const p = result.data?.policy;
    if (p && !dirty && p.version >= newest.current) {
      newest.current = p.version;
      setBase(p);
      setForm(policyToForm(p));
    }
  }, [result.data, dirty]);
  useRequery(useCallback(() => requery({ requestPolicy: 'network-only' }), [requery]));

  if (result.error && !form) return <p role="alert">Could not load the policy: {errorText(result.error)}</p>;
  if (!form || !base) return <p role="status">Loading the policy…</p>;

  const edit = (change: Partial<PolicyForm>) => {
    setForm({ ...form, ...change });
    setDirty(true);
    setSaved(undefined);
  };
  const editTopic = (i: number, change: Partial<TopicForm>) =>
    edit({ sensitiveTopics: form.sensitiveTopics.map((t, j) => (j === i ? { ...t, ...change } : t)) });
  const editRule = (i: number, change: Partial<RuleForm>) =>
    edit({ amountRules: form.amountRules.map((r, j) => (j === i ? { ...r, ...change } : r)) });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(undefined);
    setSaved(undefined);
    const { input, errors: found } = formToInput(form, base);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setServerError('Fix the fields marked above; nothing was sent.');
      return;
    }
    if (Object.keys(input).length === 0) {
      setSaved(`No changes to save (policy version ${base.version}).`);
      return;
    }
    const r = await update({ input });
    if (r.error || !r.data) {
      setServerError(r.error ? errorText(r.error) : 'No answer from the server.');
      return;
    }
    const p = r.data.updatePolicy;
    newest.current = Math.max(newest.current, p.version);
    setBase(p);
    setForm(policyToForm(p));
    setDirty(false);
    setSaved(`Saved: policy version ${p.version}.`);
  };

  const reload = () => {
    setDirty(false);
    setErrors({});
    setServerError(undefined);
    setSaved(undefined);
    requery({ requestPolicy: 'network-only' });
  };

  const describedBy = (id: string, key: string) => (errors[key] ? `${id}-help ${id}-error` : `${id}-help`);

  return (
    <form className="policy-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="policy-title">
      <p>
        Current version: <strong>{base.version}</strong>. Changes apply to the next customer message.
      </p>

      <fieldset>
        <legend>Thresholds</legend>
        {SCALARS.map((s) => {
          const id = `policy-${s.field}`;
          return (
            <div className="field" key={s.field}>
              <label htmlFor={id}>{s.label}</label>
              <input
                id={id}
                type="number"
                inputMode="decimal"
                step={s.step}
                value={form[s.field]}
                aria-invalid={errors[s.field] ? true : undefined}
                aria-describedby={describedBy(id, s.field)}
                onChange={(e) => edit({ [s.field]: e.target.value })}
              />
              <span id={`${id}-help`} className="help">
                {s.help}
              </span>
              {fieldError(errors, s.field, `${id}-error`)}
            </div>
          );
        })}
      </fieldset>

      <fieldset>
        <legend>Routing and SLA</legend>
        <div className="field">
          <label htmlFor="policy-defaultQueue">Default queue</label>
          <input
            id="policy-defaultQueue"
            value={form.defaultQueue}
            aria-describedby="policy-defaultQueue-help"
            onChange={(e) => edit({ defaultQueue: e.target.value })}
          />
          <span id="policy-defaultQueue-help" className="help">
            Escalations that no topic or rule routes go to this queue (letters, digits, “-”, “_”, “.”; at most 64). Agents without a grant serve it.
          </span>
        </div>
        <div className="field">
          <label htmlFor="policy-slaSeconds">SLA (seconds)</label>
          <input
            id="policy-slaSeconds"
            type="number"
            inputMode="numeric"
            step="1"
            value={form.slaSeconds}
            aria-invalid={errors.slaSeconds ? true : undefined}
            aria-describedby={describedBy('policy-slaSeconds', 'slaSeconds')}
            onChange={(e) => edit({ slaSeconds: e.target.value })}
          />
          <span id="policy-slaSeconds-help" className="help">
            Target time from an escalation to the first human message (1 s to 7 days = 604800 s); slower answers count as SLA breached.
          </span>
          {fieldError(errors, 'slaSeconds', 'policy-slaSeconds-error')}
        </div>
      </fieldset>

      <fieldset>
        <legend>Sensitive topics</legend>
        <p className="help">
          A customer message containing one of a topic’s phrases escalates at once (SENSITIVE_TOPIC) to the topic’s queue with its priority (0–10, higher is more urgent). Phrases: one per line.
        </p>
        {form.sensitiveTopics.length === 0 ? <p>No sensitive topics.</p> : null}
        {form.sensitiveTopics.map((t, i) => (
          <RouteRow
            key={t.key}
            kind="topic"
            index={i}
            row={t}
            errors={errors}
            onChange={(c) => editTopic(i, c)}
            onRemove={() => edit({ sensitiveTopics: form.sensitiveTopics.filter((_, j) => j !== i) })}
          />
        ))}
        <button
          type="button"
          onClick={() =>
            edit({
              sensitiveTopics: [...form.sensitiveTopics, { key: newKey(), name: '', phrases: '', queue: base.defaultQueue, priority: '1' }],
            })
          }
        >
          Add sensitive topic
        </button>
      </fieldset>

      <fieldset>
        <legend>Amount rules</legend>
        <p className="help">
          A message containing one of a rule’s phrases and mentioning an amount above its threshold escalates (RULE) to the rule’s queue, e.g. “refund” with “$249” over 100. Phrases: one per line.
        </p>
        {form.amountRules.length === 0 ? <p>No amount rules.</p> : null}
        {form.amountRules.map((r, i) => (
          <RouteRow
            key={r.key}
            kind="rule"
            index={i}
            row={r}
            errors={errors}
            onChange={(c) => editRule(i, c)}
            onRemove={() => edit({ amountRules: form.amountRules.filter((_, j) => j !== i) })}
          />
        ))}
        <button
          type="button"
          onClick={() =>
            edit({
              amountRules: [...form.amountRules, { key: newKey(), name: '', phrases: '', above: '100', queue: base.defaultQueue, priority: '1' }],
            })
          }
        >
          Add amount rule
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="submit" disabled={saving.fetching}>
          Save policy
        </button>
        <button type="button" onClick={reload} disabled={saving.fetching}>
          Discard changes
        </button>
        {Object.keys(formToInput(form, base).input).length > 0 ? <span className="help">Unsaved changes.</span> : null}
      </div>
      {serverError ? (
        <p role="alert" className="form-error" id="policy-error">
          Not saved. {serverError}
        </p>
      ) : null}
      <p role="status" className="form-saved">
        {saved ?? ''}
      </p>
    </form>
  );
}

interface RouteRowProps {
  kind: 'topic' | 'rule';
  index: number;
  row: TopicForm | RuleForm;
  errors: FormErrors;
  onChange: (change: Partial<RuleForm>) => void;
  onRemove: () => void;
}

/** One sensitive topic or amount rule: name, phrases, (threshold), queue, priority. */
function RouteRow({ kind, index, row, errors, onChange, onRemove }: RouteRowProps) {
  const prefix = kind === 'topic' ? 'sensitiveTopics' : 'amountRules';
  const what = kind === 'topic' ? 'Topic' : 'Rule';
  const n = index + 1;
  const id = `${prefix}-${row.key}`;
  const title = `${what} ${n}${row.name.trim() ? ` (${row.name.trim()})` : ''}`;
  const err = (f: string) => errors[`${prefix}.${index}.${f}`];
  return (
    <div className="route-row" role="group" aria-label={title}>
      <div className="field">
        <label htmlFor={`${id}-name`}>{what} {n} name</label>
        <input id={`${id}-name`} value={row.name} onChange={(e) => onChange({ name: e.target.value })} />
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-phrases`}>{what} {n} phrases (one per line)</label>
        <textarea id={`${id}-phrases`} rows={3} value={row.phrases} onChange={(e) => onChange({ phrases: e.target.value })} />
      </div>
      {'above' in row ? (
        <div className="field">
          <label htmlFor={`${id}-above`}>{what} {n} amount above</label>
          <input
            id={`${id}-above`}
            type="number"
            inputMode="decimal"
            value={row.above}
            aria-invalid={err('above') ? true : undefined}
            aria-describedby={err('above') ? `${id}-above-error` : undefined}
            onChange={(e) => onChange({ above: e.target.value })}
          />
          {err('above') ? <span id={`${id}-above-error`} className="field-error">{err('above')}</span> : null}
        </div>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-queue`}>{what} {n} queue</label>
        <input id={`${id}-queue`} value={row.queue} onChange={(e) => onChange({ queue: e.target.value })} />
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-priority`}>{what} {n} priority</label>
        <input
          id={`${id}-priority`}
          type="number"
          inputMode="numeric"
          step="1"
          value={row.priority}
          aria-invalid={err('priority') ? true : undefined}
          aria-describedby={err('priority') ? `${id}-priority-error` : undefined}
          onChange={(e) => onChange({ priority: e.target.value })}
        />
        {err('priority') ? <span id={`${id}-priority-error`} className="field-error">{err('priority')}</span> : null}
      </div>
      <button type="button" className="remove" onClick={onRemove} aria-label={`Remove ${title}`}>
        Remove
      </button>
    </div>
  );
}
