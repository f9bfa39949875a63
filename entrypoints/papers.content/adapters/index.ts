/** Adapter registry (CONVENTIONS.md "Site adapters"): one site per file, file name = adapter id. */
import { arxivListing } from './arxiv-listing';
import type { SiteAdapter } from './types';

export const ADAPTERS = [arxivListing] as const satisfies readonly SiteAdapter[];

/** The adapter for a page URL; undefined for pages PaperSift does not support (e.g. arxiv.org/help). */
export function findAdapter(url: URL): SiteAdapter | undefined {
  return ADAPTERS.find((a) => a.matches(url));
}

export type { ParsedEntry, ParsedPage, SiteAdapter } from './types';
export { LayoutNotRecognisedError } from './types';
