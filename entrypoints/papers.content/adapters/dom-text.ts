/**
 * Text helpers shared by the adapters. Pure DOM reads (no mutation), so they are safe on host pages
 * (other extensions such as Zotero's connector read the same nodes).
 */

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * Rendered math that duplicates its TeX source. MathJax 2 (arXiv listings/abs pages) keeps the TeX in
 * a sibling `script[type^="math/tex"]`; we read that and skip the rendered spans, so "$O(n^2)$" stays
 * text and the classifier sees the same words before and after MathJax runs.
 */
const RENDERED_MATH = '.MathJax, .MathJax_Preview, .MathJax_Display, .MathJax_SVG, .MJX_Assistive_MathML';
/** Tags whose boundaries separate words even without whitespace in the source. */
const BLOCK_TAGS = new Set([
  'P',
  'DIV',
  'LI',
  'BR',
  'TR',
  'TD',
  'H1',
  'H2',
  'H3',
  'H4',
  'BLOCKQUOTE',
  'DT',
  'DD',
]);
const SKIPPED_TAGS = new Set(['STYLE', 'NOSCRIPT', 'TEMPLATE', 'svg', 'SVG']);

/**
 * Whitespace that `normaliseWs` must rewrite: runs of two or more, and single whitespace other than a
 * plain space. Same result as replacing every `\s+` run, but a single space (the common case in long
 * abstracts) is not a match, so typical text costs one scan and no replacement.
 */
const WS_TO_COLLAPSE = /\s{2,}|[^\S ]/g;

/** Collapses every run of whitespace (incl. NBSP and newlines) to one space and trims. */
export function normaliseWs(s: string): string {
  return s.replace(WS_TO_COLLAPSE, ' ').trim();
}

/** Selectors of the form `.cls` or `tag.cls` (and lists of them) only match elements with a class. */
const CLASS_ONLY_SELECTOR = /^\s*[a-z0-9-]*\.[\w-]+(?:\s*,\s*[a-z0-9-]*\.[\w-]+)*\s*$/i;
const classOnlyCache = new Map<string, boolean>();
function needsClass(selector: string): boolean {
  let v = classOnlyCache.get(selector);
  if (v === undefined) {
    v = CLASS_ONLY_SELECTOR.test(selector);
    classOnlyCache.set(selector, v);
  }
  return v;
}

/**
 * Normalised text of `el`, leaving out descendants that match `skip` (e.g. `span.descriptor` for
 * arXiv's "Title:" label) and keeping math as TeX text.
 */
export function textOf(el: Element | null | undefined, skip?: string): string {
  if (!el) return '';
  // No element children: the walk below would concatenate the Text/CDATA children, which is exactly
  // textContent (comments and processing instructions are in neither).
  if (el.firstElementChild === null) return normaliseWs(el.textContent ?? '');
  const out: string[] = [];
  walk(el, skip, skip !== undefined && needsClass(skip), out);
  return normaliseWs(out.join(''));
}

function walk(node: Node, skip: string | undefined, skipNeedsClass: boolean, out: string[]): void {
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) {
      out.push(child.nodeValue ?? '');
      continue;
    }
    if (child.nodeType !== ELEMENT_NODE) continue;
    const el = child as Element;
    const tag = el.tagName.toUpperCase();
    if (tag === 'SCRIPT') {
      const type = (el.getAttribute('type') ?? '').toLowerCase();
      if (type.startsWith('math/tex')) {
        const d = type.includes('mode=display') ? '$$' : '$';
        out.push(` ${d}${el.textContent ?? ''}${d} `);
      }
      continue;
    }
    if (SKIPPED_TAGS.has(el.tagName) || SKIPPED_TAGS.has(tag)) continue;
    // `matches` is the costly call here; RENDERED_MATH (and class-only skips such as
    // `span.descriptor`) cannot match an element without a class attribute.
    const hasClass = !!el.getAttribute('class');
    if (skip && (hasClass || !skipNeedsClass) && el.matches(skip)) continue;
    if (hasClass && el.matches(RENDERED_MATH)) continue;
    if (tag === 'MJX-CONTAINER') {
      // MathJax 3 keeps no TeX in the DOM; its assistive MathML is the closest text.
      out.push(` ${el.querySelector('mjx-assistive-mml')?.textContent ?? ''} `);
      continue;
    }
    if (hasClass && el.classList.contains('katex')) {
      const tex = el.querySelector('annotation[encoding="application/x-tex"]')?.textContent;
      out.push(` $${tex ?? el.textContent ?? ''}$ `);
      continue;
    }
    const block = BLOCK_TAGS.has(tag);
    if (block) out.push(' ');
    walk(el, skip, skipNeedsClass, out);
    if (block) out.push(' ');
  }
}

const SIMPLE_ABS_PATH = /^(?:\/[A-Za-z0-9._~-]+)+\/?$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const SIMPLE_ABS_URL =
  /^https?:\/\/(?!xn--)(?:[a-z0-9-]+\.(?!xn--))*[a-z][a-z0-9-]*(?:\/[A-Za-z0-9._~-]+)+\/?$/;

/** Absolute URL of an `href`, or undefined when it is missing or unparsable. */
export function absUrl(href: string | null | undefined, base: URL | string): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  // Fast path for the common `/pdf/2609.22268` on an http(s) page: what the URL parser returns for a
  // path-absolute reference of plain path characters (nothing to percent-encode, no dot segments).
  if (
    typeof base !== 'string' &&
    (base.protocol === 'https:' || base.protocol === 'http:') &&
    base.username === '' &&
    base.password === '' &&
    SIMPLE_ABS_PATH.test(h) &&
    !DOT_SEGMENT.test(h)
  ) {
    return `${base.protocol}//${base.host}${h}`;
  }
  // Already-canonical absolute http(s) URLs (arXiv search's `https://arxiv.org/pdf/2512.03003v1`):
  // lower-case ASCII host whose last label is not numeric (no IPv4 rewriting) and no `xn--` label
  // (no IDNA check), plain path, no dot segments. The URL parser returns them unchanged.
  if (typeof base !== 'string' && SIMPLE_ABS_URL.test(h) && !DOT_SEGMENT.test(h)) return h;
  try {
    return new URL(h, base).href;
  } catch {
    return undefined;
  }
}

/** "77,800" / "1 234" / "204" -> number; undefined when not a number. */
export function parseCount(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s.replace(/[,\s\u00a0.]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** Human warning for a parse that does not match the page's own count. */
export function countMismatchWarning(parsed: number, expected: number, what: string): string {
  return `Found ${parsed} of the ${expected} papers this page says it shows (${what}); some papers may be missing from the sidebar.`;
}
