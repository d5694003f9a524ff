// Presentational parts of the conversation page. Every user text is a React text node.
import { type KeyboardEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import {
  type ConversationState,
  percent,
  reasonText,
  slaLine,
} from './ConversationLogic';
import {
  type TranscriptMessage,
  authorOf,
  describeTrend,
  sentimentSeries,
  sentimentWord,
  signed,
  sparklinePoints,
} from './transcript';

type Titles = Record<string, string>;

function Sources({ ids, titles }: { ids: readonly string[]; titles: Titles }) {
  if (ids.length === 0) return <span>no sources</span>;
  return (
    <span>
      Sources:{' '}
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ', ' : null}
          <span title={id}>{titles[id] ?? id}</span>
        </span>
      ))}
    </span>
  );
}

function MessageItem({ m, titles }: { m: TranscriptMessage; titles: Titles }) {
  return (
    <li className={`msg msg-${m.author.toLowerCase()}`}>
      <span className="author">{authorOf(m)}</span>{' '}
      <time dateTime={m.at}>{new Date(m.at).toLocaleString()}</time>
      <p className="text">{m.text}</p>
      {m.author === 'BOT' ? (
        <p className="conv-meta">
          Confidence {percent(m.confidence)} · <Sources ids={m.sources} titles={titles} />
        </p>
      ) : null}
      {m.author === 'CUSTOMER' && typeof m.sentiment === 'number' ? (
        <p className="conv-meta">
          Sentiment {signed(m.sentiment)} ({sentimentWord(m.sentiment)})
        </p>
      ) : null}
    </li>
  );
}

export function Transcript({
  messages,
  titles,
  older,
  loadingOlder,
  olderError,
  onLoadOlder,
}: {
  messages: readonly TranscriptMessage[];
  titles: Titles;
  older: boolean;
  loadingOlder: boolean;
  olderError?: string;
  onLoadOlder: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const before = useRef<{ height: number; top: number } | null>(null);
  const first = messages[0]?.id;
  const last = messages[messages.length - 1]?.id;
  const nearBottom = useRef(true);

  // Older page prepended: keep the message that was on screen where it was.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && before.current) {
      el.scrollTop = el.scrollHeight - before.current.height + before.current.top;
      before.current = null;
    }
  }, [first]);
  // New message at the end: follow it when the reader was at the bottom.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && nearBottom.current) el.scrollTop = el.scrollHeight;
  }, [last]);

  const loadOlder = () => {
    const el = box.current;
    if (el) before.current = { height: el.scrollHeight, top: el.scrollTop };
    onLoadOlder();
  };

  return (
    <section aria-labelledby="conv-transcript-title" className="card conv-transcript">
      <h2 id="conv-transcript-title">Transcript</h2>
      {older ? (
        <p>
          <button type="button" onClick={loadOlder} disabled={loadingOlder} aria-busy={loadingOlder}>
            Load older messages
          </button>
        </p>
      ) : messages.length > 0 ? (
        <p className="conv-meta">Start of the conversation.</p>
      ) : null}
      {olderError ? <p role="alert">{olderError}</p> : null}
      <div
        ref={box}
        className="messages conv-messages"
        role="log"
        aria-live="polite"
        aria-label="Transcript messages"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
          if (el.scrollTop < 8 && older && !loadingOlder) loadOlder();
        }}
      >
        <ol>
          {messages.map((m) => (
            <MessageItem key={m.id} m={m} titles={titles} />
          ))}
        </ol>
      </div>
    </section>
  );
}

function Reasons({ reasons }: { reasons: ConversationState['escalations'][number]['reasons'] }) {
  return (
    <ul className="conv-reasons">
      {reasons.map((r, i) => (
        <li key={i}>
          <strong>{reasonText(r.reason)}</strong>
          {r.score != null ? <span> (score {r.score.toFixed(2)})</span> : null}: {r.detail}
        </li>
      ))}
    </ul>
  );
}

/** A display timer only: re-renders every second while the SLA is running. */
export function SlaCountdown({ escalation }: { escalation: ConversationState['escalation'] }) {
  const [now, setNow] = useState(() => Date.now());
  const running = !!escalation?.dueAt && !escalation.firstHumanResponseAt;
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [running, escalation?.dueAt]);
  const line = slaLine(escalation, now);
  if (!line) return <p>No SLA running.</p>;
  return (
    <p>
      SLA (first human response):{' '}
      <span role="timer" aria-label="SLA countdown" className={line.breached ? 'conv-breached' : ''}>
        {line.text}
      </span>
      {line.breached ? <strong className="conv-badge conv-breached"> Breached</strong> : null}
    </p>
  );
}

export function EscalationPanel({ state }: { state: ConversationState }) {
  const open = state.escalation;
  const past = state.escalations.filter((e) => e.id !== open?.id);
  return (
    <section aria-labelledby="conv-escalation-title" className="card">
      <h2 id="conv-escalation-title">Escalation</h2>
      {open ? (
        <>
          <p>
            Queue {open.queue} · priority {open.priority} · since{' '}
            <time dateTime={open.at}>{new Date(open.at).toLocaleString()}</time>
          </p>
          <SlaCountdown escalation={open} />
          <h3 id="conv-reasons-title">Reasons</h3>
          <Reasons reasons={open.reasons} />
        </>
      ) : (
        <p>No open escalation.</p>
      )}
      {past.length > 0 ? (
        <details>
          <summary>Escalation history ({past.length})</summary>
          <ol aria-label="Escalation history">
            {past.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> · {e.queue} · priority{' '}
                {e.priority}
                {e.firstHumanResponseAt ? ' · answered' : ''}
                <Reasons reasons={e.reasons} />
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
}

export function SentimentPanel({
  messages,
  current,
}: {
  messages: readonly TranscriptMessage[];
  current: number;
}) {
  const values = sentimentSeries(messages).map((p) => p.value);
  const alt = describeTrend(values);
  const w = 160;
  const h = 40;
  return (
    <section aria-labelledby="conv-sentiment-title" className="card">
      <h2 id="conv-sentiment-title">Sentiment</h2>
      <p>
        Running sentiment {signed(current)} ({sentimentWord(current)})
      </p>
      {values.length > 0 ? (
        <svg
          role="img"
          aria-label={alt}
          width={w}
          height={h}
          viewBox={`-2 -2 ${w + 4} ${h + 4}`}
          className="conv-spark"
        >
          <line x1={0} x2={w} y1={h / 2} y2={h / 2} className="conv-spark-zero" />
          <polyline points={sparklinePoints(values, w, h)} className="conv-spark-line" />
        </svg>
      ) : null}
      <p className="conv-meta">{alt}</p>
    </section>
  );
}

export function DraftPanel({ state, titles }: { state: ConversationState; titles: Titles }) {
  const d = state.pendingDraft;
  if (!d) return null;
  return (
    <section aria-labelledby="conv-draft-title" className="card">
      <h2 id="conv-draft-title">Pending draft</h2>
      <p className="conv-meta">Held for review; the customer has not seen it.</p>
      <blockquote className="conv-draft">{d.text}</blockquote>
      <p className="conv-meta">
        Confidence {percent(d.confidence)} · <Sources ids={d.sources} titles={titles} />
      </p>
      <p>
        <Link to="/review">Review drafts</Link>
      </p>
    </section>
  );
}

export function ReplyBox({
  text,
  onText,
  blocked,
  sending,
  problem,
  onSend,
}: {
  text: string;
  onText: (t: string) => void;
  blocked: string | null;
  sending: boolean;
  problem?: string;
  onSend: () => void;
}) {
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      onSend();
    }
  };
  return (
    <form
      className="conv-reply"
      aria-labelledby="conv-reply-title"
      onSubmit={(e) => {
        e.preventDefault();
        onSend();
      }}
    >
      <h2 id="conv-reply-title" className="sr-only">
        Reply
      </h2>
      <label htmlFor="conv-reply-text">Reply to the customer</label>
      {blocked ? (
        <p id="conv-reply-why" className="conv-meta">
          {blocked} <Link to="/inbox">Go to the inbox</Link>
        </p>
      ) : (
        <p id="conv-reply-why" className="conv-meta">
          Enter sends, Shift+Enter starts a new line.
        </p>
      )}
      <div className="composer">
        <textarea
          id="conv-reply-text"
          value={text}
          onChange={(e) => onText(e.target.value)}
          onKeyDown={onKey}
          disabled={!!blocked}
          readOnly={sending}
          aria-describedby="conv-reply-why"
          rows={3}
          maxLength={4000}
        />
        <button type="submit" disabled={!!blocked || sending || !text.trim()} aria-busy={sending}>
          Send reply
        </button>
      </div>
      {problem ? <p role="alert">{problem}</p> : null}
    </form>
  );
}
