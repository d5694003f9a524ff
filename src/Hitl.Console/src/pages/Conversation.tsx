import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useClient, useQuery } from 'urql';
import { useLiveSubscription, useRequery } from '../live';
import { useStaffSession } from '../session';
import { ConversationActions } from './ConversationActions';
import {
  type Attempt,
  type ConversationState,
  type Versioned,
  applyEvent,
  applyState,
  attemptFor,
  describeError,
  ownerText,
  replyBlocked,
  statusText,
} from './ConversationLogic';
import {
  ConversationArticlesDocument,
  ConversationChangedDocument,
  ConversationOlderDocument,
  ConversationPageDocument,
  ConversationSendDocument,
} from './ConversationOperations';
import { DraftPanel, EscalationPanel, ReplyBox, SentimentPanel, Transcript } from './ConversationParts';
import { type TranscriptMessage, hasOlder, mergeTranscript, orderTranscript } from './transcript';
import './Conversation.css';

/** /conversations/:id — the staff view of one conversation (works when opened by URL). */
export function Conversation() {
  const { id = '' } = useParams();
  // A fresh page state per conversation.
  return <ConversationView key={id} id={id} />;
}

function ConversationView({ id }: { id: string }) {
  const session = useStaffSession();
  const client = useClient();
  const [result, requery] = useQuery({ query: ConversationPageDocument, variables: { id } });
  const [articles] = useQuery({ query: ConversationArticlesDocument });
  const [byId, setById] = useState<Record<string, TranscriptMessage>>({});
  const [live, setLive] = useState<Versioned>({ state: null, version: null });
  const [exhausted, setExhausted] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [olderError, setOlderError] = useState<string>();

  useRequery(() => requery({ requestPolicy: 'network-only' }));

  // The query is authoritative when it answers (also after a reconnect).
  const conversation = result.data?.conversation;
  useEffect(() => {
    if (!conversation) return;
    setById((prev) => mergeTranscript(prev, conversation.messages));
    setLive((prev) => applyState(prev, conversation));
  }, [conversation]);

  const [liveLost, setLiveLost] = useState<string>();
  useLiveSubscription(
    ConversationChangedDocument,
    { id },
    (data) => {
      const e = data.conversationChanged;
      setLiveLost(undefined);
      setById((prev) => mergeTranscript(prev, [e.message]));
      setLive((prev) => applyEvent(prev, e));
      // A SNAPSHOT starts every subscription (and follows a gap): messages added between the query
      // and the subscription would be missed, so read the transcript again.
      if (e.kind === 'SNAPSHOT') requery({ requestPolicy: 'network-only' });
    },
    false,
    (error) => {
      setLiveLost(
        error.graphQLErrors[0]?.extensions?.code === 'FORBIDDEN'
          ? 'You no longer have access to this conversation (it moved to someone else or to a queue you do not serve), so it is not updated live any more.'
          : `Live updates stopped: ${describeError(error)}`,
      );
    },
  );

  const state = live.state;
  const messages = useMemo(() => orderTranscript(byId), [byId]);
  const titles = useMemo(
    () => Object.fromEntries((articles.data?.articles ?? []).map((a) => [a.id, a.title])),
    [articles.data],
  );

  const loadOlder = useCallback(async () => {
    const oldest = messages[0];
    if (!oldest || loadingOlder) return;
    setLoadingOlder(true);
    setOlderError(undefined);
    const r = await client
      .query(ConversationOlderDocument, { id, before: oldest.id }, { requestPolicy: 'network-only' })
      .toPromise();
    setLoadingOlder(false);
    if (r.error) return setOlderError(`Could not load older messages: ${describeError(r.error)}`);
    const page = r.data?.conversation?.messages ?? [];
    if (page.length < 50) setExhausted(true);
    setById((prev) => mergeTranscript(prev, page));
  }, [client, id, messages, loadingOlder]);

  // Reply: the attempt (text + clientMessageId) survives a network error so a retry re-sends the
  // same id; the text stays in the box until the server acknowledged it.
  const [text, setText] = useState('');
  const attempt = useRef<Attempt | null>(null);
  const [sending, setSending] = useState(false);
  const [sendProblem, setSendProblem] = useState<string>();
  const blocked = replyBlocked(state, session?.subject);

  const send = async () => {
    const t = text.trim();
    if (!t || sending || blocked) return;
    const a = attemptFor(attempt.current, t, () => crypto.randomUUID());
    attempt.current = a;
    setSending(true);
    setSendProblem(undefined);
    const r = await client.mutation(ConversationSendDocument, { input: { conversationId: id, ...a } }).toPromise();
    setSending(false);
    if (r.error) {
      if (r.error.networkError) {
        setSendProblem('Not sent: network error. Send again to retry (the same message is not added twice).');
      } else {
        attempt.current = null;
        setSendProblem(describeError(r.error));
      }
      return;
    }
    attempt.current = null;
    setText((now) => (now.trim() === t ? '' : now));
    const p = r.data?.sendMessage;
    if (p) {
      setById((prev) => mergeTranscript(prev, [p.message, p.reply]));
      setLive((prev) => applyState(prev, p.conversation));
    }
  };

  const onChanged = (s: ConversationState) => setLive((prev) => applyState(prev, s));

  const gone = !result.fetching && result.data && !conversation;
  if (!state) {
    return (
      <section aria-labelledby="conv-title">
        <h1 id="conv-title">Conversation {id}</h1>
        {result.error ? (
          <p role="alert">Could not load the conversation: {describeError(result.error)}</p>
        ) : gone ? (
          <p role="alert">This conversation does not exist or is not visible to you.</p>
        ) : (
          <p role="status">Loading…</p>
        )}
        <p>
          <Link to="/inbox">Back to the inbox</Link>
        </p>
      </section>
    );
  }

  return (
    <section aria-labelledby="conv-title" className="conv">
      <h1 id="conv-title">Conversation {id}</h1>
      <p role="status" aria-label="Conversation status" className="conv-status">
        Status: <strong>{statusText(state.status)}</strong> · Owner: <strong>{ownerText(state)}</strong>
        {state.csat != null ? ` · CSAT ${state.csat}/5` : ''} · {state.messageCount} messages
      </p>
      {liveLost ? (
        <p role="alert" className="error">
          {liveLost} <Link to="/inbox">Back to the inbox</Link>
        </p>
      ) : null}
      {result.error ? <p role="alert">Could not refresh: {describeError(result.error)}</p> : null}
      <div className="conv-grid">
        <div className="conv-main">
          <Transcript
            messages={messages}
            titles={titles}
            older={hasOlder(messages.length, state.messageCount, exhausted)}
            loadingOlder={loadingOlder}
            olderError={olderError}
            onLoadOlder={() => void loadOlder()}
          />
          <ReplyBox
            text={text}
            onText={setText}
            blocked={blocked}
            sending={sending}
            problem={sendProblem}
            onSend={() => void send()}
          />
        </div>
        <div className="conv-side">
          <EscalationPanel state={state} />
          <SentimentPanel messages={messages} current={state.sentiment} />
          <DraftPanel state={state} titles={titles} />
          <ConversationActions state={state} onChanged={onChanged} />
        </div>
      </div>
    </section>
  );
}
