/**
 * arXiv listing URLs (`/list/<cat>/new`, `/recent`, `/pastweek`, `/<YYYY-MM>`, `/YYMM`, `/YYYY`):
 * which pages the listing adapter (entrypoints/papers.content/adapters/arxiv-listing.ts) reads,
 * and of which kind. URL only, no DOM: the frame put in at document_start (lib/sidebar-frame.ts)
 * asks it too, before the page exists.
 */

const HOSTS = new Set(['arxiv.org', 'www.arxiv.org']);
const CATEGORY = '[a-z-]+(?:\\.[A-Za-z-]+)?';
const LIST_PATH = new RegExp(`^/list/(${CATEGORY})/(new|recent|pastweek|\\d{4}-\\d{2}|\\d{4}|\\d{2})/?$`);

export type ArxivListingKind = 'list-new' | 'list-recent' | 'list-pastweek' | 'list-month' | 'list-year';

/** Page kind from the URL, or null when the URL is not a supported listing. */
export function listingKind(url: URL): ArxivListingKind | null {
  if (!HOSTS.has(url.hostname) || (url.protocol !== 'https:' && url.protocol !== 'http:')) return null;
  const m = LIST_PATH.exec(url.pathname);
  const period = m?.[2];
  if (!period) return null;
  if (period === 'new' || period === 'recent' || period === 'pastweek') return `list-${period}`;
  // /YYYY-MM (current), /YYMM (old style), /YYYY (whole year), /YY (old-style year).
  if (/^\d{4}-\d{2}$/.test(period)) return validMonth(Number(period.slice(5))) ? 'list-month' : null;
  if (/^\d{4}$/.test(period)) {
    // 4 digits are ambiguous: 2024 = year, 2408 = YYMM. arXiv starts in 1991, so 19xx/20xx is a year.
    const n = Number(period);
    if (n >= 1991 && n <= 2099) return 'list-year';
    return validMonth(n % 100) ? 'list-month' : null;
  }
  return 'list-year';
}

const validMonth = (m: number): boolean => m >= 1 && m <= 12;
