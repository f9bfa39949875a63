/**
 * Where the main-thread time goes: a Chromium performance trace (CDP Tracing, the data behind
 * DevTools' Performance panel) of one page while something happens, summarised as self time per
 * kind of work on that page's renderer main thread, with script split by origin (the extension's
 * content script = chrome-extension:// URLs, vs the page's own). Used once per figure, after the
 * timed runs, because tracing slows the page down (on a 2,000-entry page's relayout by up to 20×):
 * read its numbers as proportions, not as timings.
 */
import type { Page } from '@playwright/test';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; frame?: string } };
}

export interface TraceSummary {
  /** ms of self time on the page's renderer main thread, by kind. */
  byKind: Record<string, number>;
  /** Top-level tasks over 50 ms: duration and whether extension script ran inside. */
  longTasks: { ms: number; extensionScriptMs: number; styleLayoutMs: number }[];
  windowMs: number;
}

const CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'blink.user_timing',
];

function kindOf(name: string): string | null {
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles' || name === 'ParseAuthorStyleSheet')
    return 'style';
  if (
    name === 'Layout' ||
    name === 'UpdateLayerTree' ||
    name === 'IntersectionObserverController::computeIntersections'
  )
    return 'layout';
  if (/Paint|Layerize|Composite|Commit|RasterTask/.test(name)) return 'paint/composite';
  if (name === 'ParseHTML') return 'parse HTML';
  if (
    /^(FunctionCall|EvaluateScript|v8\.|V8\.|TimerFire|EventDispatch|FireAnimationFrame|RunMicrotasks|v8\.compile|CompileScript|v8\.run|MajorGC|MinorGC|BlinkGC)/.test(
      name,
    )
  )
    return /GC/.test(name) ? 'GC' : 'script';
  return null;
}

/**
 * Runs `during` while tracing the page and summarises its main thread between two marks. With
 * `navigates`, `during` loads a new document (which may live in another renderer process), so the
 * busiest renderer main thread of the whole trace is summarised instead.
 */
export async function traceDuring(
  page: Page,
  during: () => Promise<void>,
  opts: { navigates?: boolean; light?: boolean } = {},
): Promise<TraceSummary> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => {
    for (const ev of e.value as unknown as TraceEvent[]) events.push(ev);
  });
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    // light: without the disabled-by-default events (no RunTask, so no long-task list), which
    // slow a 2,000-entry relayout down the most
    traceConfig: {
      includedCategories: opts.light ? ['devtools.timeline', 'blink.user_timing'] : CATEGORIES,
      recordMode: 'recordAsMuchAsPossible',
    },
  });
  if (!opts.navigates) await page.evaluate(() => performance.mark('bench-trace-start'));
  await during();
  if (!opts.navigates) await page.evaluate(() => performance.mark('bench-trace-end'));
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach().catch(() => {});
  return summarise(events);
}

export function summarise(events: TraceEvent[]): TraceSummary {
  const names = new Map<string, string>();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  // The page's main thread: the renderer main thread on which our user-timing marks landed.
  const mark = events.find((e) => e.name === 'bench-trace-start');
  const endMark = events.find((e) => e.name === 'bench-trace-end');
  const busy = new Map<string, number>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && names.get(k) === 'CrRendererMain') busy.set(k, (busy.get(k) ?? 0) + (e.dur ?? 0));
  }
  const key = mark ? `${mark.pid}:${mark.tid}` : [...busy.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onThread = events.filter((e) => `${e.pid}:${e.tid}` === key && e.ph === 'X');
  const t0 = mark?.ts ?? Math.min(...onThread.map((e) => e.ts));
  const t1 = endMark?.ts ?? Math.max(...onThread.map((e) => e.ts + (e.dur ?? 0)));
  const own = onThread
    .filter((e) => e.ts >= t0 && e.ts <= t1)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const byKind: Record<string, number> = {};
  const longTasks: TraceSummary['longTasks'] = [];
  // Sweep with a stack: self time = duration minus children; script origin inherited from the
  // nearest ancestor that names a URL.
  interface Frame {
    e: TraceEvent;
    end: number;
    child: number;
    origin: string;
    kind: string | null;
    /** Origin of the script this event runs inside (style/layout inside script = forced sync). */
    inScript: string | null;
    top: TraceSummary['longTasks'][number] | null;
  }
  const stack: Frame[] = [];
  const close = (f: Frame) => {
    const self = Math.max(0, (f.e.dur ?? 0) - f.child) / 1000;
    let kind = f.kind;
    if (kind === 'script' && f.origin === 'extension') kind = 'script: extension';
    else if (kind === 'script' && f.origin === 'page') kind = 'script: page';
    // Timers and microtasks carry no URL: on the benchmarked pages (whose own scripts are refused
    // by the no-network routing) that is mostly the content script's scheduled work.
    else if (kind === 'script') kind = 'script: no URL (timers, microtasks)';
    else if ((kind === 'style' || kind === 'layout') && f.inScript === 'extension')
      kind = `${kind} forced by extension script`;
    if (kind) byKind[kind] = (byKind[kind] ?? 0) + self;
    const top = stack.find((s) => s.top)?.top ?? f.top;
    if (top && kind === 'script: extension') top.extensionScriptMs += self;
    if (top && kind && /^(style|layout)/.test(kind)) top.styleLayoutMs += self;
  };
  for (const e of own) {
    while (stack.length && (stack[stack.length - 1] as Frame).end <= e.ts) close(stack.pop() as Frame);
    const parent = stack[stack.length - 1];
    if (parent) parent.child += e.dur ?? 0;
    const url = e.args?.data?.url ?? '';
    const origin = url
      ? url.startsWith('chrome-extension://')
        ? 'extension'
        : 'page'
      : (parent?.origin ?? 'unknown');
    let top: Frame['top'] = null;
    if (!parent && e.name === 'RunTask' && (e.dur ?? 0) > 50_000) {
      top = { ms: (e.dur ?? 0) / 1000, extensionScriptMs: 0, styleLayoutMs: 0 };
      longTasks.push(top);
    }
    const kind = kindOf(e.name);
    const inScript = parent?.kind === 'script' ? parent.origin : (parent?.inScript ?? null);
    stack.push({ e, end: e.ts + (e.dur ?? 0), child: 0, origin, kind, inScript, top });
  }
  while (stack.length) close(stack.pop() as Frame);
  for (const k of Object.keys(byKind)) byKind[k] = Math.round(byKind[k] as number);
  for (const t of longTasks) {
    t.ms = Math.round(t.ms);
    t.extensionScriptMs = Math.round(t.extensionScriptMs);
    t.styleLayoutMs = Math.round(t.styleLayoutMs);
  }
  return { byKind, longTasks, windowMs: Number.isFinite(t1) ? Math.round((t1 - t0) / 1000) : Number.NaN };
}

export function describeTrace(s: TraceSummary): string {
  const kinds = Object.entries(s.byKind)
    .filter(([, ms]) => ms >= 1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, ms]) => `${k} ${ms}`)
    .join(', ');
  const lt = s.longTasks
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((t) => `${t.ms} (ext script ${t.extensionScriptMs}, style+layout ${t.styleLayoutMs})`)
    .join('; ');
  return `main-thread self time in ms over ${s.windowMs} ms: ${kinds}; ${s.longTasks.length} tasks > 50 ms${lt ? `, longest: ${lt}` : ''}`;
}
