/**
 * Renders only the rows in (or near) the viewport of a fixed-row-height list, so 10,000 saved
 * papers cost the same as 50. Scrolling is the window's; the list keeps its full height with
 * padding so the scroll bar and keyboard scrolling behave as for a normal list.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps<T> {
  items: readonly T[];
  rowHeight: number;
  /** Rows rendered above and below the visible ones. */
  overscan?: number;
  label: string;
  renderRow: (item: T, index: number) => ComponentChildren;
  /** Index to bring into view (e.g. after keyboard navigation). */
  scrollToIndex?: number | undefined;
}

interface Range {
  start: number;
  end: number;
}

/**
 * Lists up to this long are rendered whole: a few hundred rows cost little, and the page's own
 * find (Ctrl+F) and outside checks then see every paper. Longer lists are windowed.
 */
export const RENDER_ALL_UP_TO = 150;
/** A windowed list still renders at least this many rows from its first one. */
const MIN_ROWS = 40;

function visibleRange(el: HTMLElement | null, count: number, rowHeight: number, overscan: number): Range {
  if (count <= RENDER_ALL_UP_TO) return { start: 0, end: count };
  const viewport = window.innerHeight || 800;
  const top = el ? el.getBoundingClientRect().top : 0;
  const first = Math.floor(Math.max(0, -top) / rowHeight);
  const visible = Math.ceil(viewport / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  return { start, end: Math.min(count, Math.max(first + visible + overscan, start + MIN_ROWS)) };
}

/**
 * Reports the height of the row it watches whenever layout changes it. A ResizeObserver reports
 * after the browser's own layout; reading getBoundingClientRect() after every render instead
 * forced a synchronous layout of the page each time (the first paint and every keystroke).
 */
class RowSize {
  private el: Element | null = null;
  private observer: ResizeObserver | null = null;

  constructor(private onHeight: (height: number) => void) {}

  watch(el: Element | null): void {
    if (el === this.el) return;
    this.el = el;
    if (typeof ResizeObserver === 'undefined') {
      // no ResizeObserver (old or layout-less DOMs): measure once, here
      const h = el?.getBoundingClientRect().height ?? 0;
      if (h > 0) this.onHeight(h);
      return;
    }
    this.observer ??= new ResizeObserver((entries) => {
      const entry = entries[entries.length - 1];
      const h = entry?.borderBoxSize?.[0]?.blockSize ?? entry?.target.getBoundingClientRect().height ?? 0;
      if (h > 0) this.onHeight(h);
    });
    this.observer.disconnect();
    if (el) this.observer.observe(el);
  }

  stop(): void {
    this.observer?.disconnect();
    this.el = null;
  }
}

export function VirtualList<T>(props: VirtualListProps<T>) {
  const { items, overscan = 6 } = props;
  const ref = useRef<HTMLUListElement>(null);
  // The CSS owns the row height (it may change with the window width); measure a rendered row and
  // fall back to the prop before the first layout (and in DOMs without layout, like tests).
  const [measured, setMeasured] = useState(0);
  const rowHeight = measured || props.rowHeight;
  const rowSize = useRef<RowSize | null>(null);
  useLayoutEffect(() => {
    rowSize.current ??= new RowSize((h) => setMeasured((m) => (Math.abs(m - h) > 0.5 ? h : m)));
    rowSize.current.watch(ref.current?.firstElementChild ?? null);
  });
  useEffect(() => () => rowSize.current?.stop(), []);
  const [range, setRange] = useState<Range>(() => ({
    start: 0,
    end: items.length <= RENDER_ALL_UP_TO ? items.length : MIN_ROWS,
  }));

  useLayoutEffect(() => {
    let frame = 0;
    const update = () => {
      frame = 0;
      const next = visibleRange(ref.current, items.length, rowHeight, overscan);
      setRange((r) => (r.start === next.start && r.end === next.end ? r : next));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener('scroll', schedule, { passive: true });
    window.addEventListener('resize', schedule);
    return () => {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [items.length, rowHeight, overscan]);

  useEffect(() => {
    const i = props.scrollToIndex;
    const el = ref.current;
    if (i === undefined || i < 0 || !el) return;
    const top = el.getBoundingClientRect().top + window.scrollY + i * rowHeight;
    const bottom = top + rowHeight;
    if (top < window.scrollY + 120) window.scrollTo({ top: top - 120 });
    else if (bottom > window.scrollY + window.innerHeight)
      window.scrollTo({ top: bottom - window.innerHeight });
  }, [props.scrollToIndex, rowHeight]);

  const start = Math.min(range.start, items.length);
  const end = Math.min(Math.max(range.end, start), items.length);
  return (
    <ul
      ref={ref}
      class="virtual-list"
      aria-label={props.label}
      style={{
        paddingTop: `${start * rowHeight}px`,
        paddingBottom: `${(items.length - end) * rowHeight}px`,
      }}
    >
      {items.slice(start, end).map((item, i) => props.renderRow(item, start + i))}
    </ul>
  );
}
