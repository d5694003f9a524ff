import { useState } from 'react';
import { useClient } from 'urql';
import { graphql } from '../gql';
import type { AnswerPreviewQuery } from '../gql/graphql';
import { decisionText, reasonName, sentimentText } from './KnowledgeModel';
import { errorText, formatPercent, sourceTitles } from './ReviewModel';

const AnswerPreviewDocument = graphql(`
  query AnswerPreview($text: String!) {
    answerPreview(text: $text) {
      decision
      reasons { reason detail score }
      queue
      answer
      confidence
      sources
      sentiment
      knowledgeVersion
      policyVersion
    }
  }
`);

type Preview = AnswerPreviewQuery['answerPreview'];

/** "Try it": what the bot would do with a customer message; nothing is recorded. */
export function KnowledgeTryIt({ articles }: { articles: readonly { id: string; title: string }[] }) {
  const client = useClient();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ asked: string; result: Preview }>();
  const [error, setError] = useState<string>();

  const onTry = async (e: React.FormEvent) => {
    e.preventDefault();
    const asked = text.trim();
    if (!asked) return setError('Type a customer message first.');
    setBusy(true);
    setError(undefined);
    // Asked each time (network-only): the answer depends on the knowledge and policy right now.
    const r = await client
      .query(AnswerPreviewDocument, { text: asked }, { requestPolicy: 'network-only' })
      .toPromise();
    setBusy(false);
    if (r.error) return setError(errorText(r.error) ?? 'Could not preview.');
    if (r.data) setPreview({ asked, result: r.data.answerPreview });
  };

  return (
    <section aria-labelledby="tryit-title" className="card knowledge-tryit">
      <h2 id="tryit-title">Try it</h2>
      <form onSubmit={(e) => void onTry(e)} className="knowledge-tryit-form">
        <label htmlFor="tryit-text">Customer message</label>
        <textarea id="tryit-text" value={text} rows={2} onChange={(e) => setText(e.target.value)} />
        <button type="submit" disabled={busy}>
          Preview answer
        </button>
      </form>
      {error ? (
        <p role="alert" className="knowledge-error">
          {error}
        </p>
      ) : null}
      {preview ? <PreviewResult {...preview} articles={articles} /> : null}
    </section>
  );
}

function PreviewResult({
  asked,
  result,
  articles,
}: {
  asked: string;
  result: Preview;
  articles: readonly { id: string; title: string }[];
}) {
  const sources = sourceTitles(result.sources, articles);
  return (
    <section aria-labelledby="preview-title" className="knowledge-preview">
      <h3 id="preview-title">What the bot would do</h3>
      <p className="knowledge-asked">
        For: <q>{asked}</q>
      </p>
      <p role="status" aria-label="Decision" className={`knowledge-decision decision-${result.decision.toLowerCase()}`}>
        {decisionText(result.decision, result.queue)}
      </p>
      <dl className="knowledge-facts">
        <dt>Confidence</dt>
        <dd>
          {result.confidence != null ? (
            <>
              <meter aria-label="Answer confidence" min={0} max={1} value={result.confidence} />{' '}
              {formatPercent(result.confidence)}
            </>
          ) : (
            'The bot was not asked.'
          )}
        </dd>
        <dt>Sources</dt>
        <dd>
          {sources.length ? (
            <ul aria-label="Preview sources">
              {sources.map((s) => (
                <li key={s.id}>{s.known ? s.title : s.id}</li>
              ))}
            </ul>
          ) : (
            'None'
          )}
        </dd>
        <dt>Sentiment</dt>
        <dd>{sentimentText(result.sentiment)}</dd>
        <dt>Versions</dt>
        <dd>
          knowledge {result.knowledgeVersion}, policy {result.policyVersion}
        </dd>
      </dl>
      {result.reasons.length ? (
        <>
          <h4 id="preview-reasons">Why it would escalate</h4>
          <ul aria-labelledby="preview-reasons">
            {result.reasons.map((r, i) => (
              <li key={`${r.reason}-${i}`}>
                <strong>{reasonName(r.reason)}</strong>: {r.detail}
                {r.score != null ? ` (score ${r.score.toFixed(2)})` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h4>Answer</h4>
      <p className="knowledge-answer">{result.answer ??
          (result.decision === 'ESCALATE'
            ? '(none: it escalates before the bot answers)'
            : '(none: the bot gave no answer)')}</p>
    </section>
  );
}
