/**
 * v1 -> v2: the `titleKeys` table gets the normalised title of every stored paper, so an
 * OpenReview copy of a paper saved earlier from arXiv is recognised (storage/identity.ts). It runs
 * inside Dexie's upgrade transaction: a worker stopped half-way leaves the v1 database untouched
 * and the upgrade runs again on the next open (tests/unit/storage-robustness.test.ts).
 */
import type { Transaction } from 'dexie';
import { titleKey } from '../identity';

export async function upgradeToV2(tx: Transaction): Promise<void> {
  const rows: { id: string; key: string }[] = [];
  await tx
    .table('papers')
    .toCollection()
    .each((p: { id: string; title?: unknown }) => {
      const key = typeof p.title === 'string' ? titleKey(p.title) : '';
      if (key) rows.push({ id: p.id, key });
    });
  await tx.table('titleKeys').bulkPut(rows);
}
