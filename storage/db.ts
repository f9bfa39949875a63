/**
 * The one PaperSift database. Lives in the extension origin (background + extension pages);
 * content scripts reach it only through messages. Versions are append-only: never edit a
 * released `version(n)`; add `version(n+1)` with its migration in storage/migrations/.
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Paper, SiteId, TopicId } from '../lib/types';
import { upgradeToV2 } from './migrations/v2';
import { upgradeToV3 } from './migrations/v3';

export const DB_NAME = 'papersift';

export type PaperStatus = 'to-read' | 'reading' | 'read' | 'dismissed';
export const PAPER_STATUSES: readonly PaperStatus[] = ['to-read', 'reading', 'read', 'dismissed'];

/** A paper in the reading list (or dismissed from a listing). */
export interface SavedPaper extends Paper {
  /** Topics shown when it was saved (refreshed when re-classified). */
  topics: TopicId[];
  /** Every site it was seen on. */
  sites: SiteId[];
  /** ms since epoch */
  savedAt: number;
  updatedAt: number;
  status: PaperStatus;
  tags: string[];
  notes: string;
  starred: boolean;
}

/** Abstracts fetched from public APIs, cached by canonical id so a revisit costs no request. */
export interface CachedAbstract {
  id: string;
  abstract: string;
  title?: string;
  authors?: string[];
  fetchedAt: number;
}

/** A user's correction of a topic on a paper: +1 "is this topic", -1 "not this topic". */
export interface Correction {
  seq?: number;
  paperId: string;
  topic: TopicId;
  label: 1 | -1;
  title: string;
  abstract: string;
  createdAt: number;
}

/** A user-defined topic, or the user's settings for a built-in one (enabled flag, threshold). */
export interface TopicRecord {
  id: TopicId;
  name: string;
  description: string;
  include: string[];
  exclude: string[];
  builtin: boolean;
  enabled: boolean;
  /** Example papers (ids of saved papers or ids seen on pages) with their text. */
  examples: { paperId: string; title: string; abstract: string }[];
  /** Score threshold in (0, 1); absent = the classifier's default. Not indexed: no schema change. */
  threshold?: number;
  createdAt: number;
}

/** Per-topic learned model state (serialised weights of the online learner). */
export interface ModelRecord {
  topic: TopicId;
  state: unknown;
  updatedAt: number;
}

/**
 * A `papers` record as stored: the paper plus what is derived from it for look-ups. Never shown,
 * never exported (lib/export/backup.ts leaves it out of a backup and ignores it in a file); every
 * write of a record sets it again from the title (storage/identity.ts `withTitleKey`).
 */
export interface PaperRecord extends SavedPaper {
  /**
   * The normalised title (storage/identity.ts `titleKey`), indexed: how the same paper saved from
   * arXiv (or Hugging Face) and from OpenReview, where the API gives no arXiv id, is recognised.
   * Absent when the title is too short to identify a paper (then it is not in the index).
   */
  titleKey?: string;
}

/** v2's table of title keys (schema v2 only; v3 keeps the key in the paper record). */
export interface TitleKeyRecord {
  /** The `papers` record's id. */
  id: string;
  key: string;
}

/** Another id of a stored paper (`openreview:<forum>` -> `arxiv:<id>`) once they are known to be one paper. */
export interface AliasRecord {
  /** The other id, as pages send it. */
  id: string;
  /** The `papers` record's id. */
  paperId: string;
}

/** Small key-value settings: per-site filters, theme, enabled sites. */
export interface SettingRecord {
  key: string;
  value: unknown;
}

export class PaperSiftDB extends Dexie {
  papers!: EntityTable<PaperRecord, 'id'>;
  abstracts!: EntityTable<CachedAbstract, 'id'>;
  corrections!: EntityTable<Correction, 'seq'>;
  topics!: EntityTable<TopicRecord, 'id'>;
  models!: EntityTable<ModelRecord, 'topic'>;
  settings!: EntityTable<SettingRecord, 'key'>;
  aliases!: EntityTable<AliasRecord, 'id'>;

  constructor(name = DB_NAME) {
    super(name);
    this.version(1).stores({
      papers: 'id, savedAt, updatedAt, status, *tags, *topics, *sites',
      abstracts: 'id, fetchedAt',
      corrections: '++seq, paperId, topic, createdAt',
      topics: 'id',
      models: 'topic',
      settings: 'key',
    });
    // v2 (issue 4 "one paper, one record"): title keys and aliases to recognise an OpenReview paper
    // as the arXiv one; storage/migrations/v2.ts fills the title keys of the papers already stored.
    this.version(2).stores({ titleKeys: 'id, key', aliases: 'id, paperId' }).upgrade(upgradeToV2);
    // v3 (issue 6, import of 10,000 in 3 s): the title key is a field of the paper record with its
    // own index, instead of a second table written along with every paper; the multi-entry
    // indexes no query uses (topics, sites, tags: the pages filter in memory) are dropped, as each
    // costs index entries per write. storage/migrations/v3.ts moves the v2 title keys over.
    this.version(3)
      .stores({ papers: 'id, savedAt, updatedAt, status, titleKey', titleKeys: null })
      .upgrade(upgradeToV3);
  }
}

let shared: PaperSiftDB | undefined;
/** The database of this extension context (created on first use). */
export function getDb(): PaperSiftDB {
  shared ??= new PaperSiftDB();
  return shared;
}
