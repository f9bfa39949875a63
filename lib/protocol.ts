/**
 * The one message protocol between content scripts / extension pages and the background
 * (CONVENTIONS.md: "typed messages (one ProtocolMap)"). Every request is validated by the
 * background before it touches the database (issue 7).
 */
import type { Classification, ClassifierConfig, ClassifierInput } from '../classifier';
import type { Correction, PaperStatus, SavedPaper, TopicRecord } from '../storage/db';
import type { Paper, SiteId, TopicId } from './types';

export interface SavedState {
  /** Saved paper ids among the requested ones. */
  saved: string[];
  /** Dismissed (triaged away) paper ids among the requested ones. */
  dismissed: string[];
}

export interface ProtocolMap {
  /** Saved/dismissed state of the given papers only (never the whole list). */
  'papers.state': { req: { ids: string[] }; res: SavedState };
  /** Save a paper with the topics shown for it. */
  'papers.save': { req: { paper: Paper; topics: TopicId[] }; res: { ok: true } };
  'papers.remove': { req: { id: string }; res: { ok: true } };
  /**
   * Similarity of page papers (at most 5000) to the user's saved papers, in [0, 1]; computed in
   * the background so the reading list itself never reaches a page.
   */
  'papers.relevance': {
    req: { papers: RelevanceInput[] };
    res: { scores: Record<string, number> };
  };
  /** Per-site UI settings: active topic filter. */
  'settings.get': { req: { site: SiteId }; res: { filter: TopicId[] } };
  'settings.setFilter': { req: { site: SiteId; filter: TopicId[] }; res: { ok: true } };
  /**
   * Which sites get a sidebar (options page "Sites"; a site missing from the stored switches is
   * on). A site switched off gets no sidebar and no host-page changes.
   */
  'settings.sites': { req: Record<string, never>; res: { sites: Record<SiteId, boolean> } };
  'readingList.open': { req: Record<string, never>; res: { ok: true } };
  /** The toolbar button's badge: how many papers of the sender's page match the user's topics. */
  'page.matches': { req: { count: number }; res: { ok: true } };
  /** Triage a paper away from a listing (remembered, marked on later visits). */
  'papers.dismiss': { req: { paper: Paper; topics: TopicId[] }; res: { ok: true } };
  /**
   * Undo 'papers.dismiss': a paper that was saved before gets its earlier status back (notes and
   * tags kept); a record kept only for the dismissal is removed.
   */
  'papers.undismiss': { req: { id: string }; res: { ok: true } };
  /** Edit one stored paper (status, tags, notes, star). Fails when the paper is not stored. */
  'papers.update': { req: { id: string; edit: PaperEdit }; res: { ok: true } };
  /** Extension pages only: one edit applied to many papers, all or nothing. */
  'papers.bulkUpdate': { req: { ids: string[]; edit: PaperEdit }; res: { count: number } };
  /** Extension pages only: delete many papers at once; returns them for undo. */
  'papers.bulkRemove': { req: { ids: string[] }; res: { removed: SavedPaper[] } };
  /** Extension pages only: put deleted papers back exactly as they were (undo). */
  'papers.restore': { req: { papers: SavedPaper[] }; res: { ok: true } };
  /**
   * Extension pages only: "I wrote these papers directly to Dexie" so the background tells the
   * content scripts (`papers.changed`), which cannot see the extension's IndexedDB.
   */
  'papers.notifyChanged': { req: { ids: string[] }; res: { ok: true } };
  /**
   * Abstracts for a title-only page: versionless arXiv ids (export.arxiv.org API) and
   * `openreview:<forum>` ids (api2.openreview.net), mixed freely. Cached ones come back at once; the others
   * are queued and arrive as `abstracts.result` events with `abstracts.progress`, sent to the
   * asking tab only. `replace: true` (a new page in the tab) drops what the tab asked for before.
   */
  'abstracts.request': {
    req: { ids: string[]; replace?: boolean };
    res: { cached: FetchedAbstract[]; queued: number };
  };
  /** The stored topic records (user topics; built-ins only once the user changed them). */
  'topics.list': { req: Record<string, never>; res: { topics: TopicRecord[] } };
  /** Create or replace a topic (a built-in id stores the user's enabled flag / threshold for it). */
  'topics.save': { req: { topic: TopicInput }; res: { topic: TopicRecord } };
  /** Delete a user topic with its corrections and learned model. */
  'topics.delete': { req: { id: TopicId }; res: { ok: true } };
  /**
   * Extension pages only: merge a topics file (options page "Import topics…") in one transaction.
   * A user topic whose id exists is replaced, a new one added; the listed built-ins are switched
   * off (the others keep their switch); learned models are stored as given.
   */
  'topics.import': { req: TopicsImport; res: TopicsImportResult };
  /**
   * "Use as example of <topic>" (sidebar): appends the paper to a user topic's example papers
   * unless it is already one (at most 200). `added: false` = it already was an example.
   */
  'topics.addExample': {
    req: { topic: TopicId; example: TopicExample };
    res: { added: boolean; count: number };
  };
  /**
   * "This paper is (+1) / is not (-1) this topic": stored, and the topic's learned model trained
   * in the same transaction. Returns the correction's seq (for undo) and the updated config.
   */
  'topics.correct': { req: CorrectionInput; res: { seq: number; config: ClassifierConfig } };
  /** Undo one correction (the newest when `seq` is omitted); the model is rebuilt from the rest. */
  'topics.undoCorrection': {
    req: { seq?: number };
    res: { undone: Correction | null; config: ClassifierConfig };
  };
  /**
   * Corrections, newest first. A content script must name the papers (`paperIds`) it asks about;
   * the full history is for extension pages.
   */
  'topics.corrections': {
    req: { paperIds?: string[]; topic?: TopicId; limit?: number };
    res: { corrections: Correction[] };
  };
  /** Forget what was learned for a topic (its corrections and model). */
  'topics.reset': { req: { topic: TopicId }; res: { removed: number; config: ClassifierConfig } };
  /**
   * Extension pages only: "I changed topics, corrections or papers directly in Dexie" (import,
   * delete everything), so the background broadcasts `classifier.changed` and open sidebars
   * classify again with the new config.
   */
  'classifier.notifyChanged': { req: Record<string, never>; res: { ok: true } };
  /** The user's classifier config (topics, switched-off built-ins, thresholds, learned models). */
  'classifier.config': { req: Record<string, never>; res: { config: ClassifierConfig } };
  /**
   * Classify these texts with the user's config, in the background (off the page's main thread:
   * issue 6). `configKey` (classifier `configKey`) names the config used, so a sidebar holding
   * another one classifies those texts itself instead. Results carry the details of their
   * predicted topics only (classifier `chipDetails`).
   */
  'classify.batch': {
    req: { inputs: ClassifierInput[] };
    res: { configKey: string; results: Classification[] };
  };
}

export interface RelevanceInput {
  id: string;
  title: string;
  abstract: string;
}

/** A topic as the options page edits it; `builtin` and `createdAt` are set by the background. */
export type TopicInput = Omit<TopicRecord, 'builtin' | 'createdAt'>;

/** One example paper of a user topic. */
export type TopicExample = TopicRecord['examples'][number];

/** A topics file, validated and ready to store ('topics.import'; built by lib/topics-file.ts). */
export interface TopicsImport {
  /** User topics (`user:` ids), each with its examples and threshold. */
  topics: TopicInput[];
  /** Built-in topics to switch off. */
  disabledBuiltins: TopicId[];
  /** Score thresholds of built-in topics. */
  builtinThresholds: { topic: TopicId; threshold: number }[];
  /** Learned model states (classifier/learner.ts format, checked by the background). */
  models: { topic: TopicId; state: unknown }[];
}

export interface TopicsImportResult {
  /** User topics that were not stored before. */
  added: number;
  /** User topics whose stored definition the file's replaced. */
  replaced: number;
  disabledBuiltins: number;
  models: number;
}

export interface CorrectionInput {
  paperId: string;
  topic: TopicId;
  label: 1 | -1;
  title: string;
  abstract: string;
}

/** Broadcast after topics, corrections or models change: classify again with `classifier.config`. */
export interface ClassifierChangedEvent {
  type: 'classifier.changed';
}

/** A change to stored papers; every field is optional, tags are replaced or added/removed. */
export interface PaperEdit {
  status?: PaperStatus;
  tags?: string[];
  addTags?: string[];
  removeTags?: string[];
  notes?: string;
  starred?: boolean;
}

/**
 * Messages a content script may not send: they act on or reveal the whole reading list
 * (issue 7: a content script gets only what its page needs).
 */
export const EXTENSION_PAGE_ONLY: ReadonlySet<MessageType> = new Set<MessageType>([
  'papers.bulkUpdate',
  'papers.bulkRemove',
  'papers.restore',
  'papers.notifyChanged',
  'classifier.notifyChanged',
  'topics.import',
]);

export type MessageType = keyof ProtocolMap;
export type Request<K extends MessageType> = ProtocolMap[K]['req'];
export type Response<K extends MessageType> = ProtocolMap[K]['res'];

export interface Envelope<K extends MessageType = MessageType> {
  type: K;
  payload: Request<K>;
}

/** Background -> content script broadcast after any write. */
export interface SavedChangedEvent {
  type: 'papers.changed';
  ids: string[];
}

/**
 * Events the background pushes (tabs.sendMessage to content scripts, runtime.sendMessage to
 * extension pages). They carry no `payload`, so a listener tells them from requests by `type`.
 */
export type BackgroundEvent =
  | SavedChangedEvent
  | AbstractsProgressEvent
  | AbstractsResultEvent
  | ClassifierChangedEvent;

const EVENT_TYPES: ReadonlySet<string> = new Set<BackgroundEvent['type']>([
  'papers.changed',
  'abstracts.progress',
  'abstracts.result',
  'classifier.changed',
]);

export type AbstractFetchStatus = 'fetching' | 'offline' | 'rate-limited' | 'done';

/** An abstract fetched for a title-only page (title/authors as the API has them, when it has them). */
export interface FetchedAbstract {
  id: string;
  abstract: string;
  title?: string;
  authors?: string[];
}

/** Background -> the tab that sent `abstracts.request`: how far fetching is. */
export interface AbstractsProgressEvent {
  type: 'abstracts.progress';
  /** Ids of this tab's request that are resolved (fetched or given up), of `total`. */
  done: number;
  total: number;
  /** Given up on (no abstract in the API, or kept failing); counted in `done`, asked again on a later visit. */
  failed: number;
  status: AbstractFetchStatus;
  /** While waiting (offline, rate-limited, backing off): ms until the next attempt. */
  retryInMs?: number;
}

/** Background -> the tab that sent `abstracts.request`: abstracts that arrived. */
export interface AbstractsResultEvent {
  type: 'abstracts.result';
  papers: FetchedAbstract[];
}

/** True for a message pushed by the background (as opposed to a request another page sent). */
export function isBackgroundEvent(msg: unknown): msg is BackgroundEvent {
  return isObj(msg) && typeof msg.type === 'string' && EVENT_TYPES.has(msg.type);
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

// ---------------------------------------------------------------- validation

const MAX_IDS = 5000;
/** Texts per 'classify.batch' request. */
const MAX_CLASSIFY_BATCH = 1000;
const MAX_TEXT = 20_000;
const MAX_NOTES = 100_000;
const SITES: readonly SiteId[] = ['arxiv', 'huggingface', 'openreview'];
// Listed here rather than imported: storage/db.ts pulls in Dexie, which content scripts must not bundle.
const STATUSES = ['to-read', 'reading', 'read', 'dismissed'] as const satisfies readonly PaperStatus[];

type Validator<T> = (v: unknown, path: string) => T;

class ValidationError extends Error {}

const fail = (path: string, what: string): never => {
  throw new ValidationError(`${path}: ${what}`);
};

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const str =
  (max = MAX_TEXT): Validator<string> =>
  (v, p) =>
    typeof v === 'string' && v.length <= max ? v : fail(p, `expected a string of at most ${max} chars`);

const id: Validator<string> = (v, p) =>
  typeof v === 'string' && /^(arxiv|openreview):\S{1,200}$/.test(v) ? v : fail(p, 'expected a paper id');

const arr =
  <T>(item: Validator<T>, max: number): Validator<T[]> =>
  (v, p) => {
    if (!Array.isArray(v) || v.length > max) fail(p, `expected an array of at most ${max} items`);
    return (v as unknown[]).map((x, i) => item(x, `${p}[${i}]`));
  };

/** Ids whose abstracts the background fetches; they go into API URLs (lib/fetch/sources.ts), so no escaping is needed. */
export const ABSTRACT_FETCH_ID =
  /^(?:arxiv:(?:\d{4}\.\d{4,5}|[a-z][a-z.-]{0,30}\/\d{7})|openreview:[A-Za-z0-9_-]{5,40})$/i;

// Versionless arXiv ids or OpenReview forum ids (same pattern as FORUM_ID_RE in lib/api/openreview-api.ts).
const abstractId: Validator<string> = (v, p) =>
  typeof v === 'string' && ABSTRACT_FETCH_ID.test(v)
    ? v
    : fail(p, 'expected a versionless arXiv paper id or an OpenReview forum id');

const site: Validator<SiteId> = (v, p) =>
  SITES.includes(v as SiteId) ? (v as SiteId) : fail(p, 'unknown site');

const topic: Validator<TopicId> = (v, p) =>
  typeof v === 'string' && /^[a-z0-9_:-]{1,64}$/.test(v) ? v : fail(p, 'expected a topic id');

const httpsUrl: Validator<string> = (v, p) => {
  const s = str(2000)(v, p);
  return /^https:\/\//.test(s) ? s : fail(p, 'expected an https URL');
};

const optional =
  <T>(inner: Validator<T>): Validator<T | undefined> =>
  (v, p) =>
    v === undefined ? undefined : inner(v, p);

const paper: Validator<Paper> = (v, p) => {
  if (!isObj(v)) return fail(p, 'expected a paper object');
  const out: Paper = {
    id: id(v.id, `${p}.id`),
    title: str(2000)(v.title, `${p}.title`),
    authors: arr(str(500), 2000)(v.authors, `${p}.authors`),
    abstract: str()(v.abstract, `${p}.abstract`),
    url: httpsUrl(v.url, `${p}.url`),
    site: site(v.site, `${p}.site`),
  };
  if (!out.title.trim()) fail(`${p}.title`, 'must not be empty');
  const pdfUrl = optional(httpsUrl)(v.pdfUrl, `${p}.pdfUrl`);
  if (pdfUrl) out.pdfUrl = pdfUrl;
  if (v.version !== undefined) {
    if (!Number.isInteger(v.version) || (v.version as number) < 1)
      fail(`${p}.version`, 'expected a positive integer');
    out.version = v.version as number;
  }
  const categories = optional(arr(str(64), 50))(v.categories, `${p}.categories`);
  if (categories) out.categories = categories;
  const sourceUrl = optional(httpsUrl)(v.sourceUrl, `${p}.sourceUrl`);
  if (sourceUrl) out.sourceUrl = sourceUrl;
  const published = optional(str(64))(v.published, `${p}.published`);
  if (published) out.published = published;
  return out;
};

const obj =
  <T>(fields: { [K in keyof T]: Validator<T[K]> }): Validator<T> =>
  (v, p) => {
    if (!isObj(v)) return fail(p, 'expected an object');
    const out = {} as T;
    for (const key of Object.keys(fields) as (keyof T)[]) {
      out[key] = fields[key](v[key as string], `${p}.${String(key)}`);
    }
    return out;
  };

const bool: Validator<boolean> = (v, p) => (typeof v === 'boolean' ? v : fail(p, 'expected true or false'));

const status: Validator<PaperStatus> = (v, p) =>
  STATUSES.includes(v as PaperStatus)
    ? (v as PaperStatus)
    : fail(p, `expected one of ${STATUSES.join(', ')}`);

const tag: Validator<string> = (v, p) => {
  const s = str(100)(v, p).trim();
  return s ? s : fail(p, 'expected a non-empty tag');
};

const finite: Validator<number> = (v, p) =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fail(p, 'expected a non-negative number');

const edit: Validator<PaperEdit> = (v, p) => {
  if (!isObj(v)) return fail(p, 'expected an edit object');
  const out: PaperEdit = {};
  if (v.status !== undefined) out.status = status(v.status, `${p}.status`);
  for (const k of ['tags', 'addTags', 'removeTags'] as const) {
    if (v[k] !== undefined) out[k] = arr(tag, 100)(v[k], `${p}.${k}`);
  }
  if (v.notes !== undefined) out.notes = str(MAX_NOTES)(v.notes, `${p}.notes`);
  if (v.starred !== undefined) out.starred = bool(v.starred, `${p}.starred`);
  if (Object.keys(out).length === 0) fail(p, 'nothing to change');
  return out;
};

const savedPaper: Validator<SavedPaper> = (v, p) => {
  if (!isObj(v)) return fail(p, 'expected a saved paper');
  const out: SavedPaper = {
    ...paper(v, p),
    topics: arr(topic, 64)(v.topics, `${p}.topics`),
    sites: arr(site, 3)(v.sites, `${p}.sites`),
    savedAt: finite(v.savedAt, `${p}.savedAt`),
    updatedAt: finite(v.updatedAt, `${p}.updatedAt`),
    status: status(v.status, `${p}.status`),
    tags: arr(tag, 100)(v.tags, `${p}.tags`),
    notes: str(MAX_NOTES)(v.notes, `${p}.notes`),
    starred: bool(v.starred, `${p}.starred`),
  };
  return out;
};

const nonEmpty =
  (inner: Validator<string>): Validator<string> =>
  (v, p) => {
    const s = inner(v, p);
    return s.trim() ? s : fail(p, 'must not be empty');
  };

const threshold: Validator<number> = (v, p) =>
  typeof v === 'number' && v > 0 && v < 1 ? v : fail(p, 'expected a number between 0 and 1');

// Example papers are saved or page papers, or `example:<hash>` for one from a topics file without an id.
const exampleId: Validator<string> = (v, p) =>
  typeof v === 'string' && /^(arxiv|openreview|example):\S{1,200}$/.test(v)
    ? v
    : fail(p, 'expected a paper id');

const example = obj<TopicExample>({ paperId: exampleId, title: nonEmpty(str(2000)), abstract: str() });

const topicInput: Validator<TopicInput> = (v, p) => {
  if (!isObj(v)) return fail(p, 'expected a topic object');
  const out: TopicInput = {
    id: topic(v.id, `${p}.id`),
    name: nonEmpty(str(100))(v.name, `${p}.name`),
    description: str(2000)(v.description ?? '', `${p}.description`),
    include: arr(nonEmpty(str(200)), 200)(v.include ?? [], `${p}.include`),
    exclude: arr(nonEmpty(str(200)), 200)(v.exclude ?? [], `${p}.exclude`),
    enabled: bool(v.enabled ?? true, `${p}.enabled`),
    examples: arr(example, 200)(v.examples ?? [], `${p}.examples`),
  };
  const t = optional(threshold)(v.threshold, `${p}.threshold`);
  if (t !== undefined) out.threshold = t;
  return out;
};

const topicsImport = obj<TopicsImport>({
  topics: arr(topicInput, 500),
  disabledBuiltins: arr(topic, 64),
  builtinThresholds: arr(obj({ topic, threshold }), 64),
  models: arr(
    obj<TopicsImport['models'][number]>({
      topic,
      state: (v, p) => (isObj(v) ? v : fail(p, 'expected a learned model object')),
    }),
    564,
  ),
});

const label: Validator<1 | -1> = (v, p) => (v === 1 || v === -1 ? v : fail(p, 'expected 1 or -1'));

const seq: Validator<number> = (v, p) =>
  Number.isInteger(v) && (v as number) > 0 ? (v as number) : fail(p, 'expected a positive integer');

const validators: { [K in MessageType]: Validator<Request<K>> } = {
  'papers.state': obj({ ids: arr(id, MAX_IDS) }),
  'papers.save': obj({ paper, topics: arr(topic, 64) }),
  'papers.remove': obj({ id }),
  'settings.get': obj({ site }),
  'settings.setFilter': obj({ site, filter: arr(topic, 64) }),
  'settings.sites': () => ({}),
  'readingList.open': () => ({}),
  'page.matches': obj({
    count: (v, p) =>
      Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 100_000
        ? (v as number)
        : fail(p, 'expected a whole number of papers'),
  }),
  'papers.dismiss': obj({ paper, topics: arr(topic, 64) }),
  'papers.relevance': obj({
    papers: arr(obj<RelevanceInput>({ id, title: str(2000), abstract: str() }), MAX_IDS),
  }),
  'papers.undismiss': obj({ id }),
  'papers.update': obj({ id, edit }),
  'papers.bulkUpdate': obj({ ids: arr(id, MAX_IDS), edit }),
  'papers.bulkRemove': obj({ ids: arr(id, MAX_IDS) }),
  'papers.restore': obj({ papers: arr(savedPaper, MAX_IDS) }),
  'papers.notifyChanged': obj({ ids: arr(id, MAX_IDS) }),
  'abstracts.request': obj({ ids: arr(abstractId, MAX_IDS), replace: optional(bool) }),
  'topics.list': () => ({}),
  'topics.save': obj({ topic: topicInput }),
  'topics.delete': obj({ id: topic }),
  'topics.import': topicsImport,
  'topics.addExample': obj({ topic, example }),
  'topics.correct': obj({ paperId: id, topic, label, title: nonEmpty(str(2000)), abstract: str() }),
  'topics.undoCorrection': obj({ seq: optional(seq) }),
  'topics.corrections': obj({
    paperIds: optional(arr(id, MAX_IDS)),
    topic: optional(topic),
    limit: optional(seq),
  }),
  'topics.reset': obj({ topic }),
  'classifier.config': () => ({}),
  'classifier.notifyChanged': () => ({}),
  'classify.batch': obj({
    inputs: arr(obj<ClassifierInput>({ title: str(2000), abstract: str() }), MAX_CLASSIFY_BATCH),
  }),
};

/** Parses an untrusted message into a typed envelope, or says exactly what is wrong. */
export function parseEnvelope(raw: unknown): Result<Envelope> {
  try {
    if (!isObj(raw)) return { ok: false, error: 'message: expected an object' };
    const type = raw.type;
    if (typeof type !== 'string' || !Object.hasOwn(validators, type)) {
      return { ok: false, error: `message.type: unknown message type ${JSON.stringify(type)}` };
    }
    const validate = validators[type as MessageType] as Validator<unknown>;
    const payload = validate(raw.payload ?? {}, 'payload');
    return { ok: true, value: { type, payload } as Envelope };
  } catch (e) {
    if (e instanceof ValidationError) return { ok: false, error: e.message };
    throw e;
  }
}
