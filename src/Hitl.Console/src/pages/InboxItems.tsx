// The waiting items of one queue, re-read when the inbox sees a change of that queue.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import { describeError } from './ConversationLogic';
import { dueCell, formatWait, reasonsText, waitedSeconds } from './InboxLogic';

const InboxQueueItemsDocument = graphql(`
  query InboxQueueItems($name: String!) {
    queue(name: $name) {
      name
      items {
        id
        kind
        priority
        enqueuedAt
        dueAt
        assignedTo
        reasons { reason detail score }
        conversation { id status }
      }
    }
  }
`);

export const ClaimDocument = graphql(`
  mutation Claim($id: ID!) {
    claim(workItemId: $id) { id kind queue priority enqueuedAt conversation { id status } }
  }
`);

/** A display clock for waiting times and SLA countdowns (not a data poll). */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

export function QueueItems({
  queue,
  revision,
  onClaimed,
}: {
  queue: string;
  /** Bumped by the inbox on every (non-stale) queueChanged event of this queue. */
  revision: number;
  onClaimed: (conversationId: string) => void;
}) {
  const [result, requery] = useQuery({ query: InboxQueueItemsDocument, variables: { name: queue } });
  const [claimState, claim] = useMutation(ClaimDocument);
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const now = useNow(1000);

  // Re-read after a change (debounced: one command can produce several events).
  const first = useRef(revision);
  useEffect(() => {
    if (revision === first.current) return;
    const t = setTimeout(() => requery({ requestPolicy: 'network-only' }), 150);
    return () => clearTimeout(t);
  }, [revision, requery]);

  const onClaim = async (itemId: string) => {
    const r = await claim({ id: itemId });
    setErrors((p) => ({ ...p, [itemId]: describeError(r.error) }));
    const item = r.data?.claim;
    if (item) onClaimed(item.conversation.id);
    else requery({ requestPolicy: 'network-only' });
  };

  const items = result.data?.queue?.items ?? [];
  const titleId = `inbox-items-${queue}`;
  return (
    <section aria-labelledby={titleId} className="inbox-items">
      <h3 id={titleId}>Waiting in {queue}</h3>
      {result.error ? <p role="alert">Could not load the items: {describeError(result.error)}</p> : null}
      {items.length === 0 ? (
        <p>{result.fetching ? 'Loading…' : 'Nothing waiting.'}</p>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={titleId}>
            <thead>
              <tr>
                <th scope="col">Conversation</th>
                <th scope="col">Kind</th>
                <th scope="col">Priority</th>
                <th scope="col">Reasons</th>
                <th scope="col">Waiting</th>
                <th scope="col">SLA due</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((it) => {
                const due = dueCell(it.dueAt, now);
                return (
                  <tr key={it.id} className={due.breached ? 'inbox-breached' : undefined}>
                    <td>
                      <Link to={`/conversations/${encodeURIComponent(it.conversation.id)}`}>
                        Conversation {it.conversation.id}
                      </Link>
                    </td>
                    <td>{it.kind === 'DRAFT_REVIEW' ? 'Draft review' : 'Handoff'}</td>
                    <td>{it.priority}</td>
                    <td title={it.reasons.map((r) => r.detail).join('\n')}>{reasonsText(it.reasons)}</td>
                    <td>{formatWait(waitedSeconds(it.enqueuedAt, now))}</td>
                    <td>
                      {due.breached ? <strong>Breached</strong> : null} {due.text}
                    </td>
                    <td>
                      <button
                        type="button"
                        onClick={() => void onClaim(it.id)}
                        disabled={claimState.fetching || !!it.assignedTo}
                        aria-label={`Claim conversation ${it.conversation.id}`}
                      >
                        Claim
                      </button>
                      {errors[it.id] ? <p role="alert">{errors[it.id]}</p> : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
