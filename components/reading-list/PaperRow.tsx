import type { PaperStatus, SavedPaper } from '../../storage/db';
import {
  formatDate,
  SITE_LABELS,
  STATUS_LABELS,
  safeHref,
  type TopicNames,
  topicColourIndex,
  topicLabel,
} from '../common/labels';

/** .paper-row { height } in reading-list.css; VirtualList measures the real one once rendered. */
export const ROW_HEIGHT = 112;

export interface PaperRowProps {
  paper: SavedPaper;
  names: TopicNames;
  selected: boolean;
  active: boolean;
  posInSet: number;
  setSize: number;
  onSelect: (id: string, selected: boolean, range: boolean) => void;
  onStar: (id: string, starred: boolean) => void;
  onStatus: (id: string, status: PaperStatus) => void;
  onRemove: (id: string) => void;
  onDetails: (id: string) => void;
}

export function TopicChips({ topics, names }: { topics: readonly string[]; names: TopicNames }) {
  if (!topics.length) return null;
  return (
    <ul class="chips" aria-label="Topics">
      {topics.map((t) => (
        <li key={t} class="chip topic" style={{ '--chip': `var(--topic-${topicColourIndex(t)})` }}>
          {topicLabel(names, t)}
        </li>
      ))}
    </ul>
  );
}

export function PaperRow(props: PaperRowProps) {
  const { paper: p, names } = props;
  const href = safeHref(p.url);
  const pdf = safeHref(p.pdfUrl);
  const sites = p.sites.length ? p.sites : [p.site];
  const titleId = `title-${p.id}`;
  return (
    <li
      class={`paper-row${props.selected ? ' selected' : ''}${props.active ? ' active' : ''}`}
      aria-posinset={props.posInSet}
      aria-setsize={props.setSize}
      aria-labelledby={titleId}
      data-paper-id={p.id}
      data-status={p.status}
    >
      <input
        type="checkbox"
        class="row-select"
        checked={props.selected}
        aria-label={`Select ${p.title}`}
        onClick={(e) => props.onSelect(p.id, e.currentTarget.checked, e.shiftKey)}
      />
      <div class="row-body">
        <h3 class="row-title" id={titleId}>
          {href ? (
            <a href={href} target="_blank" rel="noopener noreferrer">
              {p.title}
            </a>
          ) : (
            p.title
          )}
        </h3>
        <p class="row-authors">{p.authors.join(', ') || 'Unknown authors'}</p>
        <div class="row-meta">
          <TopicChips topics={p.topics} names={names} />
          {pdf && (
            <a href={pdf} target="_blank" rel="noopener noreferrer" aria-label={`PDF of ${p.title}`}>
              PDF
            </a>
          )}
          {p.tags.length > 0 && (
            <ul class="chips" aria-label="Tags">
              {p.tags.map((t) => (
                <li key={t} class="chip tag">
                  #{t}
                </li>
              ))}
            </ul>
          )}
          <span class="muted">{sites.map((s) => SITE_LABELS[s] ?? s).join(' · ')}</span>
          <span class="muted">
            Added <time dateTime={new Date(p.savedAt).toISOString()}>{formatDate(p.savedAt)}</time>
          </span>
          {p.notes.trim() && <span class="muted">· has notes</span>}
        </div>
      </div>
      <div class="row-actions">
        <button
          type="button"
          class={`quiet star${p.starred ? ' on' : ''}`}
          aria-pressed={p.starred}
          aria-label={`Star ${p.title}`}
          title={p.starred ? 'Starred' : 'Star'}
          onClick={() => props.onStar(p.id, !p.starred)}
        >
          <span aria-hidden="true">{p.starred ? '★' : '☆'}</span>
        </button>
        <select
          class={`status status-${p.status}`}
          aria-label={`Status of ${p.title}`}
          value={p.status}
          onChange={(e) => props.onStatus(p.id, e.currentTarget.value as PaperStatus)}
        >
          {(Object.keys(STATUS_LABELS) as PaperStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
        <button
          type="button"
          class="quiet"
          aria-label={`Notes and tags for ${p.title}`}
          aria-expanded={props.active}
          aria-controls="details-panel"
          onClick={() => props.onDetails(p.id)}
        >
          Notes
        </button>
        <button
          type="button"
          class="quiet danger"
          aria-label={`Remove ${p.title}`}
          onClick={() => props.onRemove(p.id)}
        >
          Remove
        </button>
      </div>
    </li>
  );
}
