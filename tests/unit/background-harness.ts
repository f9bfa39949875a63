/**
 * One background for unit tests: the real message handler (entrypoints/background/handle-message.ts)
 * over a fresh Dexie database (fake-indexeddb), with the broadcasts it makes collected (to all
 * pages in `events`, to one tab in `tabEvents`). The
 * database is deleted when the test that made it finishes.
 */
import { onTestFinished, vi } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import type { BackgroundEvent, Result } from '../../lib/protocol';
import { PaperSiftDB } from '../../storage/db';

export const EXT_ID = 'papersift-test-id';
export const ORIGIN = `chrome-extension://${EXT_ID}/`;

/** A content script of this extension on `url`, in tab `tabId`. */
export const contentScriptAt = (url = 'https://arxiv.org/list/cs.LG/new', tabId = 3): SenderLike => ({
  id: EXT_ID,
  url,
  tab: { id: tabId },
});

/** One of the extension's own pages (options, reading list, popup). */
export const extensionPage = (page = 'options.html'): SenderLike => ({ id: EXT_ID, url: `${ORIGIN}${page}` });

export interface HarnessOptions {
  /** Use this database (the caller deletes it) instead of a fresh one. */
  db?: PaperSiftDB;
  /** What `deps.now()` returns. */
  now?: number;
  /** Who sends, unless a call says otherwise; default a content script on an arXiv listing. */
  sender?: SenderLike;
  /** Replaces parts of the dependencies (an abstracts service, setBadge, a broadcaster…). */
  overrides?: Partial<BackgroundDeps>;
}

export function backgroundHarness(options: HarnessOptions = {}) {
  const db = options.db ?? new PaperSiftDB(`bg-${crypto.randomUUID()}`);
  if (!options.db) onTestFinished(() => db.delete());
  const events: BackgroundEvent[] = [];
  const tabEvents: { tabId: number; event: BackgroundEvent }[] = [];
  const deps: BackgroundDeps = {
    db,
    extensionId: EXT_ID,
    extensionOrigin: ORIGIN,
    broadcast: { all: (e) => events.push(e), tab: (tabId, event) => tabEvents.push({ tabId, event }) },
    openReadingList: vi.fn(async () => {}),
    now: () => options.now ?? 1000,
    log: () => {},
    ...options.overrides,
  };
  const defaultSender = options.sender ?? contentScriptAt();
  /** The handler's Result, ok or not. */
  const attempt = (type: string, payload: unknown, sender: SenderLike = defaultSender) =>
    handleMessage({ type, payload }, sender, deps);
  /** The handler's value; throws the error message of a refused message. */
  async function send<T = unknown>(
    type: string,
    payload: unknown,
    sender: SenderLike = defaultSender,
  ): Promise<T> {
    const r = (await attempt(type, payload, sender)) as Result<T>;
    if (!r.ok) throw new Error(r.error);
    return r.value;
  }
  return { db, deps, events, tabEvents, send, attempt };
}
