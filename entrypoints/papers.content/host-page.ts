/**
 * The only code that writes to the host page: one class on hidden entries plus one injected
 * `<style>` (issue 2: host nodes are hidden, never moved or re-parented, because other extensions
 * such as Zotero's connector read them). Writes are batched and skipped when nothing changes
 * (issue 6: a filter toggle on a 2,000-entry page must update the host in ≤ 16 ms).
 */

export const HIDDEN_CLASS = 'papersift-hidden';
export const HOST_STYLE_ATTR = 'data-papersift';
/**
 * `display:none`: the cheapest hide for 2,000 entries (measured on a 2,000-entry /new page: any
 * rule that keeps abstracts laid out, e.g. height 0 + overflow clipped, costs 10-30x more per
 * toggle), and it takes hidden links out of the tab order, find-in-page and the accessibility
 * tree. The nodes themselves stay where they are, so tools that read the DOM still find them.
 */
export const HOST_CSS = `.${HIDDEN_CLASS}{display:none!important}`;

/** Entries sampled (evenly over the page) to estimate the height of an entry node not laid out. */
const SIZE_SAMPLE = 40;

/**
 * Shown entries that are off-screen skip style and layout (`content-visibility: auto`): showing
 * 1,900 hidden entries with abstracts again re-laid them all out in the frame after the toggle,
 * 1.6 s on a 2,000-entry /new page (issue 6, `npm run bench -- --only 2,3`). An entry never laid
 * out under this rule takes the measured mean height of its kind of node (dt, dd), so the page
 * keeps about its height and scroll position; once rendered it keeps its own (`auto`). Contents
 * skipped this way stay in find-in-page, the tab order and the accessibility tree, and fragment
 * links (#item46) still scroll to them; only visible entries are ever rendered.
 *
 * @param heights mean border-box height in px by local name (`dd` → 180); a kind without one gets
 *   no rule (it would collapse to 0 px while skipped).
 */
export function hostCss(selector?: string, heights: ReadonlyMap<string, number> = new Map()): string {
  let css = HOST_CSS;
  if (!selector) return css;
  for (const [tag, px] of heights) {
    if (!(px > 0) || !/^[a-z][a-z0-9-]*$/.test(tag)) continue;
    css += `${tag}:is(${selector}){content-visibility:auto;contain-intrinsic-block-size:auto ${Math.round(px)}px}`;
  }
  return css;
}

/**
 * Mean height by local name of the nodes of up to SIZE_SAMPLE entries spread over the page (not
 * hidden ones). Reads layout: call it where the page's layout is up to date (a click, not while
 * the host is being restyled), where it costs one read per node.
 */
export function measureEntryHeights(entries: readonly HostEntry[]): Map<string, number> {
  const sum = new Map<string, { px: number; n: number }>();
  const step = Math.max(1, Math.floor(entries.length / SIZE_SAMPLE));
  for (let i = 0; i < entries.length; i += step) {
    for (const n of entries[i]?.nodes ?? []) {
      if (n.classList.contains(HIDDEN_CLASS)) continue;
      const px = (n as HTMLElement).offsetHeight;
      if (!(px > 0)) continue;
      const s = sum.get(n.localName) ?? { px: 0, n: 0 };
      s.px += px;
      s.n++;
      sum.set(n.localName, s);
    }
  }
  return new Map([...sum].map(([tag, s]) => [tag, s.px / s.n]));
}

/** Injects the one host stylesheet once per document (with `css`, default HOST_CSS); returns it. */
export function ensureHostStyle(doc: Document, css: string = HOST_CSS): HTMLStyleElement {
  const existing = doc.querySelector<HTMLStyleElement>(`style[${HOST_STYLE_ATTR}]`);
  if (existing) {
    if (existing.textContent !== css) existing.textContent = css;
    return existing;
  }
  const style = doc.createElement('style');
  style.setAttribute(HOST_STYLE_ATTR, 'host');
  style.textContent = css;
  (doc.head ?? doc.documentElement).append(style);
  return style;
}

export function removeHostStyle(doc: Document): void {
  doc.querySelector(`style[${HOST_STYLE_ATTR}]`)?.remove();
}

export interface HostEntry {
  readonly nodes: readonly Element[];
}

/**
 * Remembers which entries it has hidden so that an update writes only the entries whose state
 * changes. `apply` is the single batch of DOM writes; it reads layout once per page, the first
 * time hidden entries are shown again (`measureEntryHeights`, for the stylesheet), never before.
 */
export class HostFilter {
  #entries: readonly HostEntry[] = [];
  #hidden: boolean[] = [];
  #selector: string | undefined;
  /** The stylesheet, once this page's entries needed it (injected at the first hide, never before). */
  #style: HTMLStyleElement | undefined;
  /** Its text: HOST_CSS, plus the content-visibility rule once entries were first shown again. */
  #css = HOST_CSS;

  constructor(private readonly doc: Document) {}

  /**
   * Replaces the tracked entries (after a re-parse); un-hides the previous ones that went away.
   * `selector` matches the entries' nodes (ParsedPage.entrySelector): off-screen ones then skip
   * layout once the stylesheet is in (`hostCss`).
   */
  setEntries(entries: readonly HostEntry[], selector?: string): void {
    if (selector !== this.#selector) {
      this.#style = undefined;
      this.#css = HOST_CSS;
    }
    this.#selector = selector;
    const keep = new Set<Element>();
    for (const e of entries) for (const n of e.nodes) keep.add(n);
    this.#entries.forEach((e, i) => {
      if (!this.#hidden[i]) return;
      for (const n of e.nodes) if (!keep.has(n)) n.classList.remove(HIDDEN_CLASS);
    });
    this.#entries = entries;
    // Nodes that stay may still carry the class; read it once so state matches the DOM. One
    // query tells whether any node of the page does (usually none: 4,000 classList reads from the
    // content script's world cost ~20 ms on a 2,000-entry listing, issue 6).
    const marked = new Set(this.doc.querySelectorAll(`.${HIDDEN_CLASS}`));
    this.#hidden = marked.size
      ? entries.map((e) => e.nodes.some((n) => marked.has(n)))
      : entries.map(() => false);
  }

  /**
   * Hides entry i when `hidden[i]` is true (undefined = leave as it is, e.g. not classified yet).
   * Returns how many entries changed.
   */
  apply(hidden: readonly (boolean | undefined)[]): number {
    const changes: number[] = [];
    for (let i = 0; i < this.#entries.length; i++) {
      const want = hidden[i];
      if (want !== undefined && want !== this.#hidden[i]) changes.push(i);
    }
    // Nothing is written to the host page until an entry has to be hidden. Entry sizes are read
    // (a layout) only when hidden entries are about to be shown again, the costly case the
    // content-visibility rule is for, never when a remembered filter hides entries at page load.
    const showing = changes.some((i) => hidden[i] === false);
    if (showing && this.#selector && this.#css === HOST_CSS) {
      this.#css = hostCss(this.#selector, measureEntryHeights(this.#entries));
      this.#style = ensureHostStyle(this.doc, this.#css);
    }
    if (changes.length && !this.#style?.isConnected && hidden.some(Boolean)) {
      this.#style = ensureHostStyle(this.doc, this.#css);
    }
    for (const i of changes) {
      const want = hidden[i] === true;
      this.#hidden[i] = want;
      for (const n of this.#entries[i]?.nodes ?? []) n.classList.toggle(HIDDEN_CLASS, want);
    }
    return changes.length;
  }

  isHidden(i: number): boolean {
    return this.#hidden[i] === true;
  }

  /** Shows everything again (filter cleared, sidebar removed, navigation away). */
  clear(): void {
    this.apply(this.#entries.map(() => false));
  }
}
