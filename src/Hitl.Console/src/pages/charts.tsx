// Small accessible inline-SVG charts (no chart library). Each chart is a <figure> with a
// <figcaption>; the SVG is decorative for assistive technology (aria-hidden) and the same numbers
// are in a table (visually hidden) so a screen reader reads them as data. Styles in Board.css.
import { useId } from 'react';
import { barLength } from './BoardLogic';

export interface Bar {
  label: string;
  /** Null draws no bar (no data). */
  value: number | null;
  /** The value as text with its unit, e.g. "42 %" or "no data yet". */
  display: string;
  tone?: 'bot' | 'human' | 'warn' | 'neutral';
}

export interface Reference {
  value: number;
  label: string;
}

interface BarChartProps {
  caption: string;
  /** Header of the value column in the data table, with the unit, e.g. "Rate (%)". */
  valueHeader: string;
  bars: Bar[];
  /** Axis maximum (the bar for `max` spans the whole width). */
  max: number;
  reference?: Reference;
  /** Shown instead of the bars when there is nothing to draw. */
  empty?: string;
  note?: string;
}

const LABEL_W = 120;
const BAR_W = 200;
const VALUE_W = 100;
const ROW_H = 30;
const BAR_H = 18;

/** Horizontal bars, one per row, with an optional vertical reference line (e.g. the SLA). */
export function BarChart({ caption, valueHeader, bars, max, reference, empty, note }: BarChartProps) {
  const id = useId();
  const captionId = `${id}-caption`;
  const top = reference ? 18 : 4;
  const height = top + bars.length * ROW_H + 4;
  const width = LABEL_W + BAR_W + VALUE_W;
  const refX = reference ? LABEL_W + barLength(reference.value, max, BAR_W) : 0;
  const isEmpty = bars.length === 0 || bars.every((b) => b.value === null);

  return (
    <figure className="chart" aria-labelledby={captionId}>
      <figcaption id={captionId}>{caption}</figcaption>
      {isEmpty && empty ? (
        <p className="chart-empty">{empty}</p>
      ) : (
        <svg
          className="chart-svg"
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          aria-hidden="true"
          focusable="false"
        >
          {bars.map((b, i) => {
            const y = top + i * ROW_H;
            const len = barLength(b.value, max, BAR_W);
            return (
              <g key={b.label}>
                <text x={LABEL_W - 8} y={y + BAR_H - 4} textAnchor="end" className="chart-label">
                  {b.label}
                </text>
                <rect x={LABEL_W} y={y} width={BAR_W} height={BAR_H} className="chart-track" />
                {len > 0 ? (
                  <rect x={LABEL_W} y={y} width={len} height={BAR_H} className={`chart-bar tone-${b.tone ?? 'neutral'}`} />
                ) : null}
                <text x={LABEL_W + BAR_W + 8} y={y + BAR_H - 4} className="chart-value">
                  {b.display}
                </text>
              </g>
            );
          })}
          {reference ? (
            <g className="chart-ref">
              <line x1={refX} x2={refX} y1={12} y2={height} />
              <text x={refX} y={10} textAnchor="middle">
                {reference.label}
              </text>
            </g>
          ) : null}
        </svg>
      )}
      {isEmpty && empty ? null : (
        // A wrapper, not the table, is visually hidden: a table grows to its content whatever its width, and would
        // widen the page on a phone.
        <div className="sr-only">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">{valueHeader}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td>{b.display}</td>
              </tr>
            ))}
            {reference ? (
              <tr>
                <th scope="row">Reference</th>
                <td>{reference.label}</td>
              </tr>
            ) : null}
          </tbody>
        </table>
        </div>
      )}
      {note ? <p className="chart-note">{note}</p> : null}
    </figure>
  );
}
