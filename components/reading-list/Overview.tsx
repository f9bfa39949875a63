/** A small picture of the list: stacked bars per week by topic (SVG) and the status mix (CSS). */
import type { PaperStatus } from '../../storage/db';
import { pluralise, STATUS_LABELS, type TopicNames, topicColourIndex, topicLabel } from '../common/labels';
import { OTHER, type Overview as OverviewData } from './overview';

const W = 480;
const H = 120;
const PAD_BOTTOM = 18;
const shortDate = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

const colourOf = (t: string) =>
  t === OTHER ? 'var(--status-dismissed)' : `var(--topic-${topicColourIndex(t)})`;

export function Overview({ data, names }: { data: OverviewData; names: TopicNames }) {
  const label = (t: string) => (t === OTHER ? 'No topic' : topicLabel(names, t));
  const slot = W / data.weeks.length;
  const barW = Math.max(6, slot * 0.62);
  const scale = (H - PAD_BOTTOM - 6) / data.max;
  const total = data.weeks.reduce((a, w) => a + w.total, 0);
  const statusTotal = Object.values(data.status).reduce((a, b) => a + b, 0);
  const statuses = Object.keys(STATUS_LABELS) as PaperStatus[];
  return (
    <div class="overview">
      <figure class="chart">
        <figcaption>Saved per week, last {data.weeks.length} weeks, by topic</figcaption>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-label={`${pluralise(total, 'paper')} saved in the last ${data.weeks.length} weeks`}
          preserveAspectRatio="none"
        >
          <line x1="0" x2={W} y1={H - PAD_BOTTOM} y2={H - PAD_BOTTOM} class="axis" />
          {data.weeks.map((w, i) => {
            let y = H - PAD_BOTTOM;
            const x = i * slot + (slot - barW) / 2;
            return (
              <g key={w.start}>
                {data.topics.map((t) => {
                  const n = w.byTopic.get(t) ?? 0;
                  if (!n) return null;
                  const h = n * scale;
                  y -= h;
                  return (
                    <rect key={t} x={x} y={y} width={barW} height={h} rx="1.5" style={{ fill: colourOf(t) }}>
                      <title>{`${label(t)}: ${n} (week of ${shortDate.format(w.start)})`}</title>
                    </rect>
                  );
                })}
                {(i % 3 === 0 || i === data.weeks.length - 1) && (
                  <text x={x + barW / 2} y={H - 4} class="tick" text-anchor="middle">
                    {shortDate.format(w.start)}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {data.topics.length > 0 && (
          <ul class="legend" aria-label="Topics in the chart">
            {data.topics.map((t) => (
              <li key={t}>
                <span class="swatch" style={{ background: colourOf(t) }} aria-hidden="true" />
                {label(t)}
              </li>
            ))}
          </ul>
        )}
        <table class="visually-hidden">
          <caption>Papers saved per week by topic</caption>
          <thead>
            <tr>
              <th scope="col">Week of</th>
              <th scope="col">Saved</th>
              {data.topics.map((t) => (
                <th key={t} scope="col">
                  {label(t)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.weeks.map((w) => (
              <tr key={w.start}>
                <th scope="row">{shortDate.format(w.start)}</th>
                <td>{w.total}</td>
                {data.topics.map((t) => (
                  <td key={t}>{w.byTopic.get(t) ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </figure>
      <figure class="status-mix">
        <figcaption>Status mix</figcaption>
        <div class="mix-bar" aria-hidden="true">
          {statuses.map((s) =>
            data.status[s] ? (
              <span
                key={s}
                style={{ flexGrow: data.status[s], background: `var(--status-${s})` }}
                title={`${STATUS_LABELS[s]}: ${data.status[s]}`}
              />
            ) : null,
          )}
          {statusTotal === 0 && <span style={{ flexGrow: 1, background: 'var(--surface-2)' }} />}
        </div>
        <ul class="legend">
          {statuses.map((s) => (
            <li key={s}>
              <span class="swatch" style={{ background: `var(--status-${s})` }} aria-hidden="true" />
              {STATUS_LABELS[s]} <strong>{data.status[s].toLocaleString()}</strong>
            </li>
          ))}
        </ul>
      </figure>
    </div>
  );
}
