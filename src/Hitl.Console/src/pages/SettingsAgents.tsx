import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { useRequery } from '../live';
import { addTyped, errorText, mergeQueues } from './SettingsLogic';

const SettingsAgentsDocument = graphql(`
  query SettingsAgents {
    agents { id name presence capacity load queues }
    queues { name }
  }
`);

const SetAgentQueuesDocument = graphql(`
  mutation SetAgentQueues($agentId: ID!, $queues: [String!]!) {
    setAgentQueues(agentId: $agentId, queues: $queues) { id name presence capacity load queues }
  }
`);

interface AgentRow {
  id: string;
  name?: string | null;
  presence: string;
  capacity: number;
  load: number;
  queues: string[];
}

export function SettingsAgents() {
  const [result, requery] = useQuery({ query: SettingsAgentsDocument });
  useRequery(useCallback(() => requery({ requestPolicy: 'network-only' }), [requery]));
  const agents = result.data?.agents ?? [];
  const known = (result.data?.queues ?? []).map((q) => q.name);

  return (
    <>
      <p className="help">
        An agent serves only the queues granted here (and chooses among them when setting presence); with no grant, the
        tenant’s default queue. Agents appear once they have signed in.
      </p>
      <p>
        <button type="button" onClick={() => requery({ requestPolicy: 'network-only' })} disabled={result.fetching}>
          Reload agents
        </button>
      </p>
      {result.error ? <p role="alert">Could not load agents: {errorText(result.error)}</p> : null}
      {result.data && agents.length === 0 ? <p>No agents yet. Invite one below; they appear after signing in.</p> : null}
      {agents.length > 0 ? (
        <div className="table-wrap">
          <table aria-labelledby="agents-title" className="agents-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Id</th>
                <th scope="col">Presence</th>
                <th scope="col">Load / capacity</th>
                <th scope="col">Granted queues</th>
                <th scope="col">Change queues</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <AgentRowView key={a.id} agent={a} known={known} onSaved={() => requery({ requestPolicy: 'network-only' })} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

function AgentRowView({ agent, known, onSaved }: { agent: AgentRow; known: string[]; onSaved: () => void }) {
  const [, setQueues] = useMutation(SetAgentQueuesDocument);
  const [editing, setEditing] = useState(false);
  const [chosen, setChosen] = useState<string[]>(agent.queues);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState(false);
  const who = agent.name ?? agent.id;
  const options = mergeQueues(known, chosen);
  const idBase = `agent-${agent.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  // Keyboard: opening the editor moves focus into it; closing it returns focus to its button.
  const editor = useRef<HTMLFieldSetElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) editor.current?.querySelector<HTMLInputElement>('input')?.focus();
    else if (wasEditing.current) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const open = () => {
    setChosen(agent.queues);
    setTyped('');
    setError(undefined);
    setStatus(undefined);
    setEditing(true);
  };

  const toggle = (q: string, on: boolean) =>
    setChosen((prev) => (on ? [...new Set([...prev, q])] : prev.filter((x) => x !== q)));

  const save = async () => {
    const queues = addTyped(chosen, typed);
    setBusy(true);
    setError(undefined);
    const r = await setQueues({ agentId: agent.id, queues });
    setBusy(false);
    if (r.error || !r.data) {
      setChosen(queues);
      setTyped('');
      setError(r.error ? errorText(r.error) : 'No answer from the server.');
      return;
    }
    setEditing(false);
    const now = r.data.setAgentQueues.queues;
    setStatus(`Saved: ${now.length ? now.join(', ') : 'no grant (default queue)'}.`);
    onSaved();
  };

  return (
    <tr>
      <td>{agent.name ?? '—'}</td>
      <td>{agent.id}</td>
      <td>{agent.presence.charAt(0) + agent.presence.slice(1).toLowerCase()}</td>
      <td>
        {agent.load} / {agent.capacity}
      </td>
      <td>{agent.queues.length ? agent.queues.join(', ') : 'none (default queue)'}</td>
      <td>
        {editing ? (
          <fieldset
            className="queue-editor"
            disabled={busy}
            ref={editor}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setEditing(false);
                setError(undefined);
              }
            }}
          >
            <legend>Queues for {who}</legend>
            {options.map((q) => (
              <label key={q} className="choice">
                <input type="checkbox" checked={chosen.includes(q)} onChange={(e) => toggle(q, e.target.checked)} />
                {q}
              </label>
            ))}
            <div className="field">
              <label htmlFor={`${idBase}-new`}>New queue for {who}</label>
              <input
                id={`${idBase}-new`}
                value={typed}
                placeholder="e.g. vip"
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void save();
                  }
                }}
              />
            </div>
            <button type="button" onClick={() => void save()}>
              Save queues for {who}
            </button>{' '}
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setError(undefined);
              }}
            >
              Cancel
            </button>
          </fieldset>
        ) : (
          <button type="button" onClick={open} aria-label={`Edit queues for ${who}`} ref={editButton}>
            Edit queues
          </button>
        )}
        {error ? (
          <p role="alert" className="form-error">
            Not saved. {error}
          </p>
        ) : null}
        <span role="status" className="form-saved">
          {status ?? ''}
        </span>
      </td>
    </tr>
  );
}
