import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureHostStyle,
  HIDDEN_CLASS,
  HOST_CSS,
  HOST_STYLE_ATTR,
  HostFilter,
  hostCss,
  measureEntryHeights,
  removeHostStyle,
} from '../../entrypoints/papers.content/host-page';

/** An arXiv-like listing: `<dl>` of dt + dd pairs; entry i = [dt, dd]. */
function listing(n: number) {
  document.body.innerHTML = '';
  const dl = document.createElement('dl');
  const entries: { nodes: Element[] }[] = [];
  for (let i = 0; i < n; i++) {
    const dt = document.createElement('dt');
    dt.textContent = `[${i + 1}] arXiv:2609.${String(i).padStart(5, '0')}`;
    const dd = document.createElement('dd');
    dd.textContent = `Title ${i}`;
    dl.append(dt, dd);
    entries.push({ nodes: [dt, dd] });
  }
  document.body.append(dl);
  return { dl, entries };
}

const snapshot = (dl: Element) => [...dl.children].map((c) => c.textContent);

describe('HostFilter', () => {
  beforeEach(() => removeHostStyle(document));

  it('hides exactly the chosen entries by one class and shows them again, without moving a node', () => {
    const { dl, entries } = listing(6);
    const before = snapshot(dl);
    const parents = entries.flatMap((e) => e.nodes.map((n) => n.parentNode));
    const f = new HostFilter(document);
    f.setEntries(entries);

    f.apply([true, false, true, false, false, true]);
    const hidden = [...dl.children].filter((c) => c.classList.contains(HIDDEN_CLASS));
    expect(hidden.map((c) => c.textContent)).toEqual([
      '[1] arXiv:2609.00000',
      'Title 0',
      '[3] arXiv:2609.00002',
      'Title 2',
      '[6] arXiv:2609.00005',
      'Title 5',
    ]);
    // Only the class: no inline style, no other attribute.
    for (const n of hidden) expect(n.getAttributeNames()).toEqual(['class']);
    expect(snapshot(dl)).toEqual(before);
    expect(entries.flatMap((e) => e.nodes.map((n) => n.parentNode))).toEqual(parents);
    expect(document.querySelectorAll(`style[${HOST_STYLE_ATTR}]`)).toHaveLength(1);

    f.clear();
    expect(dl.querySelectorAll(`.${HIDDEN_CLASS}`)).toHaveLength(0);
    expect(snapshot(dl)).toEqual(before);
  });

  it('leaves undecided entries (undefined) as they are', () => {
    const { entries } = listing(3);
    const f = new HostFilter(document);
    f.setEntries(entries);
    f.apply([true, true, true]);
    f.apply([false, undefined, undefined]);
    expect(entries.map((e) => e.nodes[0]?.classList.contains(HIDDEN_CLASS))).toEqual([false, true, true]);
  });

  it('un-hides entries that disappear on a re-parse and adopts the class state of those that stay', () => {
    const { entries } = listing(4);
    const f = new HostFilter(document);
    f.setEntries(entries);
    f.apply([true, true, false, false]);
    f.setEntries(entries.slice(1));
    expect(entries[0]?.nodes[0]?.classList.contains(HIDDEN_CLASS)).toBe(false);
    expect(f.isHidden(0)).toBe(true); // old entry 1, still hidden
    f.clear();
    expect(entries.some((e) => e.nodes.some((n) => n.classList.contains(HIDDEN_CLASS)))).toBe(false);
  });

  it('one toggle on a 2,000-entry page is one batch touching only the entries that change', async () => {
    const { dl, entries } = listing(2000);
    const f = new HostFilter(document);
    f.setEntries(entries);
    const hideMost = entries.map((_, i) => i % 10 !== 0);
    const records: MutationRecord[] = [];
    const mo = new MutationObserver((r) => records.push(...r));
    mo.observe(dl, { attributes: true, subtree: true, childList: true });

    expect(f.apply(hideMost)).toBe(1800);
    await Promise.resolve();
    records.push(...mo.takeRecords());
    expect(records.filter((r) => r.type === 'childList')).toHaveLength(0);
    expect(records).toHaveLength(3600); // dt + dd of the 1,800 hidden entries, nothing else
    expect(dl.querySelectorAll(`.${HIDDEN_CLASS}`)).toHaveLength(3600);

    records.length = 0;
    expect(f.apply(hideMost)).toBe(0); // nothing changed: no write at all
    await Promise.resolve();
    expect(mo.takeRecords()).toHaveLength(0);
    mo.disconnect();
  });

  it('injects its stylesheet once', () => {
    ensureHostStyle(document);
    ensureHostStyle(document);
    const styles = document.querySelectorAll(`style[${HOST_STYLE_ATTR}]`);
    expect(styles).toHaveLength(1);
    expect(styles[0]?.textContent).toContain(`.${HIDDEN_CLASS}{`);
  });
});

describe('host stylesheet (content-visibility of entries)', () => {
  const SELECTOR = '#dlpage dl > dt, #dlpage dl > dd';
  const styles = () => document.querySelectorAll<HTMLStyleElement>(`style[${HOST_STYLE_ATTR}]`);
  beforeEach(() => {
    removeHostStyle(document);
    // No layout here: entry heights as a browser would report them (dt 22 px, dd 180 px).
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.localName === 'dd' ? 180 : this.localName === 'dt' ? 22 : 0;
      },
    });
  });
  afterEach(() => {
    Reflect.deleteProperty(HTMLElement.prototype, 'offsetHeight');
  });

  it('writes nothing to the host page while nothing is hidden', async () => {
    const { dl, entries } = listing(50);
    const mo = new MutationObserver(() => {});
    mo.observe(document.documentElement, { attributes: true, subtree: true, childList: true });
    const f = new HostFilter(document);
    f.setEntries(entries, SELECTOR);
    expect(f.apply(entries.map(() => false))).toBe(0);
    expect(f.apply(entries.map(() => undefined))).toBe(0);
    f.clear();
    await Promise.resolve();
    expect(mo.takeRecords()).toHaveLength(0);
    mo.disconnect();
    expect(styles()).toHaveLength(0);
    expect(dl.querySelectorAll('[class]')).toHaveLength(0);
  });

  it('is injected once, at the first hide; sizes are read and the content-visibility rule added only when entries are first shown again', () => {
    const { entries } = listing(200);
    const f = new HostFilter(document);
    f.setEntries(entries, SELECTOR);
    let reads = 0;
    const height = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get(this: HTMLElement) {
        reads++;
        return height?.get?.call(this);
      },
    });
    // A remembered filter applied at page load: hide only, no layout read.
    f.apply(entries.map((_, i) => i % 2 === 0));
    expect(reads).toBe(0);
    expect(styles()[0]?.textContent).toBe(HOST_CSS);
    f.apply(entries.map(() => false));
    expect(reads).toBeGreaterThan(0);
    f.apply(entries.map((_, i) => i % 3 === 0));
    expect(styles()).toHaveLength(1);
    const css = styles()[0]?.textContent ?? '';
    expect(css).toContain(`.${HIDDEN_CLASS}{display:none!important}`);
    expect(css).toContain(
      `dd:is(${SELECTOR}){content-visibility:auto;contain-intrinsic-block-size:auto 180px}`,
    );
    expect(css).toContain(
      `dt:is(${SELECTOR}){content-visibility:auto;contain-intrinsic-block-size:auto 22px}`,
    );
  });

  it('is put back when the page took it away, and removed on teardown', () => {
    const { entries } = listing(10);
    const f = new HostFilter(document);
    f.setEntries(entries, SELECTOR);
    f.apply(entries.map((_, i) => i < 5));
    styles()[0]?.remove();
    f.apply(entries.map((_, i) => i > 5));
    expect(styles()).toHaveLength(1);
    f.clear();
    removeHostStyle(document);
    expect(styles()).toHaveLength(0);
    expect(document.querySelectorAll(`.${HIDDEN_CLASS}`)).toHaveLength(0);
  });

  it('gives no rule to entries without a selector or a measured height (they would collapse)', () => {
    expect(hostCss()).toBe(HOST_CSS);
    expect(hostCss(SELECTOR, new Map([['dd', 0]]))).toBe(HOST_CSS);
    const { entries } = listing(4);
    entries[0]?.nodes[0]?.classList.add(HIDDEN_CLASS); // not measured: display:none reads 0
    expect(measureEntryHeights(entries)).toEqual(
      new Map([
        ['dd', 180],
        ['dt', 22],
      ]),
    );
  });
});
