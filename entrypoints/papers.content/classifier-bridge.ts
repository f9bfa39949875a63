/**
 * The content script's side of the classifier: the pure classifier (classifier/index.ts) run with
 * the user's config from the background ('classifier.config': user topics, switched-off
 * built-ins, thresholds, learned models), and corrections sent as 'topics.correct' /
 * 'topics.undoCorrection' (issue 3: "applied at once, stored in Dexie, trains a per-user model").
 */
import {
  type Classification,
  type ClassifierConfig,
  type ClassifierInput,
  classify,
  configKey,
  TOPIC_DEFS,
} from '../../classifier';
import type { Paper, TopicId } from '../../lib/types';
import type { Send } from './controller';
import type { Label, TopicInfo } from './view-model';

/** Topics in display order: enabled built-ins, then the user's own (chip text = their name). */
export function topicsOf(config: ClassifierConfig): TopicInfo[] {
  const off = new Set(config.disabledBuiltins ?? []);
  return [
    ...TOPIC_DEFS.filter((t) => !off.has(t.id)).map((t) => ({ id: t.id, label: t.label })),
    ...(config.userTopics ?? []).map((t) => ({ id: t.id, label: t.name })),
  ];
}

const key = (paperId: string, topic: TopicId) => `${paperId}\u0000${topic}`;
type Answer = { configKey: string; result: Classification } | undefined;
/** Answers asked for ahead that are kept at most (a page of 2,000 papers keeps 2,000). */
const MAX_AHEAD = 20_000;

export class ClassifierBridge {
  #config: ClassifierConfig = {};
  #configJson = '{}';
  #configKey = configKey({});
  /**
   * Background answers asked for ahead (`prefetch`), by title, then the abstract compared (the
   * same string object as the parse's, so comparing is free; hashing 2,000 whole texts as keys
   * cost ~60 ms). A page may show the same text twice: an answer serves every pass that asks for
   * its text with the config it was made with.
   */
  #ahead = new Map<string, { abstract: string; answer: Promise<Answer> }[]>();
  #aheadCount = 0;

  #aheadFor(input: ClassifierInput): Promise<Answer> | undefined {
    const abstract = input.abstract ?? '';
    return this.#ahead.get(input.title)?.find((e) => e.abstract === abstract)?.answer;
  }
  /** seq of the stored correction per (paper, topic), for undo. */
  #seqs = new Map<string, number>();

  constructor(private readonly send: Send) {}

  get config(): ClassifierConfig {
    return this.#config;
  }

  /** Sets the config; false when it is the one already in use (nothing to re-classify). */
  setConfig(config: ClassifierConfig): boolean {
    const json = JSON.stringify(config);
    if (json === this.#configJson) return false;
    this.#config = config;
    this.#configJson = json;
    this.#configKey = configKey(config, json);
    return true;
  }

  /** Fetches the user's config; resolves false when unchanged or unavailable. */
  async refresh(): Promise<boolean> {
    try {
      const { config } = await this.send('classifier.config', {});
      return this.setConfig(config);
    } catch {
      return false; // background unavailable: keep the built-in defaults
    }
  }

  /** Bound to the current config at call time, so a re-classify pass uses one config throughout. */
  classifier(): (input: ClassifierInput) => Classification {
    const config = this.#config;
    return (input) => classify(input, config);
  }

  /**
   * Classifies in the background ('classify.batch'), off the page's main thread. Resolves
   * undefined when the background used another config than this one (changed meanwhile, or this
   * page is still on the defaults): the caller classifies those texts with `classifier()`.
   */
  batchClassifier(): (inputs: ClassifierInput[]) => Promise<Classification[] | undefined> {
    return async (inputs) => {
      const ahead = inputs.map((input) => this.#aheadFor(input));
      if (ahead.every(Boolean)) {
        const answers = await Promise.all(ahead);
        if (answers.every((a) => a?.configKey === this.#configKey))
          return answers.map((a) => (a as NonNullable<Answer>).result);
      }
      const res = await this.send('classify.batch', { inputs });
      return res.configKey === this.#configKey ? res.results : undefined;
    };
  }

  /**
   * Asks the background to classify these texts now, while the rest of the page is still being
   * read (issue 6): `batchClassifier()` then takes the answers instead of asking again (if they
   * were made with the config it has by then).
   */
  prefetch(inputs: ClassifierInput[]): void {
    const fresh = inputs.filter((input) => !this.#aheadFor(input));
    if (!fresh.length) return;
    if (this.#aheadCount > MAX_AHEAD) {
      this.#ahead.clear(); // pages re-parsed with other papers left these behind
      this.#aheadCount = 0;
    }
    const answer = this.send('classify.batch', { inputs: fresh }).catch(() => undefined);
    fresh.forEach((input, k) => {
      const entry = {
        abstract: input.abstract ?? '',
        answer: answer.then((res): Answer => {
          const result = res?.results[k];
          return res && result ? { configKey: res.configKey, result } : undefined;
        }),
      };
      const list = this.#ahead.get(input.title);
      if (list) list.push(entry);
      else this.#ahead.set(input.title, [entry]);
      this.#aheadCount++;
    });
  }

  topics(): TopicInfo[] {
    return topicsOf(this.#config);
  }

  /** The user's stored corrections of these papers (newest wins), to show and undo them. */
  async corrections(paperIds: string[]): Promise<Map<string, Map<TopicId, Label>>> {
    const out = new Map<string, Map<TopicId, Label>>();
    if (!paperIds.length) return out;
    const { corrections } = await this.send('topics.corrections', { paperIds });
    const seen = new Set<string>();
    for (const c of corrections) {
      const k = key(c.paperId, c.topic);
      if (seen.has(k)) continue; // newest first: the first one seen is the current one
      seen.add(k);
      if (c.seq !== undefined) this.#seqs.set(k, c.seq);
      const m = out.get(c.paperId) ?? new Map<TopicId, Label>();
      m.set(c.topic, c.label);
      out.set(c.paperId, m);
    }
    return out;
  }

  /**
   * Stores a correction (or undoes the stored one for label 0). Resolves true when the returned
   * config changed, i.e. the page should be classified again with `classifier()`.
   */
  async correct(paper: Paper, topic: TopicId, label: Label | 0): Promise<boolean> {
    const k = key(paper.id, topic);
    if (label === 0) {
      // A correction from an earlier visit whose seq this page has not loaded yet.
      if (!this.#seqs.has(k)) await this.corrections([paper.id]);
      const seq = this.#seqs.get(k);
      if (seq === undefined) return false;
      this.#seqs.delete(k);
      const { config } = await this.send('topics.undoCorrection', { seq });
      return this.setConfig(config);
    }
    const { seq, config } = await this.send('topics.correct', {
      paperId: paper.id,
      topic,
      label,
      title: paper.title,
      abstract: paper.abstract,
    });
    this.#seqs.set(k, seq);
    return this.setConfig(config);
  }
}
