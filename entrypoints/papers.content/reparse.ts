/**
 * Re-parse client-rendered pages when their DOM changes (OpenReview renders its lists after load
 * and re-renders on tab switches): one MutationObserver, debounced, ignoring our own sidebar host.
 */

export const REPARSE_DEBOUNCE_MS = 300;

export interface ReparserDeps {
  target: Node;
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
  const relevant = (r: MutationRecord) => {
    if (deps.ignore(r.target)) return false;
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
      observer.observe(deps.target, { childList: true, subtree: true });
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
