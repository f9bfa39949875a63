/**
 * 'papers.relevance' (issue 3: "sort by relevance to the user's topics and reading list"): page
 * papers scored against the saved papers with classifier/relevance.ts. The reading list never
 * leaves the background; a page gets one number per paper it asked about.
 */
import { buildReadingListIndex, type ReadingListIndex } from '../../classifier/relevance';
import type { PaperSiftDB } from '../../storage/db';

/** The reading-list index of one database, built on demand and kept until a write. */
export class ReadingListRelevance {
  #cache?: { key: string; index: ReadingListIndex };
  #generation = 0;

  constructor(private readonly db: PaperSiftDB) {}

  /** A paper was saved, edited, removed or imported: rebuild on the next request. */
  invalidate(): void {
    this.#generation++;
    this.#cache = undefined;
  }

  async index(): Promise<ReadingListIndex> {
    const gen = this.#generation;
    // Also catches writes that bypass the handlers (extension pages writing Dexie directly).
    const key = await this.#fingerprint();
    if (this.#cache?.key === key) return this.#cache.index;
    const saved = await this.db.papers.filter((p) => p.status !== 'dismissed').toArray();
    const index = buildReadingListIndex(saved.map((p) => ({ title: p.title, abstract: p.abstract })));
    if (gen === this.#generation) this.#cache = { key, index };
    return index;
  }

  async scores(
    papers: readonly { id: string; title: string; abstract: string }[],
  ): Promise<Record<string, number>> {
    const index = await this.index();
    const out: Record<string, number> = {};
    for (const p of papers) out[p.id] = index.match({ title: p.title, abstract: p.abstract }).score;
    return out;
  }

  async #fingerprint(): Promise<string> {
    const [count, last] = await Promise.all([
      this.db.papers.count(),
      this.db.papers.orderBy('updatedAt').last(),
    ]);
    return `${count}:${last?.updatedAt ?? 0}:${last?.id ?? ''}`;
  }
}

const byDb = new WeakMap<PaperSiftDB, ReadingListRelevance>();

/** The one relevance cache of a database (the worker keeps it until it is stopped). */
export function relevanceFor(db: PaperSiftDB): ReadingListRelevance {
  let r = byDb.get(db);
  if (!r) {
    r = new ReadingListRelevance(db);
    byDb.set(db, r);
  }
  return r;
}
