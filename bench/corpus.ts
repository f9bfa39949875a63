/**
 * Real-looking paper texts for the benchmarks, all taken from saved real data: the 161 labeled
 * abstracts (tests/fixtures/data/labeled-dev.jsonl, ML papers) and the 101 entries of the saved
 * arXiv page (tests/fixtures/pages/arxiv-list-new-2026-1.html, materials science). Beyond the 262
 * originals, texts are the same abstracts with their sentences in a different (seeded) order, so
 * texts are distinct (no cache keyed on text can short-cut a repeat; only single-sentence abstracts
 * repeat) while the words stay real.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const REAL_LISTING = path.join(ROOT, 'tests/fixtures/pages/arxiv-list-new-2026-1.html');
const LABELED = path.join(ROOT, 'tests/fixtures/data/labeled-dev.jsonl');

export interface Text {
  title: string;
  abstract: string;
  authors: string[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: ' ' };
const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)))
    .replace(/&(amp|lt|gt|quot|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? _m)
    .replace(/\s+/g, ' ')
    .trim();

function fromListing(): Text[] {
  const html = readFileSync(REAL_LISTING, 'utf8');
  const out: Text[] = [];
  for (const dd of html.matchAll(/<dd>([\s\S]*?)<\/dd>/g)) {
    const body = dd[1] ?? '';
    const title = /<span class='descriptor'>Title:<\/span>([\s\S]*?)<\/div>/.exec(body)?.[1];
    const abstract = /<p class='mathjax'>([\s\S]*?)<\/p>/.exec(body)?.[1];
    const authors = [
      ...(/<div class='list-authors'>([\s\S]*?)<\/div>/.exec(body)?.[1] ?? '').matchAll(/>([^<]+)<\/a>/g),
    ]
      .map((m) => decode(m[1] ?? ''))
      .filter(Boolean);
    if (title && abstract) out.push({ title: decode(title), abstract: decode(abstract), authors });
  }
  return out;
}

function fromLabeled(): Text[] {
  return readFileSync(LABELED, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { title: string; abstract: string; authors?: string[] })
    .map((p) => ({ title: p.title, abstract: p.abstract, authors: p.authors ?? [] }));
}

let pool: Text[] | undefined;
/** The 262 real texts: labeled ML abstracts first, then the saved page's entries. */
export function realTexts(): Text[] {
  pool ??= [...fromLabeled(), ...fromListing()];
  return pool;
}

/** Deterministic PRNG (mulberry32) so every run benchmarks the same texts. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffleSentences(text: string, rand: () => number): string {
  const sentences = text.match(/[^.!?]+[.!?]+(\s|$)|[^.!?]+$/g)?.map((s) => s.trim()) ?? [text];
  for (let i = sentences.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [sentences[i], sentences[j]] = [sentences[j] as string, sentences[i] as string];
  }
  return sentences.join(' ');
}

/** `n` distinct real-looking texts (see the module comment). */
export function texts(n: number, seed = 6): Text[] {
  const base = realTexts();
  const rand = rng(seed);
  const out: Text[] = [];
  for (let i = 0; i < n; i++) {
    const t = base[i % base.length] as Text;
    if (i < base.length) out.push(t);
    else out.push({ ...t, abstract: shuffleSentences(t.abstract, rand) });
  }
  return out;
}
