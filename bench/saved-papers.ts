/**
 * Saved papers for the reading-list benchmarks, shaped like storage/db.ts `SavedPaper`, made from
 * the real texts of bench/corpus.ts. `paperBatch` runs in Node (to get papers for the export and
 * import figures) and, passed to page.evaluate, inside the extension page, where it writes the
 * batch straight into the `papersift` IndexedDB, so it must stay self-contained.
 */
import type { SavedPaper } from '../storage/db';
import { realTexts } from './corpus';

export interface BatchArgs {
  start: number;
  end: number;
  pool: readonly { title: string; abstract: string; authors: string[] }[];
  /** true: put the batch into the `papers` store of the page's `papersift` database. */
  write: boolean;
}

export async function paperBatch(args: BatchArgs): Promise<SavedPaper[]> {
  const now = Date.UTC(2026, 11, 1);
  const topicIds = ['moe', 'sae', 'sparse_attention', 'pruning'];
  const statuses = ['to-read', 'to-read', 'to-read', 'reading', 'read'] as const;
  const out: SavedPaper[] = [];
  for (let i = args.start; i < args.end; i++) {
    const t = args.pool[i % args.pool.length] as BatchArgs['pool'][number];
    // unique, valid new-style ids: 2401.00001 … (99,999 per month)
    const arxivId = `${2401 + Math.floor(i / 99_999)}.${String((i % 99_999) + 1).padStart(5, '0')}`;
    const savedAt = now - i * 60_000;
    out.push({
      id: `arxiv:${arxivId}`,
      title: t.title,
      authors: t.authors.length ? t.authors : ['A. Author'],
      abstract: t.abstract,
      url: `https://arxiv.org/abs/${arxivId}`,
      pdfUrl: `https://arxiv.org/pdf/${arxivId}`,
      version: 1,
      categories: ['cs.LG'],
      site: 'arxiv',
      sourceUrl: 'https://arxiv.org/list/cs.LG/new',
      published: '2026',
      topics: topicIds.filter((_, k) => (i * (k + 3)) % 11 === 0),
      sites: ['arxiv'],
      savedAt,
      updatedAt: savedAt,
      status: statuses[i % statuses.length] as SavedPaper['status'],
      tags: i % 10 === 0 ? ['thesis'] : i % 13 === 0 ? ['reading-group', 'later'] : [],
      notes: i % 25 === 0 ? 'Compare with the baseline in section 4.' : '',
      starred: i % 17 === 0,
    });
  }
  if (!args.write) return out;
  const db = await new Promise<IDBDatabase>((res, rej) => {
    const req = indexedDB.open('papersift');
    req.onsuccess = () => res(req.result);
    req.onerror = () => rej(req.error);
  });
  await new Promise<void>((res, rej) => {
    const tx = db.transaction('papers', 'readwrite');
    const store = tx.objectStore('papers');
    for (const p of out) store.put(p);
    tx.oncomplete = () => res();
    tx.onerror = () => rej(tx.error);
  });
  db.close();
  return [];
}

export const textPool = realTexts;

/** `n` saved papers in Node, the same ones the page seeds for the same indexes. */
export async function savedPapers(n: number, offset = 0): Promise<SavedPaper[]> {
  return paperBatch({ start: offset, end: offset + n, pool: realTexts(), write: false });
}
