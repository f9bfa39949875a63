/** Canonical, versionless paper ids (`arxiv:2401.01234`). */

const NEW_STYLE = /^(\d{4}\.\d{4,5})(?:v(\d+))?$/;
const OLD_STYLE = /^([a-z][a-z.-]*\/\d{7})(?:v(\d+))?$/i;

export interface ArxivRef {
  /** versionless arXiv id, e.g. 2401.01234 or hep-th/9901001 */
  arxivId: string;
  version?: number;
}

/**
 * Parses an arXiv id from a bare id, an `arXiv:` label or an abs/pdf/html URL.
 * Returns null for anything that is not an arXiv id.
 */
export function parseArxivRef(input: string): ArxivRef | null {
  let s = input.trim();
  s = s.replace(/^arxiv:\s*/i, '');
  const url =
    /^(?:https?:)?\/\/(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i.exec(
      s,
    );
  if (url?.[1]) s = url[1];
  const rel = /^\/?(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?\/?$/.exec(s);
  if (rel?.[1]) s = rel[1];
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (!m?.[1]) return null;
  const ref: ArxivRef = { arxivId: m[1] };
  if (m[2]) ref.version = Number(m[2]);
  return ref;
}

export function arxivPaperId(arxivId: string): string {
  return `arxiv:${arxivId}`;
}

/** `arxiv:2401.01234` -> `2401.01234`; null when the id is not an arXiv one. */
export function arxivIdOf(paperId: string): string | null {
  return paperId.startsWith('arxiv:') ? paperId.slice('arxiv:'.length) : null;
}

export function arxivAbsUrl(arxivId: string): string {
  return `https://arxiv.org/abs/${arxivId}`;
}

export function arxivPdfUrl(arxivId: string): string {
  return `https://arxiv.org/pdf/${arxivId}`;
}

/** OpenReview papers are keyed by their forum id (= the submission note's id). */
export function openreviewPaperId(forumId: string): string {
  return `openreview:${forumId}`;
}

/** `openreview:<forum>` -> `<forum>`; null when the id is not an OpenReview one. */
export function openreviewForumOf(paperId: string): string | null {
  return paperId.startsWith('openreview:') ? paperId.slice('openreview:'.length) : null;
}
