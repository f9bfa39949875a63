/**
 * Word tokeniser shared by the rule engine, the learner and the speed baseline.
 *
 * Tokens are maximal runs of ASCII letters and digits, lower-cased. Everything else (hyphens, colons,
 * LaTeX, `%`) separates tokens, so "Mixture-of-Experts", "mixture of experts" and "2:4" vs "2 4"
 * all tokenise alike and the patterns need not spell out separator variants.
 * Offsets are into the original string, so evidence can be highlighted in the text as shown.
 */

/** Reusable token buffer: the classifier tokenises into one of these to avoid per-call allocation. */
export interface TokenBuffer {
  /** Number of valid entries. */
  length: number;
  words: string[];
  starts: number[];
  ends: number[];
}

export function createTokenBuffer(): TokenBuffer {
  return { length: 0, words: [], starts: [], ends: [] };
}

function isWordChar(c: number): boolean {
  // 0-9, A-Z, a-z
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Tokenises `text` into `buf` (overwriting it) and returns the number of tokens. */
export function tokenizeInto(text: string, buf: TokenBuffer): number {
  let n = 0;
  const len = text.length;
  let i = 0;
  while (i < len) {
    if (!isWordChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let hasUpper = false;
    while (i < len) {
      const c = text.charCodeAt(i);
      if (!isWordChar(c)) break;
      if (c >= 65 && c <= 90) hasUpper = true;
      i++;
    }
    const raw = text.slice(start, i);
    buf.words[n] = hasUpper ? raw.toLowerCase() : raw;
    buf.starts[n] = start;
    buf.ends[n] = i;
    n++;
  }
  buf.length = n;
  return n;
}

const scratch = createTokenBuffer();

/** Plain tokenise-only pass (lower-cased word tokens); also the speed baseline of the benchmark. */
export function tokenize(text: string): string[] {
  const n = tokenizeInto(text, scratch);
  return scratch.words.slice(0, n);
}
