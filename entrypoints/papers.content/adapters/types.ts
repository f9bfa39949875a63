/** Site adapter contract (CONVENTIONS.md "Site adapters"): pure parse(doc, url). */
import type { Paper, SiteId } from '../../../lib/types';

export interface ParsedEntry {
  paper: Paper;
  /** Host-page nodes that make up this entry (arXiv: its dt + dd). Hidden by filters, never moved. */
  nodes: Element[];
}

export interface ParsedPage {
  site: SiteId;
  /** Page kind, e.g. 'list-new', 'list-recent', 'search', 'abs'. */
  kind: string;
  entries: ParsedEntry[];
  /** The count the page itself states ("showing X of Y entries"), when it states one. */
  expectedCount?: number;
  /** Human-readable problems that did not stop the parse (e.g. count mismatch). */
  warnings: string[];
  /**
   * True when some or all entries have no abstract on the page (title-only listings such as /recent,
   * or old-layout replacements); the background may fetch the missing ones (papers with abstract '').
   */
  titleOnly: boolean;
}

export interface SiteAdapter {
  /** = file name of the adapter. */
  id: string;
  site: SiteId;
  /** Example URLs this adapter must match (registry test checks none of the others match them). */
  examples: readonly string[];
  matches(url: URL): boolean;
  /** Throws LayoutNotRecognisedError when the page should have entries but its landmarks are gone. */
  parse(doc: Document, url: URL): ParsedPage;
  /**
   * Client-rendered sites only (OpenReview): false while the page's list has not rendered yet, when
   * parse() returns zero entries. The content script then watches the DOM and parses again.
   * Absent = the page is server-rendered and always ready.
   */
  isReady?(doc: Document): boolean;
}

export class LayoutNotRecognisedError extends Error {
  constructor(
    readonly site: SiteId,
    readonly kind: string,
    detail: string,
  ) {
    super(`This ${site} page's layout (${kind}) is not recognised: ${detail}`);
    this.name = 'LayoutNotRecognisedError';
  }
}
