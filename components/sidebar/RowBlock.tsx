/**
 * A block of consecutive rows (issue 6: 2,000-entry pages). Three jobs:
 *
 * - It re-renders only when one of its rows changes: the list re-renders on every classification
 *   chunk, and with blocks the cost is the few blocks touched, not 2,000 row comparisons.
 * - It is the unit the browser skips offscreen (`content-visibility: auto` on `.blk`, not on each
 *   row): with 2,000 rows each skipping itself, every frame of the page, even one that changed
 *   nothing, checked 2,000 elements against the viewport (25-45 ms per frame on the 2,000-entry
 *   page); 80 blocks cost nothing.
 * - Until the user gets to one of its rows (hover, focus, expanded, adding) its rows are one
 *   markup string (restingRowHtml) set at once: the browser parses a block of rows in one go,
 *   where Preact building ~10 vnodes per row, or an `innerHTML` per row, took ~150 ms for 2,000
 *   rows (`npm run bench:ab` measures the whole list's render). Rows added to it are appended as
 *   markup, and other papers in its place (another sort order) are new markup. The first time the
 *   user gets to it, or one of its rows changes (chips once abstracts arrive, saved elsewhere),
 *   its rows become components (PaperRow) that take over the very elements of the markup
 *   (`hydrate`), so nothing under the pointer, the focus or a screen reader's cursor is replaced;
 *   it stays that way. The rows of a block not in the list yet can be parsed ahead, in a task of
 *   their own (`prepareBlock`), and are then moved in when it is rendered with the same rows.
 *
 * In the DOM it is `li[role=none] > ul[role=none]`: the list stays valid HTML and its only
 * listitems are the rows (issue 2), which say `role="listitem"` (an `li` in a list marked
 * role=none would inherit none). Rows keep `li.row[data-id]`, and their buttons `data-act`, so
 * the list's keyboard and click handling (event delegation) treat both kinds alike.
 */
import { Component, type ComponentChild, createRef, hydrate, render } from 'preact';
import { PaperRow, restingRowHtml } from './PaperRow';
import type { RowPaper, TopicOption } from './types';

/** Per-row UI flags, one character per row (see `rowFlags`). */
export const FLAG = { hidden: 1, expanded: 2, engaged: 4, adding: 8, tabbable: 16 } as const;

/** A row with any of these renders as components (its block is "live"). */
const FULL = FLAG.engaged | FLAG.expanded | FLAG.adding;

/** A collapsed row's height in px (title on one line, meta line), for the block's size estimate. */
const ROW_HEIGHT_ESTIMATE = 68;

export function rowFlags(bits: number): string {
  return String.fromCharCode(64 + bits);
}

/** The bits of row `i` in a string of `rowFlags()`. */
function flagAt(flags: string, i: number): number {
  return flags.charCodeAt(i) - 64;
}

export interface RowBlockProps {
  views: readonly RowPaper[];
  /** `rowFlags()` of each row, concatenated. */
  flags: string;
  topics: readonly TopicOption[];
}

export class RowBlock extends Component<RowBlockProps> {
  /** The block's `ul`; its children are set here, not by the parent's render. */
  readonly #ul = createRef<HTMLUListElement>();
  /** Components own the rows (after the user first got to one). */
  #live = false;
  /** While markup: the props it was made from, and the markup. */
  #rest: { props: RowBlockProps; html: string } | undefined;

  override shouldComponentUpdate(next: RowBlockProps): boolean {
    return !sameBlock(this.props, next);
  }

  override componentDidMount(): void {
    this.#sync();
  }

  override componentDidUpdate(): void {
    this.#sync();
  }

  override componentWillUnmount(): void {
    const ul = this.#ul.current;
    if (ul && this.#live) render(null, ul);
  }

  /** Puts the rows of the current props into the `ul`. */
  #sync(): void {
    const ul = this.#ul.current;
    if (!ul) return;
    const props = this.props;
    if (!this.#live && !anyFull(props.flags)) {
      const rest = this.#rest;
      // Parsed ahead (prepareBlock) while the list was being filled: its rows only move in.
      const pre = rest ? undefined : takePrepared(props);
      if (pre) {
        ul.append(...pre.ul.childNodes);
        this.#rest = { props, html: pre.html };
        return;
      }
      const html = blockHtml(props);
      if (html === rest?.html) return;
      let rowChanged = false;
      if (!rest) ul.innerHTML = html;
      // Rows added after the ones shown (the list is filled in steps): add theirs.
      else if (html.startsWith(rest.html)) ul.insertAdjacentHTML('beforeend', html.slice(rest.html.length));
      // Only hidden / in the tab order changed (a filter toggled, the roving focus moved on).
      else if (sameRows(rest.props, props)) patchFlags(ul, rest.props.flags, props.flags);
      // Other papers in this place (another sort order): nothing of the old rows to keep, and
      // nobody is on a block at rest.
      else if (!samePapers(rest.props, props)) ul.innerHTML = html;
      // A row changed (chips, saved): patched by components from now on (below), so that no
      // element a user or a screen reader is on is replaced.
      else rowChanged = true;
      if (!rowChanged) {
        this.#rest = { props, html };
        return;
      }
    }
    if (!this.#live) {
      // Components take over the elements the markup made (it was made from these props).
      if (this.#rest) hydrate(rows(this.#rest.props), ul);
      this.#rest = undefined;
      this.#live = true;
    }
    render(rows(props), ul);
  }

  override render({ views, flags }: RowBlockProps): ComponentChild {
    // A block with a row the user is on is never skipped or clipped: the engaged row's evidence
    // tooltip paints over the next block. The intrinsic size is the block's estimate until it
    // has been laid out once.
    return (
      <li
        role="none"
        class={anyFull(flags) ? 'blk live' : 'blk'}
        style={`contain-intrinsic-size: auto ${views.length * ROW_HEIGHT_ESTIMATE}px`}
      >
        <ul role="none" ref={this.#ul} />
      </li>
    );
  }
}

/**
 * Blocks parsed ahead of time, by their first paper: `prepareBlock` parses the markup of a block
 * that is not in the list yet into a detached element, and the block, once rendered with the same
 * rows, flags and topics, takes its rows from there instead of parsing them then. So the 2,000
 * rows of a long page are parsed in tasks that change nothing on screen (no frame to lay out and
 * paint after each), and put into the list in a few renders (issue 6).
 */
const prepared = new Map<RowPaper, { props: RowBlockProps; html: string; ul: HTMLUListElement }>();

/**
 * Parses the rows of a block that will be rendered with these props (see `prepared`), unless they
 * are already; returns the detached element holding them until then.
 */
export function prepareBlock(props: RowBlockProps, doc: Document = document): HTMLUListElement | undefined {
  const first = props.views[0];
  if (!first) return undefined;
  const had = prepared.get(first);
  if (had && sameBlock(had.props, props)) return had.ul;
  const html = blockHtml(props);
  const ul = doc.createElement('ul');
  ul.innerHTML = html;
  prepared.set(first, { props, html, ul });
  return ul;
}

/** The rows parsed ahead for a block with these props, if they are still those rows. */
function takePrepared(props: RowBlockProps): { html: string; ul: HTMLUListElement } | undefined {
  const first = props.views[0];
  const had = first && prepared.get(first);
  if (!first || !had) return undefined;
  prepared.delete(first);
  return sameBlock(had.props, props) ? had : undefined;
}

/** Forgets the blocks parsed ahead that were not used (their rows changed before they were shown). */
export function clearPrepared(): void {
  prepared.clear();
}

/** The same rows with the same flags: the block renders exactly the same. */
function sameBlock(a: RowBlockProps, b: RowBlockProps): boolean {
  return a.flags === b.flags && sameRows(a, b);
}

/** The same papers in the same state and topics: rows differ at most by their flags. */
function sameRows(a: RowBlockProps, b: RowBlockProps): boolean {
  if (a.topics !== b.topics || a.views.length !== b.views.length) return false;
  for (let i = 0; i < a.views.length; i++) if (a.views[i] !== b.views[i]) return false;
  return true;
}

/** The same papers in the same places (their state may differ). */
function samePapers(a: RowBlockProps, b: RowBlockProps): boolean {
  if (a.views.length !== b.views.length) return false;
  for (let i = 0; i < a.views.length; i++) if (a.views[i]?.paper.id !== b.views[i]?.paper.id) return false;
  return true;
}

/** Sets `hidden` and `tabindex` of the rows whose flags changed (rows at rest have no others). */
function patchFlags(ul: HTMLUListElement, from: string, to: string): void {
  for (let i = 0; i < to.length; i++) {
    if (from.charCodeAt(i) === to.charCodeAt(i)) continue;
    const li = ul.children[i] as HTMLLIElement | undefined;
    if (!li) continue;
    const f = flagAt(to, i);
    li.hidden = (f & FLAG.hidden) !== 0;
    li.tabIndex = (f & FLAG.tabbable) !== 0 ? 0 : -1;
  }
}

function anyFull(flags: string): boolean {
  for (let i = 0; i < flags.length; i++) if ((flagAt(flags, i) & FULL) !== 0) return true;
  return false;
}

function rows({ views, flags, topics }: RowBlockProps): ComponentChild {
  return views.map((v, i) => {
    const f = flagAt(flags, i);
    return (
      <PaperRow
        key={v.paper.id}
        view={v}
        hidden={(f & FLAG.hidden) !== 0}
        expanded={(f & FLAG.expanded) !== 0}
        engaged={(f & FLAG.engaged) !== 0}
        adding={(f & FLAG.adding) !== 0}
        tabbable={(f & FLAG.tabbable) !== 0}
        topics={topics}
      />
    );
  });
}

function blockHtml({ views, flags, topics }: RowBlockProps): string {
  let html = '';
  for (let i = 0; i < views.length; i++) {
    const f = flagAt(flags, i);
    html += restingRowHtml(views[i] as RowPaper, topics, {
      hidden: (f & FLAG.hidden) !== 0,
      tabbable: (f & FLAG.tabbable) !== 0,
    });
  }
  return html;
}
