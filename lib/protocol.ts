/**
 * The one message protocol between content scripts / extension pages and the background
 * (CONVENTIONS.md: "typed messages (one ProtocolMap)"). Every request is validated by the
 * background before it touches the database (issue 7).
 */
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
  /** Per-site UI settings: active topic filter. */
  'settings.get': { req: { site: SiteId }; res: { filter: TopicId[] } };
  'settings.setFilter': { req: { site: SiteId; filter: TopicId[] }; res: { ok: true } };
  'readingList.open': { req: Record<string, never>; res: { ok: true } };
}

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

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

// ---------------------------------------------------------------- validation

const MAX_IDS = 5000;
const MAX_TEXT = 20_000;
const SITES: readonly SiteId[] = ['arxiv', 'huggingface', 'openreview'];

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

const validators: { [K in MessageType]: Validator<Request<K>> } = {
  'papers.state': obj({ ids: arr(id, MAX_IDS) }),
  'papers.save': obj({ paper, topics: arr(topic, 64) }),
  'papers.remove': obj({ id }),
  'settings.get': obj({ site }),
  'settings.setFilter': obj({ site, filter: arr(topic, 64) }),
  'readingList.open': () => ({}),
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
