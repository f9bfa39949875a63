/**
 * The sidebar's brain: holds the page's papers, classifies them in chunks that yield to the page
 * (issue 6: no main-thread task over 50 ms), keeps saved state in sync with the background, and
 * hides filtered host entries through HostFilter. No Preact and no `browser.*` here: everything
 * outside comes in through `ControllerDeps`, so tests drive it directly.
 */
import type { Classification, ClassifierInput } from '../../classifier/types';
import type { FetchedAbstract, MessageType, Request, Response, SavedState } from '../../lib/protocol';
import type { Paper, SiteId, TopicId } from '../../lib/types';
import type { ParsedPage } from './adapters/types';
import { HostFilter } from './host-page';
import {
  type AbstractSource,
  EMPTY_STATE,
  effectiveTopics,
  hostHidden,
  type Label,
  type PaperView,
  type SidebarState,
  type SortOrder,
  type TopicInfo,
} from './view-model';

export type Send = <K extends MessageType>(type: K, payload: Request<K>) => Promise<Response<K>>;

/** Background calls whose protocol entries are optional (wired in index.ts once they exist). */
export interface OptionalApi {
  /** Record a correction: +1 "is this topic", -1 "not this topic", 0 undo. */
  correct?(paper: Paper, topic: TopicId, label: Label | 0): Promise<unknown>;
  /**
   * Mark a paper dismissed (triaged away), or undo that ('papers.undismiss': a paper that was
   * saved before gets its status back, with its notes and tags).
   */
  dismiss?(paper: Paper, dismissed: boolean): Promise<unknown>;
  /**
   * Ask the background to fetch abstracts of title-only papers ('abstracts.request'): cached ones
   * come back at once, the rest arrive as 'abstracts.result' events with 'abstracts.progress'.
   */
  requestAbstracts?(papers: Paper[]): Promise<{
    cached: FetchedAbstract[];
    queued: number;
    total: number;
    /** The APIs asked (named in the rate-limited status). */
    sources?: readonly AbstractSource[];
  }>;
}

export interface ControllerDeps {
  doc: Document;
  send: Send;
  classify: (input: ClassifierInput) => Classification;
  /**
   * Classifies a batch elsewhere (the background: off the page's main thread, issue 6) with the
   * same config as `classify`; resolves undefined when it cannot (another config, no background),
   * and those papers are classified here with `classify`.
   */
  classifyBatch?: (inputs: ClassifierInput[]) => Promise<Classification[] | undefined>;
  /** Topics in display order (built-ins, then the user's). */
  topics: readonly TopicInfo[];
  api?: OptionalApi;
  /** Resolves after giving the page's main thread a turn. */
  yieldToMain?: () => Promise<void>;
  now?: () => number;
  /**
   * Milliseconds of classification per task before yielding (default 16: a chunk's state update
   * and host writes stay well under the 50 ms long-task line, in half the tasks of 8 ms).
   */
  budgetMs?: number;
  /**
   * A save/remove/dismiss unanswered after this long counts as failed and the sidebar asks the
   * background what is stored (an MV3 worker stopped mid-write never answers).
   */
  writeTimeoutMs?: number;
  /** Waits before each 'papers.state' re-query after a failed write (the worker may be restarting). */
  verifyDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  /**
   * A title-only page asks the background for its abstracts once the sidebar shows every paper
   * (`listShown`), or after this long: the background's work on that request (the cache lookup of
   * 2,000 ids, queueing, the first request), run while the sidebar's rows were being made, slowed
   * them by ~90 ms on the 2,000-entry `/pastweek` of `npm run bench` (two cores; README §
   * Performance). The fetch itself takes seconds (one request every 3 s), so starting it a few
   * hundred ms later changes nothing the user sees.
   */
  listShownWaitMs?: number;
}

/** Saved state of one row, as the sidebar shows it. */
type Triage = Pick<PaperView, 'saved' | 'dismissed'>;

class TimeoutError extends Error {
  override name = 'TimeoutError';
}

type Listener = (s: SidebarState) => void;

/** Papers per 'classify.batch' request: 2,000 abstracts are 8 requests of ~0.4 MB. */
const REMOTE_BATCH = 250;
/** A batch the background has not answered by then is classified here. */
const REMOTE_TIMEOUT_MS = 5_000;
/** Papers per 'papers.relevance' request (the protocol's limit). */
const RELEVANCE_BATCH = 5000;

/**
 * What the classifier reads of a paper: its title and abstract, the very strings of the parse
 * (the bridge matches answers asked for ahead by them), and nothing else to send.
 */
export function classifierInput(paper: Paper): ClassifierInput {
  return { title: paper.title, abstract: paper.abstract };
}

/**
 * Resolves in a new task (a MessageChannel turn: no 4 ms setTimeout clamp). Not scheduler.yield:
 * its continuations run ahead of ordinary tasks, so a page's load event, WXT's UI setup and the
 * sidebar's own row-rendering steps all waited behind the whole chunked parse and
 * classification of a 2,000-entry listing (issue 6). An ordinary task lets them in between.
 */
export function defaultYield(): Promise<void> {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      resolve();
    };
    ch.port2.postMessage(null);
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Resolves once the controller has papers classified (or nothing to classify: no papers, a layout
 * it did not recognise), or after `ms`.
 */
export function firstAnswers(controller: SidebarController, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = (st: SidebarController['state']) =>
      st.phase !== 'ready' || st.views.length === 0 || st.classified > 0;
    if (done(controller.state)) return resolve();
    const timer = setTimeout(finish, ms);
    const unsubscribe = controller.subscribe((st) => {
      if (done(st)) finish();
    });
    function finish() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
  });
}

export class SidebarController {
  #state: SidebarState = EMPTY_STATE;
  #listeners = new Set<Listener>();
  #host: HostFilter;
  #page?: ParsedPage;
  /** Bumped on every (re)load; async work of an older page checks it and stops. */
  #gen = 0;
  #job: Promise<void> = Promise.resolve();
  #reclassToken = 0;
  #byId = new Map<string, number>();
  /** Per paper: the newest triage write; an older write's late verdict must not overwrite it. */
  #writes = new Map<string, number>();
  #writeSeq = 0;
  /** Resolves once the sidebar shows every paper of the page on show (see `listShown`). */
  #shown: () => void = () => {};
  readonly #deps: Required<
    Pick<
      ControllerDeps,
      'yieldToMain' | 'now' | 'budgetMs' | 'writeTimeoutMs' | 'verifyDelaysMs' | 'sleep' | 'listShownWaitMs'
    >
  > &
    ControllerDeps;

  constructor(deps: ControllerDeps) {
    this.#deps = {
      yieldToMain: defaultYield,
      now: () => performance.now(),
      budgetMs: 16,
      writeTimeoutMs: 10_000,
      verifyDelaysMs: [0, 1_000, 3_000],
      sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
      listShownWaitMs: 1_500,
      ...deps,
    };
    this.#host = new HostFilter(deps.doc);
    this.#state = { ...EMPTY_STATE, topics: deps.topics };
  }

  get state(): SidebarState {
    return this.#state;
  }

  subscribe(fn: Listener): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Resolves when every queued classification pass has finished (tests, bench). */
  async idle(): Promise<void> {
    let job: Promise<void>;
    do {
      job = this.#job;
      await job;
    } while (job !== this.#job);
  }

  #set(patch: Partial<SidebarState>, syncHost = false): void {
    this.#state = { ...this.#state, ...patch };
    if (syncHost) this.#syncHost();
    for (const fn of this.#listeners) fn(this.#state);
  }

  /** One batch of host writes for the current filter (only entries whose state changes). */
  #syncHost(): void {
    const s = this.#state;
    if (s.phase !== 'ready') return;
    this.#host.apply(s.views.map((v) => hostHidden(v, s)));
  }

  #view(v: PaperView, patch: Partial<PaperView>): PaperView {
    const next = { ...v, ...patch };
    if ('classification' in patch || 'corrections' in patch) {
      next.topics = effectiveTopics(
        this.#state.topics.map((t) => t.id),
        next.classification,
        next.corrections,
      );
    }
    return next;
  }

  #replace(
    updates: ReadonlyMap<number, Partial<PaperView>>,
    syncHost = true,
    extra: Partial<SidebarState> = {},
  ) {
    if (updates.size === 0 && Object.keys(extra).length === 0) return;
    const views = this.#state.views.slice();
    for (const [i, patch] of updates) {
      const v = views[i];
      if (v) views[i] = this.#view(v, patch);
    }
    this.#set({ ...extra, views }, syncHost);
  }

  // ------------------------------------------------------------ page lifecycle

  /** A (re)parsed page. Same papers in the same order keep their state; only the host nodes update. */
  load(page: ParsedPage): void {
    const prev = this.#page;
    this.#page = page;
    const sameSite = this.#state.site === page.site;
    if (
      prev &&
      this.#state.phase === 'ready' &&
      prev.entries.length === page.entries.length &&
      prev.entries.every((e, i) => e.paper.id === page.entries[i]?.paper.id)
    ) {
      this.#host.setEntries(page.entries, page.entrySelector);
      this.#set({ warnings: page.warnings }, true);
      return;
    }
    const gen = ++this.#gen;
    this.#host.setEntries(page.entries, page.entrySelector);
    this.#byId = new Map(page.entries.map((e, i) => [e.paper.id, i]));
    const views: PaperView[] = page.entries.map((e, index) => ({
      index,
      paper: e.paper,
      topics: [],
      saved: false,
      dismissed: false,
    }));
    this.#set({
      phase: 'ready',
      site: page.site,
      kind: page.kind,
      layoutMessage: undefined,
      warnings: page.warnings,
      views,
      classified: 0,
      titleOnly: page.titleOnly,
      filter: sameSite ? this.#state.filter : [],
      abstracts: undefined,
      notice: undefined,
      readingList: undefined,
    });
    void this.#loadRemote(gen, page.site, views);
    if (this.#state.sort === 'relevance') void this.#requestRelevance(gen);
    this.#enqueue(
      gen,
      views.map((v) => v.index),
    );
    if (page.titleOnly) {
      const shown = new Promise<void>((resolve) => {
        this.#shown = resolve;
      });
      const listed = Promise.race([shown, this.#deps.sleep(this.#deps.listShownWaitMs)]);
      this.#job = this.#job.then(() => listed).then(() => this.#requestAbstracts(gen));
    }
  }

  /**
   * The sidebar shows every paper of the page (or no list is on show): a title-only page's
   * abstracts are asked for now (ControllerDeps.listShownWaitMs).
   */
  listShown(): void {
    this.#shown();
  }

  /** The adapter threw LayoutNotRecognisedError: say so, and leave the host page untouched. */
  showLayoutError(site: SiteId, kind: string): void {
    this.#gen++;
    this.#page = undefined;
    this.#host.clear();
    this.#host.setEntries([]);
    this.#set({
      ...EMPTY_STATE,
      topics: this.#state.topics,
      phase: 'layout-error',
      site,
      kind,
      layoutMessage: `This page's layout is not recognised (${site}, ${kind})`,
    });
  }

  /** Navigated to a page PaperSift does not support (SPA): show every host entry again. */
  deactivate(): void {
    this.#gen++;
    this.#page = undefined;
    this.#host.clear();
    this.#host.setEntries([]);
    this.#set({ ...EMPTY_STATE, topics: this.#state.topics });
  }

  async #loadRemote(gen: number, site: SiteId, views: readonly PaperView[]): Promise<void> {
    const { send } = this.#deps;
    const ids = views.map((v) => v.paper.id);
    const [settings, saved] = await Promise.allSettled([
      send('settings.get', { site }),
      ids.length ? send('papers.state', { ids }) : Promise.resolve<SavedState>({ saved: [], dismissed: [] }),
    ]);
    if (gen !== this.#gen) return;
    const known = new Set(this.#state.topics.map((t) => t.id));
    const patch: { -readonly [K in keyof SidebarState]?: SidebarState[K] } = {};
    if (settings.status === 'fulfilled') patch.filter = settings.value.filter.filter((t) => known.has(t));
    else patch.notice = `Could not load settings: ${errorText(settings.reason)}`;
    if (saved.status === 'fulfilled') {
      this.#replace(this.#savedPatches(ids, saved.value), true, patch);
    } else {
      this.#set({ ...patch, notice: `Could not load saved papers: ${errorText(saved.reason)}` }, true);
    }
  }

  #savedPatches(ids: readonly string[], st: SavedState): Map<number, Partial<PaperView>> {
    const saved = new Set(st.saved);
    const dismissed = new Set(st.dismissed);
    const out = new Map<number, Partial<PaperView>>();
    for (const id of ids) {
      const i = this.#byId.get(id);
      const v = i === undefined ? undefined : this.#state.views[i];
      if (!v || i === undefined) continue;
      const s = saved.has(id);
      const d = dismissed.has(id);
      if (v.saved !== s || v.dismissed !== d) out.set(i, { saved: s, dismissed: d });
    }
    return out;
  }

  // ------------------------------------------------------------ classification

  #enqueue(gen: number, indices: readonly number[]): void {
    this.#job = this.#job
      .then(() => this.#classify(gen, indices))
      .catch((e: unknown) => {
        // Still list every paper (without chips) rather than an empty sidebar.
        if (gen === this.#gen)
          this.#set({ notice: `Classifier failed: ${errorText(e)}`, classified: this.#state.views.length });
      });
  }

  /**
   * Classify: in batches through `classifyBatch` when there is one, and here, in time-boxed chunks,
   * whatever it does not answer. Each chunk or batch is one state update and one batch of host
   * writes.
   */
  async #classify(gen: number, all: readonly number[], stale?: () => boolean): Promise<void> {
    const { now, budgetMs, yieldToMain } = this.#deps;
    const classify = this.#deps.classify;
    // Not in the task that loaded the page (parse results, host bookkeeping, messages sent).
    await yieldToMain();
    let indices = all;
    const batch = this.#deps.classifyBatch;
    if (batch && indices.length) {
      indices = await this.#classifyElsewhere(gen, indices, batch, stale);
      if (gen !== this.#gen || stale?.()) return;
    }
    let i = 0;
    while (i < indices.length) {
      if (gen !== this.#gen || stale?.()) return;
      const started = now();
      const updates = new Map<number, Partial<PaperView>>();
      do {
        const idx = indices[i++];
        const v = idx === undefined ? undefined : this.#state.views[idx];
        if (v && idx !== undefined) {
          updates.set(idx, {
            classification: classify(classifierInput(v.paper)),
          });
        }
      } while (i < indices.length && now() - started < budgetMs);
      const classified = Math.min(this.#state.views.length, this.#state.classified + updates.size);
      this.#replace(updates, true, { classified });
      if (i < indices.length) await yieldToMain();
    }
  }

  /**
   * Sends every batch at once (the background answers them in turn), applies each answer as it
   * arrives and returns the indices left to classify here: those of batches that failed, took
   * longer than REMOTE_TIMEOUT_MS or were classified with another config.
   */
  async #classifyElsewhere(
    gen: number,
    indices: readonly number[],
    batch: NonNullable<ControllerDeps['classifyBatch']>,
    stale?: () => boolean,
  ): Promise<number[]> {
    const { sleep, yieldToMain } = this.#deps;
    const chunks: number[][] = [];
    for (let i = 0; i < indices.length; i += REMOTE_BATCH) chunks.push(indices.slice(i, i + REMOTE_BATCH));
    const timeout = sleep(REMOTE_TIMEOUT_MS).then(() => undefined);
    const answers = chunks.map((chunk) => {
      const inputs = chunk.map((idx) => {
        const p = this.#state.views[idx]?.paper;
        return p ? classifierInput(p) : { title: '', abstract: '' };
      });
      return Promise.race([batch(inputs).catch(() => undefined), timeout]);
    });
    // Answers in by the time one is awaited are applied with it: one state update and one batch
    // of host writes for all of them (those asked for while the page was parsed usually are).
    const settled: (Classification[] | undefined | null)[] = chunks.map(() => null);
    answers.forEach((a, c) => {
      void a.then((r) => {
        settled[c] = r;
      });
    });
    // One task for the answers that are in (the bridge's prefetched ones) to settle.
    await yieldToMain();
    const left: number[] = [];
    for (let c = 0; c < chunks.length; ) {
      await answers[c];
      if (gen !== this.#gen || stale?.()) return [];
      const updates = new Map<number, Partial<PaperView>>();
      for (; c < chunks.length && settled[c] !== null; c++) {
        const chunk = chunks[c] as number[];
        const results = settled[c];
        if (!results || results.length !== chunk.length) {
          left.push(...chunk);
          continue;
        }
        for (let k = 0; k < chunk.length; k++)
          updates.set(chunk[k] as number, { classification: results[k] });
      }
      if (updates.size) {
        const classified = Math.min(this.#state.views.length, this.#state.classified + updates.size);
        this.#replace(updates, true, { classified });
      }
      if (c < chunks.length) await yieldToMain();
    }
    return left;
  }

  /**
   * Re-classify every paper (user topics, thresholds or learned models changed). A newer call
   * supersedes a pass still running.
   */
  reclassify(classify?: ControllerDeps['classify'], topics?: readonly TopicInfo[]): void {
    if (classify) this.#deps.classify = classify;
    if (topics) this.setTopics(topics);
    if (this.#state.phase !== 'ready') return;
    const token = ++this.#reclassToken;
    const gen = this.#gen;
    if (this.#state.sort === 'relevance' && this.#state.readingList) void this.#requestRelevance(gen);
    const all = this.#state.views.map((v) => v.index);
    this.#job = this.#job
      .then(() =>
        token === this.#reclassToken
          ? this.#classify(gen, all, () => token !== this.#reclassToken)
          : undefined,
      )
      .catch((e: unknown) => {
        if (gen === this.#gen) this.#set({ notice: `Classifier failed: ${errorText(e)}` });
      });
  }

  /** The topic list changed (user topics added/removed, built-ins switched off). */
  setTopics(topics: readonly TopicInfo[]): void {
    const known = new Set(topics.map((t) => t.id));
    const filter = this.#state.filter.filter((t) => known.has(t));
    this.#set({ topics, filter }, filter.length !== this.#state.filter.length);
  }

  /** Corrections the user made earlier (from the background): shown, not sent again. */
  applyCorrections(byPaper: ReadonlyMap<string, ReadonlyMap<TopicId, Label>>): void {
    const updates = new Map<number, Partial<PaperView>>();
    for (const [id, corr] of byPaper) {
      const i = this.#byId.get(id);
      const v = i === undefined ? undefined : this.#state.views[i];
      if (!v || i === undefined || corr.size === 0) continue;
      updates.set(i, { corrections: new Map([...(v.corrections ?? []), ...corr]) });
    }
    this.#replace(updates);
  }

  async #requestAbstracts(gen: number): Promise<void> {
    const api = this.#deps.api;
    if (gen !== this.#gen) return;
    const missing = this.#state.views.filter((v) => !v.paper.abstract).map((v) => v.paper);
    if (!missing.length) return;
    if (!api?.requestAbstracts) return;
    this.#set({ abstracts: { done: 0, total: missing.length, status: 'fetching' } });
    try {
      const res = await api.requestAbstracts(missing);
      if (gen !== this.#gen) return;
      if (res.total === 0) {
        this.#set({ abstracts: undefined });
        return;
      }
      const a = this.#state.abstracts;
      const sources = res.sources?.length ? { sources: [...res.sources] } : {};
      // Progress events may already have overtaken the answer; never go backwards.
      if (!a || a.done <= res.cached.length) {
        this.#set({
          abstracts: {
            done: res.cached.length,
            total: res.total,
            status: res.queued > 0 ? 'fetching' : 'done',
            ...sources,
          },
        });
      } else this.#set({ abstracts: { ...a, ...sources } });
      this.#applyAbstracts(res.cached);
    } catch (e) {
      if (gen !== this.#gen) return;
      const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
      this.#set({
        abstracts: {
          done: 0,
          total: missing.length,
          status: offline ? 'offline' : `error: ${errorText(e)}`,
        },
      });
    }
  }

  // ------------------------------------------------------------ background events

  /** Broadcasts from the background (runtime.onMessage): saved state and abstract fetching. */
  handleMessage(msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { type?: unknown } & Record<string, unknown>;
    if (this.#state.phase !== 'ready') return;
    switch (m.type) {
      case 'papers.changed':
        if (Array.isArray(m.ids))
          void this.#refreshSaved(m.ids.filter((x): x is string => typeof x === 'string'));
        break;
      case 'abstracts.progress': {
        const done = Number(m.done);
        const total = Number(m.total);
        if (Number.isFinite(done) && Number.isFinite(total)) {
          this.#set({
            abstracts: {
              done,
              total,
              status: typeof m.status === 'string' ? m.status : 'fetching',
              ...(Number(m.failed) > 0 ? { failed: Number(m.failed) } : {}),
              ...(Number(m.retryInMs) > 0 ? { retryInMs: Number(m.retryInMs) } : {}),
              ...(this.#state.abstracts?.sources ? { sources: this.#state.abstracts.sources } : {}),
            },
          });
        }
        break;
      }
      case 'abstracts.result':
        if (Array.isArray(m.papers)) this.#applyAbstracts(m.papers);
        break;
    }
  }

  async #refreshSaved(ids: string[]): Promise<void> {
    const mine = ids.filter((id) => this.#byId.has(id));
    if (!mine.length) return;
    const gen = this.#gen;
    try {
      const st = await this.#deps.send('papers.state', { ids: mine });
      if (gen === this.#gen) this.#replace(this.#savedPatches(mine, st));
    } catch (e) {
      if (gen === this.#gen) this.#set({ notice: `Could not refresh saved state: ${errorText(e)}` });
    }
  }

  #applyAbstracts(papers: unknown[]): void {
    const updates = new Map<number, Partial<PaperView>>();
    for (const p of papers) {
      if (typeof p !== 'object' || p === null) continue;
      const { id, abstract, authors } = p as Partial<Paper>;
      if (typeof id !== 'string' || typeof abstract !== 'string' || !abstract) continue;
      const i = this.#byId.get(id);
      const v = i === undefined ? undefined : this.#state.views[i];
      if (!v || i === undefined || v.paper.abstract === abstract) continue;
      const paper: Paper = { ...v.paper, abstract };
      if (!paper.authors.length && Array.isArray(authors))
        paper.authors = authors.filter((a) => typeof a === 'string');
      updates.set(i, { paper });
    }
    if (!updates.size) return;
    this.#replace(updates, false);
    this.#enqueue(this.#gen, [...updates.keys()]);
  }

  // ------------------------------------------------------------ user actions

  setFilter(filter: readonly TopicId[]): void {
    this.#set({ filter: [...filter] }, true);
    const site = this.#state.site;
    if (site) {
      this.#deps.send('settings.setFilter', { site, filter: [...filter] }).catch((e: unknown) => {
        this.#set({ notice: `Could not remember the filter: ${errorText(e)}` });
      });
    }
  }

  toggleTopic(topic: TopicId): void {
    const f = this.#state.filter;
    this.setFilter(f.includes(topic) ? f.filter((t) => t !== topic) : [...f, topic]);
  }

  setHideTriaged(on: boolean): void {
    this.#set({ hideTriaged: on }, true);
  }

  setSort(sort: SortOrder): void {
    this.#set({ sort });
    if (sort === 'relevance' && this.#state.phase === 'ready' && !this.#state.readingList)
      void this.#requestRelevance(this.#gen);
  }

  /** Reading-list similarity of the page's papers ('papers.relevance'), for the Relevance sort. */
  async #requestRelevance(gen: number): Promise<void> {
    const papers = this.#state.views.map(({ paper: p }) => ({
      id: p.id,
      title: p.title,
      abstract: p.abstract,
    }));
    if (!papers.length) return;
    const scores = new Map<string, number>();
    try {
      for (let i = 0; i < papers.length; i += RELEVANCE_BATCH) {
        const res = await this.#deps.send('papers.relevance', {
          papers: papers.slice(i, i + RELEVANCE_BATCH),
        });
        for (const [id, score] of Object.entries(res.scores))
          if (Number.isFinite(score)) scores.set(id, score);
      }
    } catch {
      return; // topic scores alone still sort the list
    }
    if (gen === this.#gen) this.#set({ readingList: scores });
  }

  setQuery(query: string): void {
    this.#set({ query });
  }

  dismissNotice(): void {
    this.#set({ notice: undefined });
  }

  #viewById(id: string): PaperView | undefined {
    const i = this.#byId.get(id);
    return i === undefined ? undefined : this.#state.views[i];
  }

  /** Rejects with TimeoutError when `p` takes longer than `writeTimeoutMs`. */
  #timed<T>(p: Promise<T>): Promise<T> {
    const ms = this.#deps.writeTimeoutMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms / 1000} s`)), ms);
    });
    return Promise.race([p, late]).finally(() => clearTimeout(timer));
  }

  /**
   * One optimistic triage write. On an error or a time-out the write may still have landed (the
   * worker stopped before answering; "Transaction committed too early" after the commit), so the
   * row shows what 'papers.state' says is stored, and only a write that really did not land gets
   * a notice. Writes run concurrently; each row keeps only its newest write's outcome.
   */
  async #triage(v: PaperView, want: Triage, write: () => Promise<unknown>, what: string): Promise<void> {
    const gen = this.#gen;
    const id = v.paper.id;
    const seq = ++this.#writeSeq;
    this.#writes.set(id, seq);
    const before: Triage = { saved: v.saved, dismissed: v.dismissed };
    const current = () => gen === this.#gen && this.#writes.get(id) === seq;
    this.#replace(new Map([[v.index, want]]));
    try {
      await this.#timed(write());
      return;
    } catch (e) {
      if (!current()) return;
      const notice = `Could not ${what} “${v.paper.title}”: ${errorText(e)}`;
      const truth = await this.#storedState(id, current);
      if (!current()) return;
      const landed = truth && truth.saved === want.saved && truth.dismissed === want.dismissed;
      this.#replace(new Map([[v.index, truth ?? before]]), true, landed ? {} : { notice });
    } finally {
      if (this.#writes.get(id) === seq) this.#writes.delete(id);
    }
  }

  /** What the background has stored for one paper, asked a few times; undefined when it never answers. */
  async #storedState(id: string, current: () => boolean): Promise<Triage | undefined> {
    for (const ms of this.#deps.verifyDelaysMs) {
      if (ms > 0) await this.#deps.sleep(ms);
      if (!current()) return undefined;
      try {
        const st = await this.#timed(this.#deps.send('papers.state', { ids: [id] }));
        return { saved: st.saved.includes(id), dismissed: st.dismissed.includes(id) };
      } catch {
        // The worker may still be starting: ask again after the next delay.
      }
    }
    return undefined;
  }

  /** Save, or remove when already saved. Optimistic; a write that did not land is reverted with a notice. */
  toggleSave(id: string): Promise<void> {
    const v = this.#viewById(id);
    if (!v) return Promise.resolve();
    const { send } = this.#deps;
    if (v.saved)
      return this.#triage(
        v,
        { saved: false, dismissed: v.dismissed },
        () => send('papers.remove', { id }),
        'remove',
      );
    return this.#triage(
      v,
      { saved: true, dismissed: false },
      () => send('papers.save', { paper: v.paper, topics: [...v.topics] }),
      'save',
    );
  }

  toggleDismiss(id: string): Promise<void> {
    const v = this.#viewById(id);
    if (!v) return Promise.resolve();
    const next = !v.dismissed;
    const api = this.#deps.api;
    if (!api?.dismiss) {
      // Kept for this page only when no background stores it (tests, bench).
      this.#replace(new Map([[v.index, { dismissed: next }]]));
      return Promise.resolve();
    }
    const dismiss = api.dismiss.bind(api);
    // Dismissing takes a paper off the reading list; un-dismissing gives a saved paper its status
    // back (the background knows which: 'papers.undismiss'), so `saved` is confirmed by re-query.
    const want: Triage = next ? { saved: false, dismissed: true } : { saved: v.saved, dismissed: false };
    return this.#triage(
      v,
      want,
      async () => {
        await dismiss(v.paper, next);
        if (!next) void this.#refreshSaved([v.paper.id]);
      },
      next ? 'dismiss' : 'un-dismiss',
    );
  }

  /** "Not <topic>" (-1), "Add topic…" (+1), undo (0): applied at once, then sent to the learner. */
  correct(id: string, topic: TopicId, label: Label | 0): void {
    const v = this.#viewById(id);
    if (!v) return;
    const corrections = new Map(v.corrections ?? []);
    if (label === 0) corrections.delete(topic);
    else corrections.set(topic, label);
    this.#replace(new Map([[v.index, { corrections }]]));
    this.#deps.api?.correct?.(v.paper, topic, label).catch((e: unknown) => {
      this.#set({ notice: `Could not store the correction: ${errorText(e)}` });
    });
  }

  /**
   * "Use as example of <topic>": the paper joins the user topic's example papers in the background
   * ('topics.addExample'), which broadcasts classifier.changed so the chips follow. Says how it went.
   */
  async addExample(id: string, topic: TopicId): Promise<void> {
    const v = this.#viewById(id);
    if (!v) return;
    const name = this.#state.topics.find((t) => t.id === topic)?.label ?? topic;
    const { paper } = v;
    try {
      const r = await this.#deps.send('topics.addExample', {
        topic,
        example: { paperId: paper.id, title: paper.title, abstract: paper.abstract },
      });
      this.#set({ notice: r.added ? `Added as an example of ${name}` : `Already an example of ${name}` });
    } catch (e) {
      this.#set({ notice: `Could not add the example of ${name}: ${errorText(e)}` });
    }
  }

  /** Removes every trace from the host page (extension reloaded / context invalidated). */
  destroy(): void {
    this.#gen++;
    this.#host.clear();
    this.#host.setEntries([]);
    this.#listeners.clear();
  }
}
