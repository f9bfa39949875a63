/**
 * Re-parse client-rendered pages when their DOM changes (OpenReview renders its lists after load
 * and re-renders on tab switches): one MutationObserver, debounced, ignoring our own sidebar host.
 */

export const REPARSE_DEBOUNCE_MS = 300;

export interface ReparserDeps {
  target: Node;
  /** Our own class on host entries: class changes that only add/remove it are not the page's. */
  ownClass?: string;
  /** Nodes whose insertion/removal is ours (the sidebar host) and must not trigger a re-parse. */
  ignore(node: Node): boolean;
  reparse(): void;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  debounceMs?: number;
  MutationObserver?: typeof MutationObserver;
}

export interface Reparser {
  observe(): void;
  /** Re-parse once the DOM has been quiet for the debounce interval. */
  schedule(): void;
  disconnect(): void;
}

export function createReparser(deps: ReparserDeps): Reparser {
  const MO = deps.MutationObserver ?? globalThis.MutationObserver;
  const ms = deps.debounceMs ?? REPARSE_DEBOUNCE_MS;
  let timer: number | undefined;
  let observing = false;
  const schedule = () => {
    if (timer !== undefined) deps.clearTimeout(timer);
    timer = deps.setTimeout(() => {
      timer = undefined;
      deps.reparse();
    }, ms);
  };
  const classesWithoutOwn = (v: string | null) =>
    (v ?? '')
      .split(/\s+/)
      .filter((c) => c && c !== deps.ownClass)
      .sort()
      .join(' ');
  const relevant = (r: MutationRecord) => {
    if (deps.ignore(r.target)) return false;
    if (r.type === 'attributes') {
      // Tabs and "show more" panels toggle class/hidden/style; our own hiding class does not count.
      if (r.attributeName !== 'class') return true;
      const now = (r.target as Element).getAttribute('class');
      return classesWithoutOwn(r.oldValue) !== classesWithoutOwn(now);
    }
    const nodes = [...r.addedNodes, ...r.removedNodes];
    return nodes.length > 0 && !nodes.every((n) => deps.ignore(n));
  };
  const observer = new MO((records) => {
    if (records.some(relevant)) schedule();
  });
  return {
    observe() {
      if (observing) return;
      observing = true;
      observer.observe(deps.target, {
        childList: true,
        subtree: true,
        attributes: true,
        attributeOldValue: true,
        attributeFilter: ['class', 'hidden', 'style'],
      });
    },
    schedule,
    disconnect() {
      observer.disconnect();
      observing = false;
      if (timer !== undefined) deps.clearTimeout(timer);
      timer = undefined;
    },
  };
}
