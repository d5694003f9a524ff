// Transfer, hand back and resolve, each with its server error next to it.
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { type ConversationState, describeError } from './ConversationLogic';
import {
  ConversationAgentsDocument,
  ConversationHandBackDocument,
  ConversationQueuesDocument,
  ConversationResolveDocument,
  ConversationTransferDocument,
} from './ConversationOperations';

export function ConversationActions({
  state,
  onChanged,
}: {
  state: ConversationState;
  onChanged: (s: ConversationState) => void;
}) {
  const id = state.id;
  const [queues] = useQuery({ query: ConversationQueuesDocument });
  // Managers only; for an agent it fails and the agent id is typed.
  const [agents] = useQuery({ query: ConversationAgentsDocument });
  const [transferState, transfer] = useMutation(ConversationTransferDocument);
  const [handBackState, handBack] = useMutation(ConversationHandBackDocument);
  const [resolveState, resolve] = useMutation(ConversationResolveDocument);
  const [to, setTo] = useState<'queue' | 'agent'>('queue');
  const [target, setTarget] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<{ transfer?: string; handBack?: string; resolve?: string }>({});
  const [done, setDone] = useState<string>();

  const resolved = state.status === 'RESOLVED';

  const onTransfer = async (e: FormEvent) => {
    e.preventDefault();
    const t = target.trim();
    if (!t) return setErrors((p) => ({ ...p, transfer: `Choose ${to === 'queue' ? 'a queue' : 'an agent'}.` }));
    const r = await transfer({
      input: {
        conversationId: id,
        queue: to === 'queue' ? t : null,
        agentId: to === 'agent' ? t : null,
        note: note.trim() || null,
      },
    });
    setErrors((p) => ({ ...p, transfer: describeError(r.error) }));
    if (r.data?.transfer) {
      onChanged(r.data.transfer);
      setNote('');
      setTarget('');
      setDone(`Transferred to ${to === 'queue' ? 'queue' : 'agent'} ${t}.`);
    }
  };

  const onHandBack = async () => {
    const r = await handBack({ id });
    setErrors((p) => ({ ...p, handBack: describeError(r.error) }));
    if (r.data?.handBack) {
      onChanged(r.data.handBack);
      setDone('Handed back to the bot.');
    }
  };

  const onResolve = async () => {
    const r = await resolve({ id });
    setErrors((p) => ({ ...p, resolve: describeError(r.error) }));
    if (r.data?.resolve) {
      onChanged(r.data.resolve);
      setDone('Resolved.');
    }
  };

  const queueNames = queues.data?.queues.map((q) => q.name) ?? [];
  const agentList = agents.data?.agents ?? [];

  return (
    <section aria-labelledby="conv-actions-title" className="card conv-actions">
      <h2 id="conv-actions-title">Actions</h2>
      {done ? (
        <p role="status">
          {done}{' '}
          {state.owner.kind !== 'AGENT' ? <Link to="/inbox">Back to the inbox</Link> : null}
        </p>
      ) : null}
      <form onSubmit={(e) => void onTransfer(e)} aria-labelledby="conv-transfer-title">
        <h3 id="conv-transfer-title">Transfer</h3>
        <fieldset>
          <legend>Transfer to</legend>
          <label className="choice">
            <input type="radio" name="conv-transfer-to" checked={to === 'queue'} onChange={() => { setTo('queue'); setTarget(''); }} />
            A queue
          </label>
          <label className="choice">
            <input type="radio" name="conv-transfer-to" checked={to === 'agent'} onChange={() => { setTo('agent'); setTarget(''); }} />
            An agent
          </label>
        </fieldset>
        {to === 'queue' ? (
          <p>
            <label htmlFor="conv-transfer-queue">Transfer to queue</label>{' '}
            <input
              id="conv-transfer-queue"
              list="conv-queue-names"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              autoComplete="off"
            />
            <datalist id="conv-queue-names">
              {queueNames.map((n) => (
                <option key={n} value={n} />
              ))}
            </datalist>
          </p>
        ) : (
          <p>
            <label htmlFor="conv-transfer-agent">Transfer to agent (id)</label>{' '}
            <input
              id="conv-transfer-agent"
              list="conv-agent-ids"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              autoComplete="off"
            />
            <datalist id="conv-agent-ids">
              {agentList.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name ?? a.id}
                </option>
              ))}
            </datalist>
          </p>
        )}
        <p>
          <label htmlFor="conv-transfer-note">Transfer note (optional)</label>
          <textarea id="conv-transfer-note" value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={2000} />
        </p>
        <button type="submit" disabled={transferState.fetching || resolved}>
          Transfer
        </button>
        {errors.transfer ? <p role="alert">{errors.transfer}</p> : null}
      </form>
      <div className="conv-action">
        <button type="button" onClick={() => void onHandBack()} disabled={handBackState.fetching || resolved}>
          Hand back to the bot
        </button>
        {errors.handBack ? <p role="alert">{errors.handBack}</p> : null}
      </div>
      <div className="conv-action">
        <button type="button" onClick={() => void onResolve()} disabled={resolveState.fetching || resolved}>
          Resolve
        </button>
        {errors.resolve ? <p role="alert">{errors.resolve}</p> : null}
      </div>
    </section>
  );
}
