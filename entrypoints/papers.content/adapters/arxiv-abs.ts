/**
 * arXiv abstract page `/abs/<id>[v<n>]`: one paper. Markup: STRUCTURE.md ("arXiv abstract pages"),
 * verified on arxiv-abs-2021-1.html (old chrome) and arxiv-abs-2026-1.html (ds-site-header chrome);
 * the `#abs` block is the same in both.
 */
import { arxivAbsUrl, arxivPaperId, parseArxivRef } from '../../../lib/ids';
import type { Paper } from '../../../lib/types';
import { categoriesFromSubjects } from './arxiv-listing';
import { absUrl, normaliseWs, textOf } from './dom-text';
import { LayoutNotRecognisedError, type ParsedPage, type SiteAdapter } from './types';

// ---------------------------------------------------------------- selectors
// Abstract page, e.g. https://arxiv.org/abs/2106.09608 (2021) and https://arxiv.org/abs/2609.22268 (2026).
// Highwire `citation_*` meta tags are arXiv's machine-readable metadata (Zotero reads them too), so
// they come first; the visible `#abs` block is the fallback.
const META = (name: string): string => `meta[name="${name}"]`;
const META_ID = META('citation_arxiv_id');
const META_TITLE = META('citation_title');
const META_AUTHOR = META('citation_author');
const META_ABSTRACT = META('citation_abstract');
const META_PDF = META('citation_pdf_url');
/** "2026/09/09". */
const META_DATE = META('citation_date');
/** Host-page node of the paper (what a filter hides). */
const ABS_BLOCK = '#abs';
const ABS_BLOCK_FALLBACK = '#abs-outer, #content';
const TITLE = 'h1.title';
/** Display names ("Théo Andrieux"); the meta tags have "Andrieux, Théo". */
const AUTHOR_LINKS = 'div.authors a';
const ABSTRACT = 'blockquote.abstract';
const DESCRIPTOR = 'span.descriptor';
const SUBJECTS = 'td.tablecell.subjects';
/** "(or arXiv:2106.09608v2 for this version)": the version this page shows. */
const THIS_VERSION_LINK = 'td.tablecell.arxividv a[href*="/abs/"]';
const CITE_AS_LINK = 'td.tablecell.arxivid a[href*="/abs/"]';
const PDF_LINK = 'a.download-pdf';

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org']);

/** The arXiv id in an `/abs/` URL, or null. */
export function absRef(url: URL): ReturnType<typeof parseArxivRef> {
  if (!HOSTS.has(url.hostname) || !url.pathname.startsWith('/abs/')) return null;
  return parseArxivRef(url.pathname);
}

const meta = (doc: Document, sel: string): string =>
  normaliseWs(doc.querySelector(sel)?.getAttribute('content') ?? '');

export function parseAbs(doc: Document, url: URL): ParsedPage {
  const block = doc.querySelector(ABS_BLOCK) ?? doc.querySelector(ABS_BLOCK_FALLBACK);
  const urlRef = absRef(url);
  const ref =
    parseArxivRef(meta(doc, META_ID)) ??
    parseArxivRef(block?.querySelector(CITE_AS_LINK)?.getAttribute('href') ?? '') ??
    (block ? urlRef : null);
  const title = meta(doc, META_TITLE) || textOf(block?.querySelector(TITLE), DESCRIPTOR);
  if (!ref || !title || !block) {
    throw new LayoutNotRecognisedError(
      'arxiv',
      'abs',
      !block ? 'no #abs block' : !ref ? 'no arXiv id (citation_arxiv_id)' : 'no title',
    );
  }

  let authors = Array.from(block.querySelectorAll(AUTHOR_LINKS), (a) => textOf(a)).filter(Boolean);
  if (authors.length === 0) {
    authors = Array.from(doc.querySelectorAll(META_AUTHOR), (m) =>
      displayName(m.getAttribute('content') ?? ''),
    ).filter(Boolean);
  }
  const paper: Paper = {
    id: arxivPaperId(ref.arxivId),
    title,
    authors,
    abstract: meta(doc, META_ABSTRACT) || textOf(block.querySelector(ABSTRACT), DESCRIPTOR),
    url: arxivAbsUrl(ref.arxivId),
    site: 'arxiv',
    sourceUrl: url.href,
  };
  const pdfUrl = meta(doc, META_PDF) || absUrl(doc.querySelector(PDF_LINK)?.getAttribute('href'), url);
  if (pdfUrl) paper.pdfUrl = pdfUrl;
  const shown = parseArxivRef(block.querySelector(THIS_VERSION_LINK)?.getAttribute('href') ?? '');
  const version =
    (urlRef?.arxivId === ref.arxivId ? urlRef.version : undefined) ??
    (shown?.arxivId === ref.arxivId ? shown.version : undefined);
  if (version !== undefined) paper.version = version;
  const categories = categoriesFromSubjects(block.querySelector(SUBJECTS));
  if (categories.length > 0) paper.categories = categories;
  const date = /^(\d{4})\/(\d{2})\/(\d{2})$/.exec(meta(doc, META_DATE));
  if (date) paper.published = `${date[1]}-${date[2]}-${date[3]}`;

  const warnings: string[] = [];
  if (urlRef && urlRef.arxivId !== ref.arxivId) {
    warnings.push(`This page is for arXiv:${ref.arxivId}, not arXiv:${urlRef.arxivId} as its address says.`);
  }
  return {
    site: 'arxiv',
    kind: 'abs',
    entries: [{ paper, nodes: [block] }],
    expectedCount: 1,
    warnings,
    titleOnly: paper.abstract === '',
  };
}

/** "Riedl, Mark O." -> "Mark O. Riedl". */
function displayName(citationAuthor: string): string {
  const s = normaliseWs(citationAuthor);
  const comma = s.indexOf(',');
  return comma < 0 ? s : normaliseWs(`${s.slice(comma + 1)} ${s.slice(0, comma)}`);
}

export const arxivAbs = {
  id: 'arxiv-abs',
  site: 'arxiv',
  examples: [
    'https://arxiv.org/abs/2106.09608',
    'https://arxiv.org/abs/2609.22268v1',
    'https://arxiv.org/abs/hep-th/9901001',
    'https://www.arxiv.org/abs/2401.01234?context=cs.LG',
  ],
  matches: (url: URL): boolean => absRef(url) !== null,
  parse: parseAbs,
} as const satisfies SiteAdapter;
