/**
 * What the background's message handlers need, passed in so tests call them directly with a fresh
 * database and fakes (CONVENTIONS.md: logic takes its dependencies as parameters).
 */
import type { BackgroundEvent } from '../../lib/protocol';
import type { PaperSiftDB } from '../../storage/db';
import type { AbstractService } from './handlers/abstracts';

/** The parts of `runtime.MessageSender` the handlers look at. */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export interface TabLike {
  id?: number;
  url?: string;
  windowId?: number;
}

/** The slice of the WebExtension API the background uses (the real `browser` satisfies it). */
export interface ExtensionApi {
  runtime: {
    id: string;
    getURL(path: string): string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: {
      addListener(listener: (message: unknown, sender: SenderLike) => Promise<unknown> | undefined): void;
    };
  };
  tabs: {
    query(query: { url?: string | string[] }): Promise<TabLike[]>;
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number }): Promise<unknown>;
    create(props: { url: string; active?: boolean }): Promise<TabLike>;
    update(tabId: number, props: { active?: boolean }): Promise<TabLike | undefined>;
  };
  windows?: {
    update(windowId: number, props: { focused?: boolean }): Promise<unknown>;
  };
  action?: {
    setBadgeText(details: { tabId?: number; text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { tabId?: number; color: string }): Promise<void>;
  };
}

/** Delivers background events to content scripts and extension pages. */
export interface Broadcaster {
  /** To every tab (content scripts) and every extension page. Never rejects. */
  all(event: BackgroundEvent): void;
  /** To one tab (and frame) only, e.g. fetch progress for the page that asked. Never rejects. */
  tab(tabId: number, event: BackgroundEvent, frameId?: number): void;
}

export interface BackgroundDeps {
  db: PaperSiftDB;
  /** `browser.runtime.id`: messages from anyone else are refused. */
  extensionId: string;
  /** `browser.runtime.getURL('/')`: senders under it are extension pages, others content scripts. */
  extensionOrigin: string;
  broadcast: Broadcaster;
  openReadingList(): Promise<void>;
  now(): number;
  /** Abstract fetching for title-only pages (issue 4); absent = `abstracts.request` answers with an error. */
  abstracts?: AbstractService;
  log?(message: string, error?: unknown): void;
  /** Sets the toolbar button's badge text for one tab; absent where there is no action API. */
  setBadge?(tabId: number, text: string): Promise<void>;
}
