/**
 * Every released Dexie schema, verbatim, so tests can write a database exactly as an earlier
 * PaperSift did and open it with the current one (issue 5 "Data model", issue 7 "upgrade from every
 * earlier schema version with real-looking data: nothing lost").
 *
 * Adding a version (CONVENTIONS.md "Data": append-only):
 *   1. storage/db.ts: add `this.version(N).stores({...changed tables only})` and, when data must
 *      change, `.upgrade(upgradeToVN)` with `upgradeToVN` in storage/migrations/vN.ts (one file per
 *      migration; it runs inside Dexie's upgrade transaction, so it all lands or nothing does).
 *   2. Here: add `N: {...}` (the full schema after the change) and bump LATEST_RELEASED.
 *   3. tests/unit/storage-migrations.test.ts then upgrades a seeded database from every earlier
 *      version; add the checks the migration promises (e.g. a new field filled).
 * Never edit an entry below once released.
 */
export const RELEASED_SCHEMAS = {
  1: {
    papers: 'id, savedAt, updatedAt, status, *tags, *topics, *sites',
    abstracts: 'id, fetchedAt',
    corrections: '++seq, paperId, topic, createdAt',
    topics: 'id',
    models: 'topic',
    settings: 'key',
  },
  2: {
    papers: 'id, savedAt, updatedAt, status, *tags, *topics, *sites',
    abstracts: 'id, fetchedAt',
    corrections: '++seq, paperId, topic, createdAt',
    topics: 'id',
    models: 'topic',
    settings: 'key',
    titleKeys: 'id, key',
    aliases: 'id, paperId',
  },
  3: {
    papers: 'id, savedAt, updatedAt, status, titleKey',
    abstracts: 'id, fetchedAt',
    corrections: '++seq, paperId, topic, createdAt',
    topics: 'id',
    models: 'topic',
    settings: 'key',
    aliases: 'id, paperId',
  },
} as const satisfies Record<number, Record<string, string>>;

export type ReleasedVersion = keyof typeof RELEASED_SCHEMAS;

export const LATEST_RELEASED: ReleasedVersion = 3;
