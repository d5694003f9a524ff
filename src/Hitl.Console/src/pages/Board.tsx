import { useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { BoardScoreboardQuery } from '../gql/graphql';
import { useLiveSubscription, useRequery } from '../live';
import { useStaffSession } from '../session';
import { BarChart } from './charts';
import {
  type BoardWindow,
  WINDOWS,
  formatCsat,
  formatDuration,
  formatPercent,
  humanize,
  isNewer,
  niceMax,
  parseWindow,
  share,
  sortReasons,
} from './BoardLogic';
import { errorCode, isManager } from './SettingsLogic';
import './Board.css';

const BoardScoreboardDocument = graphql(`
  query BoardScoreboard($window: Window!) {
    scoreboard(window: $window) {
      ...BoardFields
    }
  }
`);

graphql(`
  fragment BoardFields on Scoreboard {
    window
    from
    to
    conversationsStarted
    resolvedByBot
    resolvedByHuman
    containmentRate
    escalated
    escalationRate
    escalationsByReason { reason count }
    draftsApproved
    draftsEdited
    draftsRejected
    firstHumanResponseP50Seconds
    firstHumanResponseP90Seconds
    slaMet
    slaBreached
    csatBot
    csatHuman
    csatResponses
    waiting
    agentsOnline
  }
`);

const BoardScoreboardChangedDocument = graphql(`
  subscription BoardScoreboardChanged($window: Window!) {
    scoreboardChanged(window: $window) {
      ...BoardFields
    }
  }
`);

const BoardPolicyDocument = graphql(`
  query BoardPolicy {
    policy { version slaSeconds }
  }
`);

const label = (w: BoardWindow) => {
  const l = (WINDOWS.find((x) => x.value === w)?.label ?? w).toLowerCase();
  return l.startsWith('last') ? `the ${l}` : l;
};

export type ScoreboardData = BoardScoreboardQuery['scoreboard'];

const time = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function Board() {
  const session = useStaffSession();
  const manager = isManager(session?.role);
  return (
    <section aria-labelledby="board-title" className="board">
      <h1 id="board-title">Board</h1>
      {manager ? (
        <BoardContent />
      ) : (
        <p role="alert">The board is for managers only. Ask a manager or an admin if you need these numbers.</p>
      )}
    </section>
  );
}

function BoardContent() {
  const [params, setParams] = useSearchParams();
  const win = parseWindow(params.get('window'));
  const [result, requery] = useQuery({ query: BoardScoreboardDocument, variables: { window: win } });
  const [policy, requeryPolicy] = useQuery({ query: BoardPolicyDocument });
  const [live, setLive] = useState<ScoreboardData | null>(null);

  useEffect(() => setLive(null), [result.data, win]);
  const refetch = useCallback(() => {
    requery({ requestPolicy: 'network-only' });
    requeryPolicy({ requestPolicy: 'network-only' });
  }, [requery, requeryPolicy]);
  useRequery(refetch);

  const queried = result.data?.scoreboard ?? null;
  const forbidden = errorCode(result.error) === 'FORBIDDEN';

  useLiveSubscription(
    BoardScoreboardChangedDocument,
    { window: win },
    (data) => {
      const next = data.scoreboardChanged;
      setLive((prev) => (isNewer(prev ?? queried, next, win) ? next : prev));
    },
    forbidden,
  );

  const board = live ?? (queried?.window === win ? queried : null);

  const choose = (w: BoardWindow) => {
    const next = new URLSearchParams(params);
    next.set('window', w);
    setParams(next, { replace: true });
  };

  if (forbidden) {
    return <p role="alert">The board is for managers only (the server answered FORBIDDEN).</p>;
  }

  return (
    <>
      <fieldset className="board-window">
        <legend>Window</legend>
        {WINDOWS.map((w) => (
          <label key={w.value} className="choice">
            <input
              type="radio"
              name="board-window"
              value={w.value}
              checked={win === w.value}
              onChange={() => choose(w.value)}
            />
            {w.label}
          </label>
        ))}
      </fieldset>

      <p role="status" className="board-status">
        {result.error ? '' : board ? `Board for ${label(win)}, live.` : 'Loading the board…'}
      </p>
      {board ? (
        <p className="board-range">
          Conversations started {time(board.from)} – {time(board.to)}; updated {new Date(board.to).toLocaleTimeString()}.
        </p>
      ) : null}
      {result.error ? (
        <p role="alert">
          Could not load the board: {errorCode(result.error) ? `${errorCode(result.error)}: ` : ''}
          {result.error.message}
        </p>
      ) : null}

      {board ? <BoardView board={board} slaSeconds={policy.data?.policy.slaSeconds ?? null} /> : null}
    </>
  );
}

export function BoardView({ board, slaSeconds }: { board: ScoreboardData; slaSeconds: number | null }) {
  const reasons = sortReasons(board.escalationsByReason);
  const drafts = board.draftsApproved + board.draftsEdited + board.draftsRejected;
  const slaTotal = board.slaMet + board.slaBreached;
  const p50 = board.firstHumanResponseP50Seconds ?? null;
  const p90 = board.firstHumanResponseP90Seconds ?? null;
  const fresh = board.conversationsStarted === 0;

  return (
    <>
      <section aria-labelledby="board-now" className="card">
        <h2 id="board-now">Right now</h2>
        <dl className="tiles">
          <div className="tile">
            <dt>Waiting now</dt>
            <dd>{board.waiting}</dd>
            <dd className="tile-note">items in all queues</dd>
          </div>
          <div className="tile">
            <dt>Agents online</dt>
            <dd>{board.agentsOnline}</dd>
            <dd className="tile-note">presence ONLINE</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="board-volume" className="card">
        <h2 id="board-volume">Conversations in this window</h2>
        {fresh ? <p className="chart-empty">No data yet: no conversation started in this window.</p> : null}
        <dl className="tiles">
          <Tile label="Started" value={board.conversationsStarted} />
          <Tile label="Resolved by the bot" value={board.resolvedByBot} note="no human involved" />
          <Tile label="Resolved by a human" value={board.resolvedByHuman} note="after a human was involved" />
          <Tile label="Escalated" value={board.escalated} note="at least once" />
        </dl>
      </section>

      <div className="board-grid">
        <section aria-labelledby="board-rates" className="card">
          <h2 id="board-rates">Containment and escalation</h2>
          <BarChart
            caption="Containment rate and escalation rate (%)"
            valueHeader="Rate (%)"
            max={1}
            bars={[
              { label: 'Containment', value: board.containmentRate ?? null, display: formatPercent(board.containmentRate), tone: 'bot' },
              { label: 'Escalation', value: board.escalationRate ?? null, display: formatPercent(board.escalationRate), tone: 'warn' },
            ]}
            empty="No data yet: nothing started or resolved in this window."
            note="Containment: resolved by the bot alone ÷ all resolved. Escalation: escalated at least once ÷ started."
          />
        </section>

        <section aria-labelledby="board-reasons" className="card">
          <h2 id="board-reasons">Escalations by reason</h2>
          <BarChart
            caption="Escalations by reason (count)"
            valueHeader="Escalations"
            max={niceMax(reasons.map((r) => r.count))}
            bars={reasons.map((r) => ({ label: humanize(r.reason), value: r.count, display: String(r.count), tone: 'warn' }))}
            empty="No escalations in this window yet."
          />
        </section>

        <section aria-labelledby="board-response" className="card">
          <h2 id="board-response">First human response</h2>
          <BarChart
            caption={
              slaSeconds != null
                ? `First human response after an escalation, p50 and p90, against the SLA of ${formatDuration(slaSeconds)}`
                : 'First human response after an escalation, p50 and p90'
            }
            valueHeader="Time (s, min)"
            max={niceMax([p50, p90, slaSeconds], 60)}
            bars={[
              { label: 'p50 (median)', value: p50, display: formatDuration(p50), tone: p50 != null && slaSeconds != null && p50 > slaSeconds ? 'warn' : 'human' },
              { label: 'p90', value: p90, display: formatDuration(p90), tone: p90 != null && slaSeconds != null && p90 > slaSeconds ? 'warn' : 'human' },
            ]}
            reference={slaSeconds != null ? { value: slaSeconds, label: `SLA ${formatDuration(slaSeconds)}` } : undefined}
            empty="No data yet: no human answered an escalation in this window."
          />
          <p>
            SLA met: <strong>{board.slaMet}</strong>, breached: <strong>{board.slaBreached}</strong>
            {slaTotal > 0 ? ` (${formatPercent(share(board.slaMet, slaTotal))} met)` : ' (no data yet)'}
          </p>
        </section>

        <section aria-labelledby="board-csat" className="card">
          <h2 id="board-csat">Customer satisfaction</h2>
          <BarChart
            caption="CSAT, bot vs human (mean score, 1 to 5)"
            valueHeader="Mean CSAT (1–5)"
            max={5}
            bars={[
              { label: 'Bot only', value: board.csatBot ?? null, display: formatCsat(board.csatBot), tone: 'bot' },
              { label: 'Human involved', value: board.csatHuman ?? null, display: formatCsat(board.csatHuman), tone: 'human' },
            ]}
            empty="No ratings yet in this window."
          />
          <p>Ratings: <strong>{board.csatResponses}</strong></p>
        </section>

        <section aria-labelledby="board-drafts" className="card">
          <h2 id="board-drafts">Draft reviews</h2>
          <BarChart
            caption="Bot drafts reviewed by humans (count)"
            valueHeader="Drafts"
            max={niceMax([board.draftsApproved, board.draftsEdited, board.draftsRejected])}
            bars={
              drafts === 0
                ? []
                : [
                    { label: 'Approved', value: board.draftsApproved, display: String(board.draftsApproved), tone: 'bot' },
                    { label: 'Edited', value: board.draftsEdited, display: String(board.draftsEdited), tone: 'human' },
                    { label: 'Rejected', value: board.draftsRejected, display: String(board.draftsRejected), tone: 'warn' },
                  ]
            }
            empty="No drafts reviewed in this window yet."
          />
        </section>
      </div>
    </>
  );
}

function Tile({ label, value, note }: { label: string; value: number; note?: string }) {
  return (
    <div className="tile">
      <dt>{label}</dt>
      <dd>{value}</dd>
      {note ? <dd className="tile-note">{note}</dd> : null}
    </div>
  );
}
