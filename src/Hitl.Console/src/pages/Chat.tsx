import { type FormEvent, useEffect, useMemo, useState } from 'react';
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

export interface ChatMessage {
  id: string;
  author: string;
  authorName?: string | null;
  text: string;
  at: string;
}

/** Adds messages by id (a message seen twice is kept once), oldest first. */
export function mergeMessages(
  into: Record<string, ChatMessage>,
  messages: readonly (ChatMessage | null | undefined)[],
): Record<string, ChatMessage> {
  let next = into;
  for (const m of messages) {
    if (!m) continue;
    if (next === into) next = { ...into };
    next[m.id] = m;
  }
  return next;
}

export function sortedMessages(byId: Record<string, ChatMessage>): ChatMessage[] {
  return Object.values(byId).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

function authorLabel(m: ChatMessage): string {
  switch (m.author) {
    case 'CUSTOMER':
      return 'You';
    case 'BOT':
      return 'Assistant';
    case 'AGENT':
      return m.authorName || 'Support agent';
    default:
      return 'Notice';
  }
}

function statusText(status: string | undefined): string {
  switch (status) {
    case 'BOT':
      return 'The assistant is answering.';
    case 'QUEUED':
      return 'Waiting for a person to join…';
    case 'HUMAN':
      return 'A person is answering.';
    case 'RESOLVED':
      return 'This conversation is closed. Writing again reopens it.';
    default:
      return '';
  }
}

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

  return (
    <main className="chat" aria-labelledby="chat-title">
      <h1 id="chat-title">Chat with {tenant}</h1>
      {hitl ? (
        <Provider value={hitl.client}>
          <GenerationContext.Provider value={hitl.generation}>
            {customer ? (
              <Conversation key={customer.conversationId} session={customer} onGone={reset} />
            ) : (
              <StartForm tenant={tenant} onStarted={start} />
            )}
          </GenerationContext.Provider>
        </Provider>
      ) : null}
    </main>
  );
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

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await startConversation({
      input: { tenant, customerName: name.trim() || null },
    });
    const p = r.data?.startConversation;
    if (p) onStarted({ token: p.token, conversationId: p.conversation.id });
  };

  return (
    <form onSubmit={(e) => void submit(e)} className="card">
      <label htmlFor="chat-name">Your name (optional)</label>
      <input
        id="chat-name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="name"
      />
      <button type="submit" disabled={state.fetching}>
        Start chat
      </button>
      {state.error ? <p role="alert">Could not start the chat: {state.error.message}</p> : null}
    </form>
  );
}

interface Pending {
  text: string;
  clientMessageId: string;
}

function Conversation({ session, onGone }: { session: CustomerSession; onGone: () => void }) {
  const id = session.conversationId;
  const client = useClient();
  const [result, requery] = useQuery({ query: ChatConversationDocument, variables: { id } });
  const [byId, setById] = useState<Record<string, ChatMessage>>({});
  const [status, setStatus] = useState<string>();
  const [text, setText] = useState('');
  const [failed, setFailed] = useState<Pending | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const [humanState, requestHuman] = useMutation(ChatRequestHumanDocument);

  useRequery(() => requery({ requestPolicy: 'network-only' }));

  const conversation = result.data?.conversation;
  useEffect(() => {
    if (!conversation) return;
    setById((prev) => mergeMessages(prev, conversation.messages));
    setStatus(conversation.status);
  }, [conversation]);

  useLiveSubscription(ChatChangedDocument, { id }, (data) => {
    const e = data.conversationChanged;
    setById((prev) => mergeMessages(prev, [e.message]));
    setStatus(e.conversation.status);
  });

  const messages = useMemo(() => sortedMessages(byId), [byId]);

  const send = async (p: Pending) => {
    setSending(true);
    setProblem(undefined);
    const r = await client
      .mutation(ChatSendDocument, { input: { conversationId: id, ...p } })
      .toPromise();
    setSending(false);
    if (r.error) {
      // A network error may or may not have reached the server: retry with the same key.
      if (r.error.networkError) setFailed(p);
      else setProblem(r.error.message);
      return;
    }
    setFailed(null);
    const payload = r.data?.sendMessage;
    if (payload) {
      setById((prev) => mergeMessages(prev, [payload.message, payload.reply]));
      setStatus(payload.conversation.status);
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
    const r = await requestHuman({ id });
    if (r.error) setProblem(r.error.message);
    else if (r.data) setStatus(r.data.requestHuman.status);
  };

  if (!result.fetching && (result.error || (result.data && !conversation))) {
    const gone =
      !conversation ||
      result.error?.graphQLErrors.some((g) =>
        ['NOT_FOUND', 'UNAUTHENTICATED', 'FORBIDDEN'].includes(String(g.extensions?.code)),
      );
    if (gone && !Object.keys(byId).length) {
      return (
        <div className="card">
          <p role="alert">This conversation is no longer available.</p>
          <button type="button" onClick={onGone}>
            Start a new conversation
          </button>
        </div>
      );
    }
  }

  return (
    <div className="card">
      <p role="status">{statusText(status)}</p>
      <ol className="messages" role="log" aria-live="polite" aria-label="Messages">
        {messages.map((m) => (
          <li key={m.id} className={`msg msg-${m.author.toLowerCase()}`}>
            <span className="author">{authorLabel(m)}</span>{' '}
            <time dateTime={m.at}>{new Date(m.at).toLocaleTimeString()}</time>
            <p className="text">{m.text}</p>
          </li>
        ))}
      </ol>
      {failed ? (
        <p role="alert">
          Not sent (network): “{failed.text}”{' '}
          <button type="button" onClick={() => void send(failed)} disabled={sending}>
            Retry sending
          </button>
        </p>
      ) : null}
      {problem ? <p role="alert">{problem}</p> : null}
      <form onSubmit={submit} className="composer">
        <label htmlFor="chat-message" className="sr-only">
          Message
        </label>
        <input
          id="chat-message"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder="Type your message"
          autoComplete="off"
          maxLength={4000}
        />
        <button type="submit" disabled={sending || !text.trim()}>
          Send
        </button>
      </form>
      <button
        type="button"
        onClick={() => void askHuman()}
        disabled={humanState.fetching || status === 'QUEUED' || status === 'HUMAN'}
      >
        Talk to a person
      </button>
    </div>
  );
}
