import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { Presence } from '../gql/graphql';
import { useLiveSubscription, useRequery } from '../live';
import { describeError } from './ConversationLogic';
import { QueueItems } from './InboxItems';
import { formatWait } from './InboxLogic';
import './Inbox.css';

export { formatWait };

const InboxMeDocument = graphql(`
  query InboxMe {
    me {
      id
      name
      presence
      capacity
      load
      queues
      assignments { id kind queue priority enqueuedAt conversation { id status } }
    }
  }
`);

const InboxQueuesDocument = graphql(`
  query InboxQueues {
    queues { name waiting oldestWaitingSeconds }
  }
`);

const InboxQueueChangedDocument = graphql(`
  subscription InboxQueueChanged {
    queueChanged { queue version kind waiting }
  }
`);

const InboxAssignmentsDocument = graphql(`
  subscription InboxAssignments {
    assignments { id kind queue priority enqueuedAt conversation { id status } }
  }
`);

const SetPresenceDocument = graphql(`
  mutation SetPresence($input: SetPresenceInput!) {
    setPresence(input: $input) { id presence capacity load queues }
  }
`);

const AcceptNextDocument = graphql(`
  mutation AcceptNext($queue: String) {
    acceptNext(queue: $queue) { id kind queue priority enqueuedAt conversation { id status } }
  }
`);

interface Assigned {
  id: string;
  kind: string;
  queue: string;
  priority: number;
  enqueuedAt: string;
  conversation: { id: string; status: string };
}

const PRESENCES: Presence[] = ['ONLINE', 'AWAY', 'OFFLINE'];

export function Inbox() {
  const [me, requeryMe] = useQuery({ query: InboxMeDocument });
  const [queues, requeryQueues] = useQuery({ query: InboxQueuesDocument });
  const [presenceState, setPresence] = useMutation(SetPresenceDocument);
  const [acceptState, acceptNext] = useMutation(AcceptNextDocument);
  const [notice, setNotice] = useState<string>();
  const [acceptError, setAcceptError] = useState<string>();
  const navigate = useNavigate();
  // Per queue: bumped on each new queueChanged event, so that queue's waiting items are read again.
  const [revisions, setRevisions] = useState<Record<string, number>>({});

  // Live waiting counts by queue from queueChanged, until the next queues query answers;
  // versions drop duplicate or stale events.
  const [live, setLive] = useState<Record<string, number>>({});
  const versions = useRef<Record<string, number>>({});
  // Assignments seen live or accepted here, until a `me` query asked after them answers (`me` is
  // authoritative: it also drops the ones resolved or handed on). `seq` orders adds and asks.
  const [assigned, setAssigned] = useState<Record<string, Assigned & { seq: number }>>({});
  const seq = useRef(0);
  const asked = useRef(0);
  const refetchMe = useCallback(() => {
    asked.current = seq.current;
    requeryMe({ requestPolicy: 'network-only' });
  }, [requeryMe]);
  const addAssigned = (a: Assigned) => {
    const n = ++seq.current;
    setAssigned((prev) => ({ ...prev, [a.id]: { ...a, seq: n } }));
  };
  useEffect(() => setLive({}), [queues.data]);
  useEffect(() => {
    const upTo = asked.current;
    setAssigned((prev) => {
      const kept = Object.values(prev).filter((a) => a.seq > upTo);
      return kept.length === Object.keys(prev).length
        ? prev
        : Object.fromEntries(kept.map((a) => [a.id, a]));
    });
  }, [me.data]);

  const refetchQueues = useCallback(
    () => requeryQueues({ requestPolicy: 'network-only' }),
    [requeryQueues],
  );
  useRequery(() => {
    versions.current = {};
    refetchMe();
    refetchQueues();
  });

  // The oldest wait only comes from the query: re-read it shortly after queue events (debounced).
  const pending = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(pending.current), []);

  useLiveSubscription(InboxQueueChangedDocument, {}, (data) => {
    const e = data.queueChanged;
    // A SNAPSHOT (sent first on every subscribe, also after a server restart) resets the version.
    const known = versions.current[e.queue];
    if (e.kind !== 'SNAPSHOT' && known !== undefined && e.version <= known) return; // stale or duplicate
    versions.current[e.queue] = e.version;
    setLive((prev) => ({ ...prev, [e.queue]: e.waiting }));
    setRevisions((prev) => ({ ...prev, [e.queue]: (prev[e.queue] ?? 0) + 1 }));
    clearTimeout(pending.current);
    pending.current = setTimeout(refetchQueues, 300);
  });

  useLiveSubscription(InboxAssignmentsDocument, {}, (data) => {
    addAssigned(data.assignments);
    refetchMe();
  });

  const agent = me.data?.me ?? null;
  const mine = useMemo(() => {
    const all: Record<string, Assigned> = {};
    for (const a of agent?.assignments ?? []) all[a.id] = a;
    for (const a of Object.values(assigned)) all[a.id] ??= a;
    return Object.values(all).sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt));
  }, [agent, assigned]);

  // The choice shows at once (a controlled radio would otherwise spring back until `me` answers).
  const [chosen, setChosen] = useState<Presence>();
  useEffect(() => {
    if (chosen && me.data?.me?.presence === chosen) setChosen(undefined);
  }, [me.data, chosen]);

  const onPresence = async (presence: Presence) => {
    setChosen(presence);
    const r = await setPresence({ input: { presence } });
    if (r.error) {
      setChosen(undefined);
      setNotice(`Could not change presence: ${r.error.message}`);
    } else refetchMe();
  };

  const onAccept = async (queue: string | null) => {
    const r = await acceptNext({ queue });
    setAcceptError(r.error ? `Could not accept: ${describeError(r.error)}` : undefined);
    if (r.error) return;
    const item = r.data?.acceptNext;
    if (!item) return setNotice('Nothing is waiting (or you are at capacity).');
    addAssigned(item);
    setNotice(`Accepted conversation ${item.conversation.id} from ${item.queue}.`);
    refetchMe();
    refetchQueues();
    navigate(`/conversations/${encodeURIComponent(item.conversation.id)}`);
  };

  return (
    <section aria-labelledby="inbox-title" className="inbox">
      <h1 id="inbox-title">Inbox</h1>
      {notice ? <p role="status">{notice}</p> : null}
      {me.error ? <p role="alert">Could not load your agent profile: {me.error.message}</p> : null}

      {agent ? (
        <div className="card">
          <fieldset disabled={presenceState.fetching}>
            <legend>Presence</legend>
            {PRESENCES.map((p) => (
              <label key={p} className="choice">
                <input
                  type="radio"
                  name="presence"
                  value={p}
                  checked={(chosen ?? agent.presence) === p}
                  onChange={() => void onPresence(p)}
                />
                {p.charAt(0) + p.slice(1).toLowerCase()}
              </label>
            ))}
          </fieldset>
          <p>
            {agent.name ?? agent.id}: {agent.load} of {agent.capacity} conversations
          </p>
        </div>
      ) : me.fetching ? (
        <p role="status">Loading…</p>
      ) : (
        <p>This sign-in is not an agent; there is no presence to set.</p>
      )}

      <h2 id="queues-title">Queues</h2>
      {queues.error ? <p role="alert">Could not load queues: {queues.error.message}</p> : null}
      <div className="table-wrap">
      <table aria-labelledby="queues-title">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            <th scope="col">Waiting</th>
            <th scope="col">Oldest wait</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {(queues.data?.queues ?? []).map((q) => (
            <tr key={q.name}>
              <td>{q.name}</td>
              <td aria-live="polite">{live[q.name] ?? q.waiting}</td>
              <td>{formatWait(q.oldestWaitingSeconds)}</td>
              <td>
                <button
                  type="button"
                  onClick={() => void onAccept(q.name)}
                  disabled={acceptState.fetching}
                  aria-label={`Accept next from ${q.name}`}
                >
                  Accept next
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <p>
        <button type="button" onClick={() => void onAccept(null)} disabled={acceptState.fetching}>
          Accept next from any of my queues
        </button>
      </p>
      {acceptError ? <p role="alert">{acceptError}</p> : null}

      <h2 id="waiting-title">Waiting items</h2>
      {(queues.data?.queues ?? []).map((q) => (
        <QueueItems
          key={q.name}
          queue={q.name}
          revision={revisions[q.name] ?? 0}
          onClaimed={(conversationId) => {
            refetchMe();
            refetchQueues();
            navigate(`/conversations/${encodeURIComponent(conversationId)}`);
          }}
        />
      ))}

      <h2 id="mine-title">My conversations</h2>
      {mine.length === 0 ? (
        <p>None assigned to you.</p>
      ) : (
        <ul aria-labelledby="mine-title">
          {mine.map((a) => (
            <li key={a.id}>
              <Link to={`/conversations/${encodeURIComponent(a.conversation.id)}`}>
                Conversation {a.conversation.id}
              </Link>{' '}
              <span>
                {a.queue} · priority {a.priority} · {a.kind.toLowerCase().replace('_', ' ')} ·{' '}
                {a.conversation.status.toLowerCase()}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
