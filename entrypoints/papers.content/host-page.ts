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

/** Injects the one host stylesheet once per document; returns it. */
export function ensureHostStyle(doc: Document): HTMLStyleElement {
  const existing = doc.querySelector<HTMLStyleElement>(`style[${HOST_STYLE_ATTR}]`);
  if (existing) return existing;
  const style = doc.createElement('style');
  style.setAttribute(HOST_STYLE_ATTR, 'host');
  style.textContent = HOST_CSS;
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
 * changes, and never reads layout. `apply` is the single batch of DOM writes.
 */
export class HostFilter {
  #entries: readonly HostEntry[] = [];
  #hidden: boolean[] = [];

  constructor(private readonly doc: Document) {}

  /** Replaces the tracked entries (after a re-parse); un-hides the previous ones that went away. */
  setEntries(entries: readonly HostEntry[]): void {
    const keep = new Set<Element>();
    for (const e of entries) for (const n of e.nodes) keep.add(n);
    this.#entries.forEach((e, i) => {
      if (!this.#hidden[i]) return;
      for (const n of e.nodes) if (!keep.has(n)) n.classList.remove(HIDDEN_CLASS);
    });
    this.#entries = entries;
    // Nodes that stay may still carry the class; read it once so state matches the DOM.
    this.#hidden = entries.map((e) => e.nodes.some((n) => n.classList.contains(HIDDEN_CLASS)));
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
    if (changes.length && hidden.some(Boolean)) ensureHostStyle(this.doc);
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
