import { type MutableRefObject, useEffect, useRef, useState } from 'react';
import { useMutation } from 'urql';
import { RATING_SCORES, type ShownError, describeError, ratingLabel, ratingThanks } from './ChatLogic';
import { ChatRateDocument } from './chatOperations';
import { ChatErrorLine } from './ChatErrorLine';

/**
 * Once resolved: a 1–5 choice ("Rate 4 out of 5"), a thank-you after, the server's error if it
 * refuses. `csat` is the rating the server already has (after a reload, or from another tab).
 */
export function ChatRating({
  conversationId,
  csat,
  onRated,
  version,
}: {
  conversationId: string;
  csat: number | null | undefined;
  onRated: (csat: number | null | undefined, status: string, sinceVersion: number) => void;
  /** The conversation state's version now (see ChatLogic's 'mutated' action). */
  version: MutableRefObject<number>;
}) {
  const [state, rate] = useMutation(ChatRateDocument);
  const [error, setError] = useState<ShownError>();
  // The chosen button goes away: keep keyboard focus on the thank-you instead of the page's start.
  const chose = useRef(false);
  const thanks = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (csat && chose.current) thanks.current?.focus();
  }, [csat]);

  const choose = async (score: number) => {
    setError(undefined);
    chose.current = true;
    const sinceVersion = version.current;
    const r = await rate({ id: conversationId, score });
    if (r.error) setError(describeError(r.error));
    else if (r.data) onRated(r.data.rateConversation.csat, r.data.rateConversation.status, sinceVersion);
  };

  return (
    <section className="chat-rating" aria-labelledby="chat-rating-title">
      <h2 id="chat-rating-title">How did we do?</h2>
      {csat ? (
        <p role="status" className="chat-thanks" ref={thanks} tabIndex={-1}>
          {ratingThanks(csat)}
        </p>
      ) : (
        <>
          <p className="muted" id="chat-rating-hint">
            1 is poor, 5 is excellent.
          </p>
          <div className="chat-stars" role="group" aria-label="Rating" aria-describedby="chat-rating-hint">
            {RATING_SCORES.map((score) => (
              <button
                key={score}
                type="button"
                className="btn-secondary"
                aria-label={ratingLabel(score)}
                title={ratingLabel(score)}
                disabled={state.fetching}
                onClick={() => void choose(score)}
              >
                <span aria-hidden="true">
                  {score} <span className="chat-star">★</span>
                </span>
              </button>
            ))}
          </div>
          {error ? <ChatErrorLine prefix="Your rating was not saved" error={error} /> : null}
        </>
      )}
    </section>
  );
}
