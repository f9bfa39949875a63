/**
 * One paper of the page: one `li` (the outside checks count listitems = papers), its title,
 * authors, one chip per shown topic, Save, and the triage actions. Kept cheap: the evidence
 * tooltip, the abstract and the "Add topic…" menu only exist while open.
 */
import { useState } from 'preact/hooks';
import type { Evidence } from '../../classifier/types';
import type { TopicId } from '../../lib/types';
import { Highlighted } from './Highlighted';
import type { HighlightRange } from './highlight';
import { memo } from './memo';
import { formatScore, TopicChip } from './TopicChip';
import type { RowActions, RowPaper, TopicOption } from './types';

export interface PaperRowProps {
  view: RowPaper;
  /** Filtered out (topic filter, hide triaged, search): kept in the DOM, not shown. */
  hidden: boolean;
  expanded: boolean;
  /** Roving tabindex: exactly one row of the list is in the tab order. */
  tabbable: boolean;
  topics: readonly TopicOption[];
  actions: RowActions;
}

function rangesFor(view: RowPaper, field: Evidence['field']): HighlightRange[] {
  const out: HighlightRange[] = [];
  const details = view.classification?.details;
  if (!details) return out;
  for (const t of view.topics) {
    const d = details[t];
    if (!d) continue;
    for (const e of d.positive) if (e.field === field) out.push({ start: e.start, end: e.end, topic: t });
  }
  return out;
}

function authorsText(authors: readonly string[]): string {
  return authors.join(', ');
}

function AddTopicMenu({
  view,
  topics,
  onCorrect,
  onClose,
}: {
  view: RowPaper;
  topics: readonly TopicOption[];
  onCorrect: RowActions['onCorrect'];
  onClose(): void;
}) {
  const missing = topics.filter((t) => !view.topics.includes(t.id));
  return (
    <fieldset class="addmenu">
      <legend class="sr">{`Add a topic to ${view.paper.title}`}</legend>
      {missing.length === 0 && <span class="muted">Every topic is already on this paper</span>}
      {missing.map((t) => (
        <button
          key={t.id}
          type="button"
          class="addopt"
          onClick={() => {
            onCorrect(view.paper.id, t.id, 1);
            onClose();
          }}
        >
          {`Add ${t.label}`}
        </button>
      ))}
      <button type="button" class="addopt ghost" onClick={onClose}>
        Cancel
      </button>
    </fieldset>
  );
}

function PaperRowImpl({ view, hidden, expanded, tabbable, topics, actions }: PaperRowProps) {
  const { paper } = view;
  const [adding, setAdding] = useState(false);
  const labelOf = (id: TopicId) => topics.find((t) => t.id === id)?.label ?? id;
  const title = paper.title;
  const scoresLine =
    expanded && view.classification
      ? `Scores: ${topics
          .map((t) => `${t.label} ${formatScore(view.classification?.scores[t.id])}`)
          .join(' · ')}`
      : '';
  return (
    <li
      class={`row${view.saved ? ' saved' : ''}${view.dismissed ? ' dismissed' : ''}${expanded ? ' open' : ''}`}
      data-id={paper.id}
      hidden={hidden}
      tabIndex={tabbable ? 0 : -1}
      onFocus={(e) => {
        if (e.target === e.currentTarget) actions.onFocusRow(paper.id);
      }}
    >
      <div class="title">
        <a href={paper.url} target="_blank" rel="noopener noreferrer" tabIndex={-1}>
          {expanded ? <Highlighted text={title} ranges={rangesFor(view, 'title')} /> : title}
        </a>
      </div>
      {paper.authors.length > 0 && <div class="authors">{authorsText(paper.authors)}</div>}
      <div class="meta">
        {view.topics.map((t) => {
          const d = view.classification?.details[t];
          const userAdded = view.corrections?.get(t) === 1 && !view.classification?.topics.includes(t);
          return (
            <TopicChip
              key={t}
              paperId={paper.id}
              topic={t}
              label={labelOf(t)}
              score={view.classification?.scores[t]}
              positive={d?.positive ?? []}
              negative={d?.negative ?? []}
              userAdded={userAdded}
              expanded={expanded}
              onExpand={actions.onToggleAbstract}
              onCorrect={actions.onCorrect}
            />
          );
        })}
        {view.dismissed && <span class="flag">dismissed</span>}
        <span class="actions">
          <button
            type="button"
            class="act save"
            aria-pressed={view.saved}
            aria-label={view.saved ? `Saved: ${title}` : `Save ${title}`}
            title={view.saved ? 'Saved to the reading list (s to remove)' : 'Save to the reading list (s)'}
            onClick={() => actions.onSave(paper.id)}
          >
            {view.saved ? '★ Saved' : '☆ Save'}
          </button>
          <button
            type="button"
            class="act minor"
            aria-pressed={view.dismissed}
            aria-label={view.dismissed ? `Dismissed: ${title}` : `Dismiss ${title}`}
            title="Dismiss (x)"
            onClick={() => actions.onDismiss(paper.id)}
          >
            ✕
          </button>
          <button
            type="button"
            class="act minor"
            aria-expanded={expanded}
            aria-label={`Abstract of ${title}`}
            title="Abstract (Enter)"
            onClick={() => actions.onToggleAbstract(paper.id)}
          >
            {expanded ? '▴' : '▾'}
          </button>
          <button
            type="button"
            class="act minor"
            aria-expanded={adding}
            aria-label={`Add topic… to ${title}`}
            title="Add topic…"
            onClick={() => setAdding(!adding)}
          >
            +
          </button>
        </span>
      </div>
      {adding && (
        <AddTopicMenu
          view={view}
          topics={topics}
          onCorrect={actions.onCorrect}
          onClose={() => setAdding(false)}
        />
      )}
      {expanded && (
        <div class="abstract">
          {paper.abstract ? (
            <p>
              <Highlighted text={paper.abstract} ranges={rangesFor(view, 'abstract')} />
            </p>
          ) : (
            <p class="muted">No abstract on this page.</p>
          )}
          {scoresLine && <p class="scores">{scoresLine}</p>}
        </div>
      )}
    </li>
  );
}

export const PaperRow = memo(PaperRowImpl);
