/**
 * Code injected into benchmarked pages (main world, via addInitScript / evaluate). Kept as plain
 * functions so Playwright serialises them; they must not close over anything.
 */

export interface LongTask {
  start: number;
  duration: number;
}

export interface ListingProbe {
  longtasks: LongTask[];
  /** performance.now() when the sidebar host (element with an open shadow root holding the
   * PaperSift landmark) was first seen. */
  mountedAt: number | null;
  /** performance.now() of the first animation frame in which the ready condition held. */
  readyAt: number | null;
  /** Listitems in the sidebar at the last check. */
  items: number;
  /** Chip-like elements in the sidebar at the last check. */
  chips: number;
  /** What the ready check saw (marker attribute / status text), for the report. */
  marker: string;
}

declare global {
  interface Window {
    __bench?: ListingProbe;
    __toggle?: ToggleProbe;
  }
}

/**
 * Installed before any page script: buffered long-task observer, and a per-frame check of the
 * sidebar inside its open shadow root. Ready = the sidebar lists `expected` papers and shows chips
 * (and, when the sidebar exposes one, its own "ready"/not-busy marker says so).
 */
export function installListingProbe(expected: number): void {
  const probe: ListingProbe = {
    longtasks: [],
    mountedAt: null,
    readyAt: null,
    items: 0,
    chips: 0,
    marker: '',
  };
  window.__bench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no longtask support: the report says 0 tasks were seen
  }
  let root: ShadowRoot | null = null;
  const findRoot = (): ShadowRoot | null => {
    const top = [
      ...Array.from(document.documentElement.children),
      ...Array.from(document.body?.children ?? []),
    ];
    // …and the children of custom elements among them (a frame the host element sits in).
    const candidates = [
      ...top,
      ...top.filter((el) => el.localName.includes('-')).flatMap((el) => Array.from(el.children)),
    ];
    for (const el of candidates) {
      const sr = el.shadowRoot;
      if (sr?.querySelector('[aria-label="PaperSift"], aside, [role="complementary"]')) return sr;
    }
    return null;
  };
  // Counting 2,000 listitems and their chips walks the sidebar's whole tree (~4 ms a frame on the
  // 2,000-entry page): done when the sidebar says it is done (not busy, no "Classifying"), and
  // otherwise at most every COUNT_MS for the report, so that the probe does not slow down what it
  // measures.
  const COUNT_MS = 500;
  let countedAt = Number.NEGATIVE_INFINITY;
  const check = () => {
    if (!root) {
      root = findRoot();
      if (root) probe.mountedAt = performance.now();
    }
    if (root) {
      const bar = root.querySelector('[aria-label="PaperSift"]') ?? root;
      // Still working while the status line says "Classifying n/N" (entrypoints/papers.content/app.tsx
      // statusLines) or anything in the sidebar is aria-busy.
      const status = bar.querySelector('[role="status"]')?.textContent ?? '';
      const busy =
        /Classifying/.test(status) ||
        bar.querySelector('[aria-busy="true"]') !== null ||
        (bar instanceof Element && bar.getAttribute('aria-busy') === 'true');
      // A "ready"/"done" marker, where the sidebar has one, is looked for once it is not busy.
      const marker = busy ? null : bar.querySelector('[data-papersift-state], [data-state]');
      const state = marker?.getAttribute('data-papersift-state') ?? marker?.getAttribute('data-state') ?? '';
      probe.marker = [status.trim(), state].filter(Boolean).join(' | ');
      const markerReady = !busy && (!marker || /ready|done|idle/.test(state));
      const now = performance.now();
      if (markerReady || now - countedAt >= COUNT_MS) {
        countedAt = now;
        // The sidebar's paper list (components/sidebar/Sidebar.tsx) when present, else the
        // sidebar: its listitems (list elements marked role=none, such as row blocks, are not items).
        const list = bar.querySelector('[aria-label="Papers on this page"]');
        probe.items = (list ?? bar).querySelectorAll('li:not([role]), [role="listitem"]').length;
        probe.chips = bar.querySelectorAll('.chip, [data-topic]').length;
        if (probe.items >= expected && probe.chips > 0 && markerReady) {
          probe.readyAt = performance.now();
          return;
        }
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

export interface ListingResult {
  probe: ListingProbe;
  domContentLoaded: number;
  loadEventEnd: number;
}

export function readListingProbe(): ListingResult {
  const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
  return {
    probe: window.__bench as ListingProbe,
    domContentLoaded: nav?.domContentLoadedEventEnd ?? Number.NaN,
    loadEventEnd: nav?.loadEventEnd ?? Number.NaN,
  };
}

export interface ToggleProbe {
  clickAt: number | null;
  /** performance.now() of each host-page mutation callback after the click. */
  mutations: number[];
  /** performance.now() in a task queued from the first animation frame after the last mutation:
   * the frame that shows the update has been produced by then. */
  frameAt: number | null;
}

/** Watches the host page (light DOM only: the sidebar's own shadow tree is not observed). */
export function installToggleProbe(): void {
  const t: ToggleProbe = { clickAt: null, mutations: [], frameAt: null };
  window.__toggle = t;
  window.addEventListener(
    'click',
    () => {
      t.clickAt = performance.now();
      t.mutations = [];
      t.frameAt = null;
    },
    true,
  );
  new MutationObserver(() => {
    if (t.clickAt === null) return;
    t.mutations.push(performance.now());
    requestAnimationFrame(() =>
      setTimeout(() => {
        t.frameAt = performance.now();
      }, 0),
    );
  }).observe(document.documentElement, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['class', 'hidden', 'style'],
  });
}
