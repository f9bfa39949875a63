/** Adapter registry (CONVENTIONS.md "Site adapters"): one site per file, file name = adapter id. */
import { arxivAbs } from './arxiv-abs';
import { arxivListing } from './arxiv-listing';
import { arxivSearch } from './arxiv-search';
import { huggingfacePapers } from './huggingface-papers';
import { openreviewGroup } from './openreview-group';
import type { SiteAdapter } from './types';

/** Their `matches` are disjoint (tests/adapters/registry.test.ts), so order does not matter. */
export const ADAPTERS = [
  arxivListing,
  arxivSearch,
  arxivAbs,
  huggingfacePapers,
  openreviewGroup,
] as const satisfies readonly SiteAdapter[];

/** The adapter for a page URL; undefined for pages PaperSift does not support (e.g. arxiv.org/help). */
export function findAdapter(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((a) => a.matches(url));
}

export type { ParsedEntry, ParsedPage, SiteAdapter } from './types';
export { LayoutNotRecognisedError } from './types';
