import { type FormEvent, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Provider, useClient, useMutation, useQuery } from 'urql';
import {
  type CustomerSession,
  forgetCustomer,
  getCustomer,
  storeCustomer,
} from '../auth';
import { type HitlClient, createHitlClient } from '../client';
import { GenerationContext, useLiveSubscription, useRequery } from '../live';
import {
  ChatChangedDocument,
  ChatConversationDocument,
  ChatRequestHumanDocument,
  ChatSendDocument,
  StartConversationDocument,
} from './chatOperations';
import {
  type ShownError,
  authorLabel,
  chatReducer,
  describeError,
  initialChatState,
  isGone,
  latestAgentName,
  sortedMessages,
  statusText,
} from './ChatLogic';
import { ChatErrorLine } from './ChatErrorLine';
import { ChatRating } from './ChatRating';
import './Chat.css';

export { type ChatMessage, mergeMessages, sortedMessages } from './ChatLogic';

/** The customer chat page, as a website would embed it: /chat/:tenant. */
export function Chat() {
  const { tenant = '' } = useParams();
  const [customer, setCustomer] = useState<CustomerSession | null>(() => getCustomer(tenant));
  useEffect(() => setCustomer(getCustomer(tenant)), [tenant]);

  // One client per customer token (none before the conversation starts: startConversation is public).
  const token = customer?.token ?? null;
  const [made, setMade] = useState<{ hitl: HitlClient; token: string | null } | null>(null);
  useEffect(() => {
    const h = createHitlClient({ getAuthorization: () => (token ? `Bearer ${token}` : null) });
    setMade({ hitl: h, token });
    return () => h.dispose();
  }, [token]);
  // Never render with a client made for another token (one render late after a change).
  const hitl = made && made.token === token ? made.hitl : null;

  const start = (s: CustomerSession) => {
    storeCustomer(tenant, s);
    setCustomer(s);
  };
  const reset = () => {
    forgetCustomer(tenant);
    setCustomer(null);
  };

  useEffect(() => {
    document.title = `Chat with ${tenant}`;
  }, [tenant]);
  const lost = useConnectionLost(hitl?.ws ?? null);

  return (
    <main className="chat" aria-labelledby="chat-title">
      <h1 id="chat-title">Chat with {tenant}</h1>
      {hitl ? (
        <Provider value={hitl.client}>
          <GenerationContext.Provider value={hitl.generation}>
            {customer ? (
              <Conversation
                key={customer.conversationId}
                session={customer}
                onNew={reset}
                lost={lost}
              />
            ) : (
              <StartForm tenant={tenant} onStarted={start} />
            )}
          </GenerationContext.Provider>
        </Provider>
      ) : (
        <p role="status">Connecting…</p>
      )}
    </main>
  );
}

/** True while the live connection is down (graphql-ws retries by itself; the page re-queries after). */
function useConnectionLost(ws: HitlClient['ws'] | null): boolean {
  const [lost, setLost] = useState(false);
  useEffect(() => {
    setLost(false);
    if (!ws) return;
    const offClosed = ws.on('closed', () => setLost(true));
    const offConnected = ws.on('connected', () => setLost(false));
    return () => {
      offClosed();
      offConnected();
    };
  }, [ws]);
  return lost;
}

function StartForm({
  tenant,
  onStarted,
}: {
  tenant: string;
  onStarted: (s: CustomerSession) => void;
}) {
  const [name, setName] = useState('');
  const [state, startConversation] = useMutation(StartConversationDocument);
  const [error, setError] = useState<ShownError>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    const r = await startConversation({
      input: { tenant, customerName: name.trim() || null },
    });
    if (r.error) setError(describeError(r.error));
    const p = r.data?.startConversation;
    if (p) onStarted({ token: p.token, conversationId: p.conversation.id });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="card chat-start" aria-labelledby="chat-start-title">
      <h2 id="chat-start-title">Start a chat</h2>
      <p className="muted">Our assistant answers right away; you can ask for a person at any time.</p>
      <label htmlFor="chat-name">Your name (optional)</label>
      <div className="row">
        <input
          id="chat-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          autoComplete="name"
          maxLength={100}
          autoFocus
        />
        <button type="submit" disabled={state.fetching}>
          Start chat
        </button>
      </div>
      {error ? <ChatErrorLine prefix="Could not start the chat" error={error} /> : null}
    </form>
  );
}

interface Pending {
  text: string;
  clientMessageId: string;
}

function Conversation({
  session,
  onNew,
  lost,
}: {
  session: CustomerSession;
  onNew: () => void;
  lost: boolean;
}) {
  const id = session.conversationId;
  const client = useClient();
  const [result, requery] = useQuery({ query: ChatConversationDocument, variables: { id } });
  const [chat, dispatch] = useReducer(chatReducer, initialChatState);
  const [text, setText] = useState('');
  const [failed, setFailed] = useState<Pending | null>(null);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<ShownError>();
  const [humanError, setHumanError] = useState<ShownError>();
  const [humanState, requestHuman] = useMutation(ChatRequestHumanDocument);
  const log = useRef<HTMLDivElement>(null);
  // The state's version when a mutation is sent (see the 'mutated' action).
  const version = useRef(0);
  version.current = chat.version;

  // After a reconnect (e.g. a server restart) fetch what was missed; graphql-ws re-subscribes.
  useRequery(() => requery({ requestPolicy: 'network-only' }));

  const conversation = result.data?.conversation;
  useEffect(() => {
    if (conversation) dispatch({ type: 'loaded', conversation, messages: conversation.messages });
  }, [conversation]);

  useLiveSubscription(ChatChangedDocument, { id }, (data) => {
    const e = data.conversationChanged;
    dispatch({
      type: 'event',
      version: e.version,
      kind: e.kind,
      message: e.message,
      conversation: e.conversation,
    });
  });

  const messages = useMemo(() => sortedMessages(chat.byId), [chat.byId]);
  const agentName = latestAgentName(messages);
  const status = chat.status;

  // Keep the newest message in view.
  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);

  const send = async (p: Pending) => {
    setSending(true);
    setSendError(undefined);
    const sinceVersion = version.current;
    const r = await client
      .mutation(ChatSendDocument, { input: { conversationId: id, ...p } })
      .toPromise();
    setSending(false);
    if (r.error) {
      // A network error may or may not have reached the server: retry with the same key.
      if (r.error.networkError) setFailed(p);
      else {
        setFailed(null);
        setSendError(describeError(r.error));
      }
      return;
    }
    setFailed(null);
    const payload = r.data?.sendMessage;
    if (payload) {
      dispatch({
        type: 'mutated',
        sinceVersion,
        conversation: payload.conversation,
        messages: [payload.message, payload.reply],
      });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const t = text.trim();
    if (!t || sending) return;
    setText('');
    void send({ text: t, clientMessageId: crypto.randomUUID() });
  };

  const askHuman = async () => {
    setHumanError(undefined);
    const sinceVersion = version.current;
    const r = await requestHuman({ id });
    if (r.error) setHumanError(describeError(r.error));
    else if (r.data) dispatch({ type: 'mutated', sinceVersion, conversation: r.data.requestHuman });
  };

  if (!result.fetching && !messages.length && (isGone(result.error) || (result.data && !conversation))) {
    return (
      <div className="card">
        <p role="alert" className="error">
          This conversation is no longer available.
        </p>
        <button type="button" onClick={onNew}>
          Start a new conversation
        </button>
      </div>
    );
  }

  const resolved = status === 'RESOLVED';
  const withPerson = status === 'QUEUED' || status === 'HUMAN';

  return (
    <div className="card chat-box">
      <p role="status" className={`chat-status chat-status-${(status ?? 'loading').toLowerCase()}`}>
        {statusText(status, agentName)}
      </p>
      {lost ? (
        <p role="status" className="chat-offline">
          Connection lost. Reconnecting… Your conversation is kept.
        </p>
      ) : null}
      {result.error && !isGone(result.error) ? (
        <ChatErrorLine prefix="Could not load the conversation" error={describeError(result.error)}>
          <button type="button" className="btn-secondary" onClick={() => requery({ requestPolicy: 'network-only' })}>
            Try again
          </button>
        </ChatErrorLine>
      ) : null}
      {messages.length === 0 && !result.fetching ? (
        <p className="muted">Ask your question below: our assistant answers right away.</p>
      ) : null}
      <div ref={log} className="messages" role="log" aria-live="polite" aria-label="Messages" tabIndex={0}>
        <ol>
        {messages.map((m) => (
          <li key={m.id} className={`msg msg-${m.author.toLowerCase()}`}>
            {m.author === 'SYSTEM' ? null : (
              <>
                <span className="author">{authorLabel(m)}</span>{' '}
              </>
            )}
            <time dateTime={m.at}>{new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
            <p className="text">{m.text}</p>
          </li>
        ))}
        </ol>
      </div>
      {resolved ? (
        <>
          <ChatRating
            conversationId={id}
            csat={chat.csat}
            onRated={(csat, s, sinceVersion) =>
              dispatch({ type: 'mutated', sinceVersion, conversation: { status: s, csat } })
            }
            version={version}
          />
        </>
      ) : null}
      {failed ? (
        <p role="alert" className="error">
          Not sent (network problem): “{failed.text}”{' '}
          <button type="button" onClick={() => void send(failed)} disabled={sending}>
            Retry sending
          </button>
        </p>
      ) : null}
      {sendError ? <ChatErrorLine prefix="Your message was not sent" error={sendError} /> : null}
      <form onSubmit={submit} className="composer">
        <label htmlFor="chat-message" className="sr-only">
          Message
        </label>
        <input
          id="chat-message"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={resolved ? 'Write to reopen it' : 'Type your message and press Enter'}
          autoComplete="off"
          maxLength={4000}
          autoFocus
          enterKeyHint="send"
        />
        <button type="submit" disabled={sending || !text.trim()}>
          Send
        </button>
      </form>
      {resolved ? (
        <p className="chat-new">
          <button type="button" className="btn-secondary" onClick={onNew}>
            Start a new conversation
          </button>
        </p>
      ) : (
        <div className="chat-human">
          <button
            type="button"
            className="btn-secondary"
            onClick={() => void askHuman()}
            disabled={humanState.fetching || withPerson || !status}
          >
            Talk to a person
          </button>
          {humanError ? <ChatErrorLine prefix="Could not reach a person" error={humanError} /> : null}
        </div>
      )}
    </div>
  );
}
