import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../gql';
import type { DraftDecision } from '../gql/graphql';
import { useLiveSubscription, useRequery } from '../live';
import { useStaffSession } from '../session';
import {
  type ReviewEntry,
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
import './Review.css';

const ReviewQueueDocument = graphql(`
  query ReviewQueue {
    queue(name: "review") {
      name
      waiting
      items(first: 100) {
        id kind queue priority enqueuedAt assignedTo
        draft { id text confidence sources }
        conversation {
          id status
          pendingDraft { id text confidence sources }
          messages(last: 20) { id author text at }
        }
      }
    }
  }
`);

const ReviewMeDocument = graphql(`
  query ReviewMe {
    me {
      id
      presence
      load
      capacity
      queues
      assignments {
        id kind queue priority enqueuedAt assignedTo
        draft { id text confidence sources }
        conversation {
          id status
          pendingDraft { id text confidence sources }
          messages(last: 20) { id author text at }
        }
      }
    }
  }
`);

const ReviewArticlesDocument = graphql(`
  query ReviewArticles {
    articles { id title }
  }
`);

const ReviewQueueChangedDocument = graphql(`
  subscription ReviewQueueChanged {
    queueChanged(queue: "review") { queue version kind waiting }
  }
`);

const ReviewAssignmentsDocument = graphql(`
  subscription ReviewAssignments {
    assignments { id kind queue }
  }
`);

const ReviewClaimDocument = graphql(`
  mutation ReviewClaim($workItemId: ID!) {
    claim(workItemId: $workItemId) { id kind queue assignedTo }
  }
`);

const ReviewAcceptNextDocument = graphql(`
  mutation ReviewAcceptNext {
    acceptNext(queue: "review") { id kind queue assignedTo conversation { id } }
  }
`);

const ReviewDraftDocument = graphql(`
  mutation ReviewDraft($input: ReviewDraftInput!) {
    reviewDraft(input: $input) { id kind queue conversation { id status } }
  }
`);

interface Outcome {
  ok: boolean;
  text: string;
}

export function Review() {
  const session = useStaffSession();
  const role = session?.role ?? 'AGENT';
  const isAgent = role === 'AGENT';

  const [queue, requeryQueue] = useQuery({ query: ReviewQueueDocument });
  const [me, requeryMe] = useQuery({ query: ReviewMeDocument, pause: !isAgent });
  const [articles, requeryArticles] = useQuery({ query: ReviewArticlesDocument });
  const [acceptState, acceptNext] = useMutation(ReviewAcceptNextDocument);
  const [notice, setNotice] = useState<Outcome>();
  // Per item: the outcome of its last action, kept after the item leaves the list.
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});

  const refetchQueue = useCallback(
    () => requeryQueue({ requestPolicy: 'network-only' }),
    [requeryQueue],
  );
  const refetchMe = useCallback(() => {
    if (isAgent) requeryMe({ requestPolicy: 'network-only' });
  }, [isAgent, requeryMe]);
  const refetchAll = useCallback(() => {
    refetchQueue();
    refetchMe();
  }, [refetchQueue, refetchMe]);

  const versions = useRef<Record<string, number>>({});
  useRequery(() => {
    versions.current = {};
    refetchAll();
    requeryArticles({ requestPolicy: 'network-only' });
  });

  // Queue events only say that the queue changed: re-read it (debounced, events come in bursts).
  const pending = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(pending.current), []);
  const forbiddenQueue = errorCodes(queue.error).includes('FORBIDDEN');
  useLiveSubscription(
    ReviewQueueChangedDocument,
    {},
    (data) => {
      if (!acceptQueueEvent(versions.current, data.queueChanged)) return;
      clearTimeout(pending.current);
      pending.current = setTimeout(refetchAll, 200);
    },
    forbiddenQueue,
  );
  useLiveSubscription(ReviewAssignmentsDocument, {}, () => refetchMe(), !isAgent);

  const meData = me.data?.me;
  const entries = useMemo(
    () => mergeReviewItems(queue.data?.queue?.items ?? [], meData?.assignments ?? []),
    [queue.data, meData],
  );
  const articleList = articles.data?.articles ?? [];

  const noGrant =
    isAgent && (forbiddenQueue || (queue.data && !queue.data.queue) || (meData && !meData.queues.includes('review')));

  const report = (itemId: string, o: Outcome) => setOutcomes((prev) => ({ ...prev, [itemId]: o }));

  const onTakeNext = async () => {
    const r = await acceptNext({});
    if (r.error) setNotice({ ok: false, text: `Could not take a draft: ${reviewFailure(r.error)}` });
    else if (!r.data?.acceptNext) setNotice({ ok: true, text: 'No draft is waiting (or you are at capacity).' });
    else setNotice({ ok: true, text: `You took the draft for conversation ${r.data.acceptNext.conversation.id}.` });
    refetchAll();
  };

  return (
    <section aria-labelledby="review-title" className="review">
      <h1 id="review-title">Review</h1>
      <p className="review-intro">
        Bot answers held for review: the customer has not seen them. Approve, edit or reject each one.
        {isAgent ? ' Take a draft before you review it.' : ' As a manager you may review straight from the queue.'}
      </p>

      {noGrant ? (
        <div className="card" role="note" aria-label="No review access">
          <h2>You do not review drafts</h2>
          <p>
            Reviewing drafts needs the <strong>review</strong> queue, and it is not one of your
            queues. Ask a manager to grant it to you (<code>setAgentQueues</code>), then open this
            page again.
          </p>
        </div>
      ) : (
        <>
          <div className="review-toolbar">
            <p role="status" aria-label="Drafts waiting" className="review-count">
              {queue.data?.queue
                ? `${queue.data.queue.waiting} waiting in the review queue`
                : queue.fetching
                  ? 'Loading…'
                  : ''}
            </p>
            {isAgent ? (
              <button type="button" onClick={() => void onTakeNext()} disabled={acceptState.fetching}>
                Take next draft
              </button>
            ) : null}
          </div>
          {meData && meData.presence !== 'ONLINE' ? (
            <p className="review-hint">
              You are {meData.presence.toLowerCase()}: set your presence to Online in the{' '}
              <Link to="/inbox">Inbox</Link> to take drafts.
            </p>
          ) : meData && meData.load >= meData.capacity ? (
            <p className="review-hint">
              You hold {meData.load} of {meData.capacity} conversations: finish one to take more.
            </p>
          ) : null}
          {notice ? (
            <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'review-ok' : 'review-error'}>
              {notice.text}
            </p>
          ) : null}
          {queue.error && !forbiddenQueue ? (
            <p role="alert" className="review-error">
              Could not load the review queue: {errorText(queue.error)}
            </p>
          ) : null}
          {me.error ? (
            <p role="alert" className="review-error">
              Could not load your assignments: {errorText(me.error)}
            </p>
          ) : null}

          {Object.entries(outcomes)
            .filter(([id]) => !entries.some((e) => e.item.id === id))
            .map(([id, o]) => (
              <p key={id} role={o.ok ? 'status' : 'alert'} className={o.ok ? 'review-ok' : 'review-error'}>
                {o.text}
              </p>
            ))}

          {entries.length === 0 && !queue.fetching ? (
            <p className="review-empty">No drafts are waiting for review.</p>
          ) : null}
          {entries.map((e) => (
            <ReviewCard
              key={e.item.id}
              entry={e}
              role={role}
              articles={articleList}
              outcome={outcomes[e.item.id]}
              report={(o) => report(e.item.id, o)}
              refresh={refetchAll}
            />
          ))}
        </>
      )}
    </section>
  );
}

interface CardProps {
  entry: ReviewEntry;
  role: string;
  articles: readonly { id: string; title: string }[];
  outcome?: Outcome;
  report(o: Outcome): void;
  refresh(): void;
}

const DONE: Record<DraftDecision, string> = {
  APPROVE: 'approved and sent',
  EDIT: 'edited and sent',
  REJECT: 'rejected; the conversation goes to a person',
};

function ReviewCard({ entry, role, articles, outcome, report, refresh }: CardProps) {
  const { item, held } = entry;
  const draft = draftOf(item);
  const question = customerQuestion(item.conversation.messages);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(draft?.text ?? '');
  const [problem, setProblem] = useState<string>();
  const [claimState, claim] = useMutation(ReviewClaimDocument);
  const [reviewState, review] = useMutation(ReviewDraftDocument);
  const busy = claimState.fetching || reviewState.fetching;
  const takeFirst = mustTakeFirst(role, held);
  const conv = item.conversation.id;
  const titleId = `review-item-${item.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const onTake = async () => {
    const r = await claim({ workItemId: item.id });
    if (r.error) report({ ok: false, text: reviewFailure(r.error) });
    else report({ ok: true, text: `You took the draft for conversation ${conv}.` });
    refresh();
  };

  const onDecide = async (decision: DraftDecision) => {
    setProblem(undefined);
    if (decision === 'EDIT') {
      const p = editProblem(draft?.text ?? '', text);
      if (p) return setProblem(p);
    }
    const r = await review({
      input: { workItemId: item.id, decision, ...(decision === 'EDIT' ? { text } : {}) },
    });
    if (r.error) {
      report({ ok: false, text: `Conversation ${conv}: ${reviewFailure(r.error)}` });
    } else {
      setEditing(false);
      report({ ok: true, text: `Draft for conversation ${conv} ${DONE[decision]}.` });
    }
    refresh();
  };

  return (
    <section aria-labelledby={titleId} className="card review-card">
      <header className="review-card-head">
        <h2 id={titleId}>Draft for conversation {conv}</h2>
        <span className="review-meta">
          {held ? 'held by you' : item.assignedTo ? `held by ${item.assignedTo}` : 'waiting'} · priority{' '}
          {item.priority} · since {new Date(item.enqueuedAt).toLocaleTimeString()}
        </span>
        <Link to={`/conversations/${encodeURIComponent(conv)}`}>Open conversation {conv}</Link>
      </header>

      <div className="review-cols">
        <div className="review-col">
          <h3>Customer asked</h3>
          <p className="review-text">{question ?? '(no customer message)'}</p>
        </div>
        <div className="review-col">
          <h3>Draft answer</h3>
          {editing ? (
            <>
              <label htmlFor={`${titleId}-edit`} className="sr-only">
                Edited answer
              </label>
              <textarea
                id={`${titleId}-edit`}
                value={text}
                rows={8}
                onChange={(ev) => setText(ev.target.value)}
              />
            </>
          ) : (
            <p className="review-text">{draft?.text ?? '(no draft)'}</p>
          )}
        </div>
        <div className="review-col">
          <h3>Confidence</h3>
          <p className="review-confidence">
            <meter aria-label="Draft confidence" min={0} max={1} value={draft?.confidence ?? 0} />{' '}
            <span>{formatPercent(draft?.confidence)}</span>
          </p>
          <h3>Sources</h3>
          {draft && draft.sources.length > 0 ? (
            <ul aria-label="Sources">
              {sourceTitles(draft.sources, articles).map((s) => (
                <li key={s.id}>{s.known ? s.title : `${s.id} (article not found)`}</li>
              ))}
            </ul>
          ) : (
            <p>No sources.</p>
          )}
        </div>
      </div>

      <div className="review-actions">
        {takeFirst ? (
          <button type="button" onClick={() => void onTake()} disabled={busy}>
            Take it
          </button>
        ) : editing ? (
          <>
            <button type="button" onClick={() => void onDecide('EDIT')} disabled={busy}>
              Send edited answer
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
                setProblem(undefined);
                setText(draft?.text ?? '');
              }}
              disabled={busy}
            >
              Cancel edit
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={() => void onDecide('APPROVE')} disabled={busy}>
              Approve draft
            </button>
            <button
              type="button"
              onClick={() => {
                setText(draft?.text ?? '');
                setEditing(true);
              }}
              disabled={busy}
            >
              Edit draft
            </button>
            <button type="button" onClick={() => void onDecide('REJECT')} disabled={busy}>
              Reject draft
            </button>
          </>
        )}
      </div>
      {problem ? (
        <p role="alert" className="review-error">
          {problem}
        </p>
      ) : null}
      {outcome ? (
        <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'review-ok' : 'review-error'}>
          {outcome.text}
        </p>
      ) : null}
    </section>
  );
}

export type { ReviewItem };
