/**
 * One paper of the page: one `li` (the outside checks count listitems = papers) with its title,
 * authors, one chip per shown topic and Save. Cheap by default (issue 6: 2,000 rows): the row the
 * user is on ("engaged": hovered, focused, expanded) also renders the triage controls, the
 * interactive chips with their evidence, the "Add topic…" menu and the abstract. Buttons carry
 * `data-act`; the list handles their clicks (event delegation), so rows attach no listeners.
 */
import type { VNode } from 'preact';
import type { Evidence } from '../../classifier/types';
import type { TopicId } from '../../lib/types';
import { Highlighted } from './Highlighted';
import type { HighlightRange } from './highlight';
import { memo } from './memo';
import { ChipText, formatScore, TopicChip } from './TopicChip';
import type { RowPaper, TopicOption } from './types';

export interface PaperRowProps {
  view: RowPaper;
  /** Not shown (kept in the DOM). The container shows filtered views as a separate list instead. */
  hidden: boolean;
  expanded: boolean;
  /** Hovered or holding focus: render the full controls. */
  engaged: boolean;
  /** The "Add topic…" menu is open. */
  adding: boolean;
  /** Roving tabindex: exactly one row of the list is in the tab order. */
  tabbable: boolean;
  topics: readonly TopicOption[];
}

/** Actions a row's buttons ask for (`data-act`), handled by the list container. */
export type RowAct =
  | 'save'
  | 'dismiss'
  | 'abstract'
  | 'add'
  | 'not'
  | 'undo'
  | 'add-topic'
  | 'use-example'
  | 'add-cancel';

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

function AddTopicMenu({ view, topics }: { view: RowPaper; topics: readonly TopicOption[] }) {
  const missing = topics.filter((t) => !view.topics.includes(t.id));
  return (
    <fieldset class="addmenu">
      <legend class="sr">{`Add a topic to ${view.paper.title}`}</legend>
      {missing.length === 0 && <span class="muted">Every topic is already on this paper</span>}
      {missing.map((t) => (
        <button key={t.id} type="button" class="addopt" data-act="add-topic" data-topic={t.id}>
          {`Add ${t.label}`}
        </button>
      ))}
      {/* Example papers belong to the user's own topics (issue 3); the sidebar shows only enabled ones. */}
      {topics
        .filter((t) => t.id.startsWith('user:'))
        .map((t) => (
          <button key={`ex-${t.id}`} type="button" class="addopt" data-act="use-example" data-topic={t.id}>
            {`Use as example of ${t.label}`}
          </button>
        ))}
      <button type="button" class="addopt ghost" data-act="add-cancel">
        Cancel
      </button>
    </fieldset>
  );
}

/**
 * A row before the list fills it in: the title and the chips, as a plain element (no component,
 * no link, no Save), which is how rows past the first screen of a long page render first (issue
 * 6: 2,000 rows). The list renders a `PaperRow` in its place a few tasks later, or at once when the
 * row is engaged (hovered, focused, expanded). Same `li.row[data-id]`, so the list's keyboard and
 * click handling treat it like any row.
 */
export function lightRow(
  view: RowPaper,
  { hidden, tabbable, topics }: Pick<PaperRowProps, 'hidden' | 'tabbable' | 'topics'>,
): VNode {
  const { paper } = view;
  let cls = 'row light';
  if (view.saved) cls += ' saved';
  if (view.dismissed) cls += ' dismissed';
  return (
    <li key={paper.id} class={cls} data-id={paper.id} hidden={hidden} tabIndex={tabbable ? 0 : -1}>
      <span class="title">{paper.title}</span>
      {(view.topics.length > 0 || view.dismissed) && (
        <div class="meta">
          {view.topics.map((t) => (
            <ChipText key={t} topic={t} label={labelOf(topics, t)} userAdded={userAdded(view, t)} />
          ))}
          {view.dismissed && <span class="flag">dismissed</span>}
        </div>
      )}
    </li>
  );
}

/** A topic's chip text: its label among the sidebar's topics, else its id. */
function labelOf(topics: readonly TopicOption[], id: TopicId): string {
  return topics.find((t) => t.id === id)?.label ?? id;
}

/** The user's "Add topic…" (this session, or stored: the classifier reports pinned labels). */
function userAdded(view: RowPaper, t: TopicId): boolean {
  return view.corrections?.get(t) === 1 || view.classification?.details[t]?.correction === 1;
}

function PaperRowImpl({ view, hidden, expanded, engaged, adding, tabbable, topics }: PaperRowProps) {
  const { paper } = view;
  const full = engaged || expanded || adding;
  const title = paper.title;
  let cls = 'row';
  if (view.saved) cls += ' saved';
  if (view.dismissed) cls += ' dismissed';
  if (expanded) cls += ' open';
  // Engaged rows paint outside their box (the evidence tooltip): no content-visibility clipping.
  if (full) cls += ' engaged';
  return (
    <li class={cls} data-id={paper.id} hidden={hidden} tabIndex={tabbable ? 0 : -1}>
      <a class="title" href={paper.url} target="_blank" tabIndex={-1} rel="noopener">
        {expanded ? <Highlighted text={title} ranges={rangesFor(view, 'title')} /> : title}
      </a>
      <div class="meta">
        <span class="authors" title={full ? paper.authors.join(', ') : undefined}>
          {paper.authors.join(', ')}
        </span>
        {view.topics.map((t) => {
          const added = userAdded(view, t);
          if (!full) return <ChipText key={t} topic={t} label={labelOf(topics, t)} userAdded={added} />;
          const d = view.classification?.details[t];
          return (
            <TopicChip
              key={t}
              topic={t}
              label={labelOf(topics, t)}
              score={view.classification?.scores[t]}
              positive={d?.positive ?? []}
              negative={d?.negative ?? []}
              userAdded={added}
              expanded={expanded}
            />
          );
        })}
        {view.dismissed && <span class="flag">dismissed</span>}
        <button
          type="button"
          class="act save"
          data-act="save"
          aria-pressed={view.saved}
          aria-label={view.saved ? `Saved: ${title}` : `Save ${title}`}
        >
          {view.saved ? '★ Saved' : '☆ Save'}
        </button>
        {/*
          The triage controls appear on hover/focus; their box is always there (empty when the row
          is not engaged) so Save never moves under the pointer. It used to shift left by the
          controls' width on mouseover, and a click following the pointer's arrival landed on ✕
          or on nothing (rapid saves lost; tests/e2e/sidebar-rapid-triage.spec.ts).
        */}
        <span class="acts">
          {full && (
            <>
              <button
                type="button"
                class="act minor"
                data-act="dismiss"
                aria-pressed={view.dismissed}
                aria-label={view.dismissed ? `Dismissed: ${title}` : `Dismiss ${title}`}
                title="Dismiss (x)"
              >
                ✕
              </button>
              <button
                type="button"
                class="act minor"
                data-act="abstract"
                aria-expanded={expanded}
                aria-label={`Abstract of ${title}`}
                title="Abstract (Enter)"
              >
                {expanded ? '▴' : '▾'}
              </button>
              <button
                type="button"
                class="act minor"
                data-act="add"
                aria-expanded={adding}
                aria-label={`Add topic… to ${title}`}
                title="Add topic…"
              >
                +
              </button>
            </>
          )}
        </span>
      </div>
      {adding && <AddTopicMenu view={view} topics={topics} />}
      {expanded && (
        <div class="abstract">
          {paper.abstract ? (
            <p>
              <Highlighted text={paper.abstract} ranges={rangesFor(view, 'abstract')} />
            </p>
          ) : (
            <p class="muted">No abstract on this page.</p>
          )}
          {view.classification && (
            <p class="scores">
              {`Scores: ${topics.map((t) => `${t.label} ${formatScore(view.classification?.scores[t.id])}`).join(' · ')}`}
            </p>
          )}
        </div>
      )}
    </li>
  );
}

export const PaperRow = memo(PaperRowImpl);
