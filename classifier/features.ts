/**
 * Hashed word uni/bi-gram document vectors (arxiv-sanity style, but tiny) for the learner and for the
 * example papers of user topics. Generic words of ML abstracts are dropped so that two unrelated
 * abstracts share little: that keeps one correction from leaking into every paper.
 */

import { createTokenBuffer, ensureWords, type TokenBuffer, tokenizeInto } from './tokenize';
import type { ClassifierInput } from './types';

export const HASH_BITS = 18;
const HASH_MASK = (1 << HASH_BITS) - 1;
const TITLE_FEATURE_WEIGHT = 2;

/** Function words plus words nearly every ML abstract uses. */
const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as into onto over under than then that this these those ' +
    'it its is are was were be been being has have had do does did can could may might will would should shall must ' +
    'we our us you your they their them he she his her i me my not no nor so such both each other any all some more most ' +
    'very also only just about across after against among around before between during through toward towards upon via ' +
    'which who whom whose what when where why how while whereas however thus hence therefore moreover furthermore ' +
    'here there one two three first second new novel propose proposed proposes present presents introduce introduces ' +
    'paper work study approach approaches method methods framework frameworks technique techniques result results ' +
    'show shows shown demonstrate demonstrates achieve achieves achieved achieving significant significantly ' +
    'performance improve improves improved improvement improvements experiments experimental extensive evaluate ' +
    'evaluation based using use used uses existing state art sota large language model models llm llms lm lms ' +
    'task tasks data training trained train learning learn neural network networks deep code available github com ' +
    'https http www et al e g i e while well high low better best effective effectively efficiency efficient ' +
    'further key various different many several including include includes across up up to'
  ).split(/\s+/),
);

export interface DocVector {
  /** bucket -> L2-normalised value */
  values: Map<number, number>;
  /** bucket -> first occurrence, for evidence */
  where: Map<number, { field: 'title' | 'abstract'; start: number; end: number }>;
}

function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

function addField(
  buf: TokenBuffer,
  field: 'title' | 'abstract',
  weight: number,
  raw: Map<number, number>,
  where: DocVector['where'],
): void {
  let prev = -1;
  for (let i = 0; i < buf.length; i++) {
    const w = buf.words[i] as string;
    if (w.length < 2 || STOP.has(w)) {
      prev = -1;
      continue;
    }
    const uni = fnv1a(w, 2166136261) & HASH_MASK;
    raw.set(uni, (raw.get(uni) ?? 0) + weight);
    if (!where.has(uni))
      where.set(uni, { field, start: buf.starts[i] as number, end: buf.ends[i] as number });
    if (prev >= 0) {
      const bi = fnv1a(`${buf.words[prev]} ${w}`, 2166136261) & HASH_MASK;
      // Bigrams are more specific than unigrams: they weigh a little more.
      raw.set(bi, (raw.get(bi) ?? 0) + weight * 1.5);
      if (!where.has(bi))
        where.set(bi, { field, start: buf.starts[prev] as number, end: buf.ends[i] as number });
    }
    prev = i;
  }
}

/** Builds the normalised vector from already tokenised fields. */
export function docVectorFromBuffers(title: TokenBuffer, abstract: TokenBuffer): DocVector {
  ensureWords(title);
  ensureWords(abstract);
  const raw = new Map<number, number>();
  const where: DocVector['where'] = new Map();
  addField(title, 'title', TITLE_FEATURE_WEIGHT, raw, where);
  addField(abstract, 'abstract', 1, raw, where);
  let norm = 0;
  // Sub-linear term frequency: a word repeated ten times is not ten times the evidence.
  for (const [k, v] of raw) {
    const s = 1 + Math.log(v);
    raw.set(k, s);
    norm += s * s;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of raw) raw.set(k, v / norm);
  return { values: raw, where };
}

const tb = createTokenBuffer();
const ab = createTokenBuffer();

export function docVector(input: ClassifierInput): DocVector {
  tokenizeInto(input.title ?? '', tb);
  tokenizeInto(input.abstract ?? '', ab);
  return docVectorFromBuffers(tb, ab);
}

export function cosine(a: Map<number, number>, b: Map<number, number>): number {
  const [small, big] = a.size <= b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [k, v] of small) {
    const u = big.get(k);
    if (u !== undefined) s += u * v;
  }
  return s;
}

/** Fingerprint of a paper for pinned corrections: its title, normalised (same paper with or without abstract). */
export function paperFingerprint(input: ClassifierInput): string {
  const t = (input.title ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return fnv1a(t, 2166136261).toString(36) + fnv1a(t, 33554467).toString(36);
}
