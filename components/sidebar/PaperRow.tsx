/**
 * One paper of the page: one `li` (the outside checks count listitems = papers) with its title,
 * authors, one chip per shown topic and Save. Cheap by default (issue 6: 2,000 rows): rows at
 * rest are set as markup (restingRowHtml, one string per RowBlock); the row the user is on
 * ("engaged": hovered, focused, expanded) also renders the triage controls, the interactive chips
 * with their evidence, the "Add topic…" menu and the abstract. Buttons carry
 * `data-act`; the list handles their clicks (event delegation), so rows attach no listeners.
 */
import type { Evidence } from '../../classifier/types';
import type { TopicId } from '../../lib/types';
import { Highlighted } from './Highlighted';
import type { HighlightRange } from './highlight';
import { memo } from './memo';
import { ChipText, formatScore, TopicChip } from './TopicChip';
import { hueStyle } from './topics';
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

/** Text and attribute values for row markup (`&`, `<`, `>`, quotes). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A paper link's `href`: only http(s) addresses (a page could give `javascript:`). */
export function safeHref(url: string): string | undefined {
  return /^https?:\/\//i.test(url) ? url : undefined;
}

/** The row's `class`: `row`, plus saved / dismissed / open / engaged. */
function rowClass(view: RowPaper, expanded = false, full = false): string {
  let cls = 'row';
  if (view.saved) cls += ' saved';
  if (view.dismissed) cls += ' dismissed';
  if (expanded) cls += ' open';
  // Engaged rows paint outside their box (the evidence tooltip, over the next rows); RowBlock
  // lifts and never skips the block holding one.
  if (full) cls += ' engaged';
  return cls;
}

/**
 * A row the user is not on (not hovered, focused, expanded or adding), as markup: exactly the
 * elements PaperRow renders for it (title link, authors, one chip per topic, the dismissed flag,
 * Save and the empty box of the triage controls), so that RowBlock can set a block of rows as one
 * string and later hand those very elements to PaperRow when the user gets to one (issue 6).
 */
export function restingRowHtml(
  view: RowPaper,
  topics: readonly TopicOption[],
  { hidden, tabbable }: Pick<PaperRowProps, 'hidden' | 'tabbable'>,
): string {
  const { paper } = view;
  const title = escapeHtml(paper.title);
  const href = safeHref(paper.url);
  let h = `<li role="listitem" class="${rowClass(view)}" data-id="${escapeHtml(paper.id)}"${hidden ? ' hidden=""' : ''} tabindex="${tabbable ? 0 : -1}">`;
  h += `<a class="title"${href ? ` href="${escapeHtml(href)}"` : ''} target="_blank" tabindex="-1" rel="noopener">${title}</a>`;
  h += `<div class="meta"><span class="authors">${escapeHtml(paper.authors.join(', '))}</span>`;
  for (const t of view.topics) {
    const hue = hueStyle(t);
    h += `<span class="${userAdded(view, t) ? 'chip user' : 'chip'}" data-topic="${escapeHtml(t)}"${hue ? ` style="${escapeHtml(hue)}"` : ''}>${escapeHtml(labelOf(topics, t))}</span>`;
  }
  if (view.dismissed) h += '<span class="flag">dismissed</span>';
  h += `<button type="button" class="act save" data-act="save" aria-pressed="${view.saved}" aria-label="${view.saved ? 'Saved: ' : 'Save '}${title}">${view.saved ? '★ Saved' : '☆ Save'}</button>`;
  return `${h}<span class="acts"></span></div></li>`;
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
  const cls = rowClass(view, expanded, full);
  // Keep the elements of a row at rest exactly those of restingRowHtml (RowBlock adopts them).
  return (
    <li
      // biome-ignore lint/a11y/noRedundantRoles: its list (RowBlock's ul) is role=none, which an li would inherit
      role="listitem"
      class={cls}
      data-id={paper.id}
      hidden={hidden}
      tabIndex={tabbable ? 0 : -1}
    >
      <a class="title" href={safeHref(paper.url)} target="_blank" tabIndex={-1} rel="noopener">
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
