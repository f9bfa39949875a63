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
  /** The tokenised text (offsets point into it). */
  text: string;
  /** Lower-cased tokens; only filled when `hasWords` (see `ensureWords`). */
  words: string[];
  hasWords: boolean;
  starts: number[];
  ends: number[];
  /** Sentence index of each token (a sentence ends at . ! ? followed by a space). */
  sentence: number[];
  /** Word-cache keys of each token, when asked for: FNV-1a hash and (length, first, last character). */
  hashA: number[];
  hashB: number[];
}

export function createTokenBuffer(): TokenBuffer {
  return {
    length: 0,
    text: '',
    words: [],
    hasWords: false,
    starts: [],
    ends: [],
    sentence: [],
    hashA: [],
    hashB: [],
  };
}

function isWordChar(c: number): boolean {
  // 0-9, A-Z, a-z
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Tokenises `text` into `buf` (overwriting it) and returns the number of tokens. With `hash`, it fills
 * hashA/hashB (computed in the same pass) instead of creating the word strings: the classifier's word
 * cache is keyed by the hashes, and strings are made only for words it has not seen (`wordAt`).
 */
export function tokenizeInto(text: string, buf: TokenBuffer, hash = false): number {
  let n = 0;
  const len = text.length;
  buf.text = text;
  buf.hasWords = !hash;
  let i = 0;
  let sentence = 0;
  while (i < len) {
    const c0 = text.charCodeAt(i);
    if (!isWordChar(c0)) {
      // '.', '!', '?' then whitespace: a sentence boundary ("e.g. " over-splits, which is harmless).
      if ((c0 === 46 || c0 === 33 || c0 === 63) && i + 1 < len && text.charCodeAt(i + 1) <= 32) sentence++;
      i++;
      continue;
    }
    const start = i;
    let hasUpper = false;
    let ha = 2166136261;
    while (i < len) {
      let c = text.charCodeAt(i);
      if (!isWordChar(c)) break;
      if (c >= 65 && c <= 90) {
        hasUpper = true;
        c += 32;
      }
      if (hash) ha = Math.imul(ha ^ c, 16777619);
      i++;
    }
    if (hash) {
      // Key = FNV-1a of the lower-cased word + (length, first and last character): two words would
      // have to agree on all of these to share a cache entry.
      buf.hashA[n] = ha | 0;
      buf.hashB[n] =
        ((i - start) << 16) | ((text.charCodeAt(start) | 32) << 8) | (text.charCodeAt(i - 1) | 32);
    }
    if (!hash) {
      const raw = text.slice(start, i);
      buf.words[n] = hasUpper ? raw.toLowerCase() : raw;
    }
    buf.starts[n] = start;
    buf.ends[n] = i;
    buf.sentence[n] = sentence;
    n++;
  }
  buf.length = n;
  return n;
}

/** The lower-cased token i of `buf`, whether or not the words were materialised. */
export function wordAt(buf: TokenBuffer, i: number): string {
  if (buf.hasWords) return buf.words[i] as string;
  return buf.text.slice(buf.starts[i], buf.ends[i]).toLowerCase();
}

/** Materialises all word strings of a buffer tokenised with hashes (for the learner's n-grams). */
export function ensureWords(buf: TokenBuffer): void {
  if (buf.hasWords) return;
  for (let i = 0; i < buf.length; i++) buf.words[i] = wordAt(buf, i);
  buf.hasWords = true;
}

const scratch = createTokenBuffer();

/** Plain tokenise-only pass (lower-cased word tokens); also the speed baseline of the benchmark. */
export function tokenize(text: string): string[] {
  const n = tokenizeInto(text, scratch);
  return scratch.words.slice(0, n);
}
