/**
 * v2 -> v3: the title key moves from the `titleKeys` table into its paper record (indexed field
 * `titleKey`), and the table is dropped (storage/db.ts). Each paper gets the key v2 stored for it;
 * a paper without one (a v1 database upgraded in the same open, or a key lost) gets it computed
 * from its title like migrations/v2.ts does, and a title too short to identify a paper gets none.
 * It runs inside Dexie's upgrade transaction, before the table is deleted: a worker stopped
 * half-way leaves the v2 database (table included) untouched and the upgrade runs again on the
 * next open (tests/unit/storage-robustness.test.ts).
 */
import type { Transaction } from 'dexie';
import { titleKey } from '../identity';

export async function upgradeToV3(tx: Transaction): Promise<void> {
  const keys = new Map<string, string>();
  for (const r of (await tx.table('titleKeys').toArray()) as { id: unknown; key: unknown }[])
    if (typeof r.id === 'string' && typeof r.key === 'string' && r.key) keys.set(r.id, r.key);
  await tx
    .table('papers')
    .toCollection()
    .modify((p: { id: string; title?: unknown; titleKey?: string }) => {
      const key = keys.get(p.id) ?? (typeof p.title === 'string' ? titleKey(p.title) : '');
      if (key) p.titleKey = key;
      else delete p.titleKey;
    });
}
