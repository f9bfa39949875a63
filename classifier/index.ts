/**
 * PaperSift's local topic classifier (issues 2 and 3): pure TypeScript, no DOM, no browser.*, no
 * network. The same module runs in the content script, the background, the CLI and the tests.
 *
 * Per topic: logit = bias + weighted phrase-rule hits (./model.ts, ./engine.ts) [+ example-paper
 * similarity for user topics] [+ the user's learned adjustment, ./learner.ts]; score = sigmoid(logit).
 */
import { BUILTIN_TOPIC_LABELS, BUILTIN_TOPICS, type BuiltinTopicId, type TopicId } from '../lib/types';
import {
  type CompiledRule,
  type CompiledRuleSet,
  compileRuleSet,
  createHitList,
  type FieldTokens,
  matchField,
  type RuleDef,
  scanGroups,
} from './engine';
import { cosine, type DocVector, docVector, docVectorFromBuffers } from './features';
import {
  type CorrectionLabel,
  type LearnerState,
  learnedContributions,
  learnedLogit,
  pinnedLabel,
  reset as resetState,
  train,
} from './learner';
import * as model from './model';
import { createTokenBuffer, tokenizeInto } from './tokenize';
import type { Classification, ClassifierInput, Evidence, TopicResult } from './types';

export type { CorrectionLabel, LearnerState } from './learner';
export { parseLearnerState, readLearnedStates, replay, reset, train } from './learner';
export { buildReadingListIndex, type ReadingListIndex, type ReadingListMatch } from './relevance';
export { tokenize } from './tokenize';
export {
  exportTopics,
  parseTopicsJson,
  serialiseTopicsFile,
  type TopicsFile,
  type TopicsFileTopic,
} from './topics-json';
export type { Classification, ClassifierInput, Evidence, TopicResult } from './types';

// Local copies: hot loops should not go through module-namespace getters (tsx/CJS interop).
const { GROUPS, RULES, TOPIC_DESCRIPTIONS } = model;
const BIAS: number = model.BIAS;
const TITLE_WEIGHT: number = model.TITLE_WEIGHT;
const SURVEY_ABSTRACT_FACTOR: number = model.SURVEY_ABSTRACT_FACTOR;
const ASIDE_FACTOR: number = model.ASIDE_FACTOR;
const YIELD_LOGIT: number = model.YIELD_LOGIT;
const REPEAT_DECAY: readonly number[] = model.REPEAT_DECAY;
const BUILTINS: readonly BuiltinTopicId[] = [...BUILTIN_TOPICS];

/** Bump when rules, weights or scoring change: cached classifications are then recomputed. */
export const MODEL_VERSION = 'ps-rules-1.7.0';

export interface TopicDef {
  id: TopicId;
  label: string;
  description: string;
  builtin: boolean;
}

export const TOPIC_DEFS: readonly TopicDef[] = BUILTIN_TOPICS.map((id) => ({
  id,
  label: BUILTIN_TOPIC_LABELS[id],
  description: TOPIC_DESCRIPTIONS[id],
  builtin: true,
}));

export interface UserTopicExample {
  /** The paper's id (topics files carry it so an import keeps the example's identity). */
  paperId?: string;
  title: string;
  abstract?: string;
}

/** A user-defined topic (id `user:<slug>`); it gets scores, evidence and predictions like a built-in. */
export interface UserTopic {
  id: TopicId;
  name: string;
  description: string;
  /** Phrases that indicate the topic; `*` ends a word prefix ("prun*"). */
  include: string[];
  /** Phrases that indicate it is not the topic. */
  exclude: string[];
  /** Example papers of the topic. */
  examples: UserTopicExample[];
}

export interface ClassifierConfig {
  disabledBuiltins?: TopicId[];
  userTopics?: UserTopic[];
  /** Learned adjustments from the user's corrections, by topic id. */
  learned?: Record<TopicId, LearnerState>;
  /** Score thresholds by topic id (default DEFAULT_THRESHOLD). */
  thresholds?: Record<TopicId, number>;
}

export const DEFAULT_THRESHOLD = 0.5;

/**
 * A short name for a config (its JSON, hashed with FNV-1a): the background says which config it
 * classified with ('classify.batch') and the content script compares it with its own. `json` is
 * `JSON.stringify(config)` for a caller that has it already.
 */
export function configKey(config: ClassifierConfig, json: string = JSON.stringify(config)): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < json.length; i++) {
    h ^= json.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${MODEL_VERSION}:${json.length}:${(h >>> 0).toString(36)}`;
}
/** Evidence items kept per topic and sign. */
const MAX_EVIDENCE = 12;

let builtinSet: CompiledRuleSet | undefined;
/**
 * Compiles the built-in rules now; otherwise the first classify() does. They are compiled on first
 * use rather than at import, so that importing the classifier stays cheap and a content script can
 * do it in a task of its own instead of inside its first (issue 6).
 */
export function prepareClassifier(): void {
  builtins();
}

function builtins(): CompiledRuleSet {
  builtinSet ??= compileRuleSet(
    [...BUILTIN_TOPICS],
    BUILTIN_TOPICS.map((t) => ({ topic: t, rules: RULES[t] })),
    GROUPS,
  );
  return builtinSet;
}
const SURVEY_MASK = 1 << Object.keys(GROUPS).indexOf('SURVEY');
const ASIDE_MASK = 1 << Object.keys(GROUPS).indexOf('ASIDE');

// Working buffers: classify() is synchronous and not re-entrant, so they are reused across calls.
const titleTokens: FieldTokens = { buf: createTokenBuffer(), groups: [], infos: [] };
const abstractTokens: FieldTokens = { buf: createTokenBuffer(), groups: [], infos: [] };
const hits = createHitList();
const order: number[] = [];
const claimed: [number[], number[]] = [[], []];
const repeats: number[] = [];
const asides: number[] = [];
const pending: Array<{ topic: number; weight: number; ev: Evidence; yieldTo: number }> = [];

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function logitOf(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

interface TopicAcc {
  logit: number;
  positive: Evidence[];
  negative: Evidence[];
}

/**
 * Runs a rule set over the already tokenised fields and adds logits and evidence to `acc`
 * (indexed like set.topics).
 */
function runRules(set: CompiledRuleSet, input: ClassifierInput, acc: TopicAcc[]): void {
  const docGroups = scanGroups(set, titleTokens) | scanGroups(set, abstractTokens);
  const titleGroups = set === builtinSet ? scanTitleMask() : 0;
  hits.length = 0;
  matchField(set, titleTokens, 0, docGroups, hits, abstractTokens.buf.length === 0);
  matchField(set, abstractTokens, 1, docGroups, hits);
  if (hits.length === 0) return;
  const rules = set.rules;
  order.length = hits.length;
  for (let h = 0; h < hits.length; h++) order[h] = h;
  // Negatives claim their tokens first, then stronger positives; title before abstract.
  order.sort((a, b) => {
    const wa = (rules[hits.rule[a] as number] as { weight: number }).weight;
    const wb = (rules[hits.rule[b] as number] as { weight: number }).weight;
    if (wa < 0 !== wb < 0) return wa < 0 ? -1 : 1;
    if (Math.abs(wa) !== Math.abs(wb)) return Math.abs(wb) - Math.abs(wa);
    const la = (hits.endTok[a] as number) - (hits.startTok[a] as number);
    const lb = (hits.endTok[b] as number) - (hits.startTok[b] as number);
    if (la !== lb) return lb - la;
    if (hits.field[a] !== hits.field[b]) return (hits.field[a] as number) - (hits.field[b] as number);
    return (hits.startTok[a] as number) - (hits.startTok[b] as number);
  });
  for (let f = 0; f < 2; f++) {
    const c = claimed[f] as number[];
    const n = (f === 0 ? titleTokens : abstractTokens).buf.length;
    for (let i = 0; i < n; i++) c[i] = 0;
  }
  for (let h = 0; h < hits.length; h++) repeats[(rules[hits.rule[h] as number] as CompiledRule).def] = 0;
  const survey = (titleGroups & SURVEY_MASK) !== 0;
  const builtin = set === builtinSet;
  // Abstract sentences that say "also": side remarks ("we also extend it to block-sparse attention").
  asides.length = 0;
  if (builtin) {
    const b = abstractTokens.buf;
    const g = abstractTokens.groups;
    for (let i = 0; i < b.length; i++) {
      if (((g[i] as number) & ASIDE_MASK) !== 0) asides.push(b.sentence[i] as number);
    }
  }
  pending.length = 0;
  for (const h of order) {
    const rule = rules[hits.rule[h] as number];
    if (rule === undefined) continue;
    const field = hits.field[h] as number;
    const s = hits.startTok[h] as number;
    const e = hits.endTok[h] as number;
    const c = claimed[field] as number[];
    const bit = 1 << rule.topic;
    let free = true;
    for (let i = s; i < e; i++) {
      if (((c[i] as number) & bit) !== 0) {
        free = false;
        break;
      }
    }
    if (!free) continue;
    for (let i = s; i < e; i++) c[i] = (c[i] as number) | bit;
    const k = repeats[rule.def] as number;
    repeats[rule.def] = k + 1;
    const decay = REPEAT_DECAY[k];
    if (decay === undefined) continue;
    const buf = (field === 0 ? titleTokens : abstractTokens).buf;
    let fieldFactor = field === 0 ? TITLE_WEIGHT : survey ? SURVEY_ABSTRACT_FACTOR : 1;
    if (field === 1 && rule.weight > 0 && asides.length > 0 && asides.includes(buf.sentence[s] as number))
      fieldFactor *= ASIDE_FACTOR;
    const weight = rule.weight * decay * fieldFactor;
    const start = buf.starts[s] as number;
    const end = buf.ends[e - 1] as number;
    const text = field === 0 ? input.title : (input.abstract ?? '');
    const ev: Evidence = {
      phrase: text.slice(start, end),
      weight: Math.round(weight * 1000) / 1000,
      field: field === 0 ? 'title' : 'abstract',
      start,
      end,
    };
    if (rule.yieldTo !== 0 && weight > 0) {
      pending.push({ topic: rule.topic, weight, ev, yieldTo: rule.yieldTo });
      continue;
    }
    const a = acc[rule.topic] as TopicAcc;
    a.logit += weight;
    (weight >= 0 ? a.positive : a.negative).push(ev);
  }
  if (pending.length > 0) {
    // Generic evidence counts only when no topic it yields to stands on its own specific evidence.
    let strong = 0;
    for (let t = 0; t < acc.length; t++) if ((acc[t] as TopicAcc).logit > YIELD_LOGIT) strong |= 1 << t;
    for (const p of pending) {
      if ((p.yieldTo & strong) !== 0) continue;
      const a = acc[p.topic] as TopicAcc;
      a.logit += p.weight;
      a.positive.push(p.ev);
    }
  }
}

function scanTitleMask(): number {
  let m = 0;
  const g = titleTokens.groups;
  for (let i = 0; i < titleTokens.buf.length; i++) m |= g[i] as number;
  return m;
}

// ---------------------------------------------------------------------------------------------
// User topics

const USER_BIAS = -2.5;
const USER_INCLUDE_WEIGHT = 3.5;
const USER_EXCLUDE_WEIGHT = -5;
/** Example similarity: EXAMPLE_GAIN * (best cosine - EXAMPLE_OFFSET), clipped. */
const EXAMPLE_GAIN = 9;
const EXAMPLE_OFFSET = 0.12;
const EXAMPLE_MAX = 5;
const EXAMPLE_MIN = -1;

interface CompiledUserTopic {
  rules: CompiledRuleSet | null;
  examples: DocVector[];
}

const userCache = new WeakMap<UserTopic, CompiledUserTopic>();

/** Turns a user phrase into a pattern: words, `*` as a word-prefix wildcard, punctuation as spaces. */
export function phraseToPattern(phrase: string): string | null {
  const words = phrase
    .toLowerCase()
    .replace(/[^a-z0-9*]+/g, ' ')
    .split(' ')
    .map((w) => w.replace(/\*+/g, '*'))
    .filter((w) => w !== '' && w !== '*');
  const specs = words.map((w) => (w.startsWith('*') ? w.slice(1) : w)).filter((w) => w !== '' && w !== '*');
  return specs.length === 0 ? null : specs.join(' ');
}

function compileUserTopic(t: UserTopic): CompiledUserTopic {
  let c = userCache.get(t);
  if (c !== undefined) return c;
  const rules: RuleDef[] = [];
  for (const p of t.include) {
    const pat = phraseToPattern(p);
    if (pat !== null) rules.push({ p: pat, w: USER_INCLUDE_WEIGHT });
  }
  for (const p of t.exclude) {
    const pat = phraseToPattern(p);
    if (pat !== null) rules.push({ p: pat, w: USER_EXCLUDE_WEIGHT });
  }
  c = {
    rules: rules.length > 0 ? compileRuleSet([t.id], [{ topic: t.id, rules }], {}) : null,
    examples: t.examples.map((e) => docVector({ title: e.title, abstract: e.abstract ?? '' })),
  };
  userCache.set(t, c);
  return c;
}

function evidenceAt(
  input: ClassifierInput,
  w: { field: 'title' | 'abstract'; start: number; end: number },
  weight: number,
  source: Evidence['source'],
): Evidence {
  const text = w.field === 'title' ? input.title : (input.abstract ?? '');
  return {
    phrase: text.slice(w.start, w.end),
    weight: Math.round(weight * 1000) / 1000,
    field: w.field,
    start: w.start,
    end: w.end,
    source,
  };
}

function exampleEvidence(
  input: ClassifierInput,
  vec: DocVector,
  example: DocVector,
  total: number,
): Evidence[] {
  const shared: Array<[number, number]> = [];
  for (const [k, v] of vec.values) {
    const u = example.values.get(k);
    if (u !== undefined) shared.push([k, u * v]);
  }
  shared.sort((a, b) => b[1] - a[1]);
  const sum = shared.reduce((s, x) => s + x[1], 0) || 1;
  const out: Evidence[] = [];
  for (const [k, v] of shared.slice(0, 4)) {
    const w = vec.where.get(k);
    if (w !== undefined) out.push(evidenceAt(input, w, (total * v) / sum, 'example'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

function byWeightDesc(a: Evidence, b: Evidence): number {
  return b.weight - a.weight;
}
function byWeightAsc(a: Evidence, b: Evidence): number {
  return a.weight - b.weight;
}

/** Classifies one paper. Title-only input (abstract '' or missing) is fine. */
export function classify(input: ClassifierInput, config: ClassifierConfig = {}): Classification {
  const title = input.title ?? '';
  const abstract = input.abstract ?? '';
  const doc: ClassifierInput = { title, abstract };
  tokenizeInto(title, titleTokens.buf, true);
  tokenizeInto(abstract, abstractTokens.buf, true);

  const disabled = config.disabledBuiltins;
  const builtinAcc: TopicAcc[] = [];
  for (let t = 0; t < BUILTINS.length; t++) builtinAcc.push({ logit: BIAS, positive: [], negative: [] });
  runRules(builtins(), doc, builtinAcc);

  const ids: TopicId[] = [];
  const accs: TopicAcc[] = [];
  for (let t = 0; t < BUILTINS.length; t++) {
    const id = BUILTINS[t] as BuiltinTopicId;
    if (disabled?.includes(id)) continue;
    ids.push(id);
    accs.push(builtinAcc[t] as TopicAcc);
  }

  let vec: DocVector | null = null;
  const getVec = (): DocVector => {
    vec ??= docVectorFromBuffers(titleTokens.buf, abstractTokens.buf);
    return vec;
  };

  for (const t of config.userTopics ?? []) {
    if (ids.includes(t.id)) continue;
    const c = compileUserTopic(t);
    const acc: TopicAcc = { logit: USER_BIAS, positive: [], negative: [] };
    if (c.rules !== null) {
      const one = [acc];
      runRules(c.rules, doc, one);
    }
    if (c.examples.length > 0) {
      const v = getVec();
      let best = -1;
      let bestEx: DocVector | null = null;
      for (const ex of c.examples) {
        const s = cosine(v.values, ex.values);
        if (s > best) {
          best = s;
          bestEx = ex;
        }
      }
      const contrib = Math.max(EXAMPLE_MIN, Math.min(EXAMPLE_MAX, EXAMPLE_GAIN * (best - EXAMPLE_OFFSET)));
      acc.logit += contrib;
      if (contrib > 0 && bestEx !== null) acc.positive.push(...exampleEvidence(doc, v, bestEx, contrib));
    }
    ids.push(t.id);
    accs.push(acc);
  }

  const scores: Record<TopicId, number> = {};
  const details: Record<TopicId, TopicResult> = {};
  const topics: TopicId[] = [];
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as TopicId;
    const acc = accs[i] as TopicAcc;
    const threshold = config.thresholds?.[id] ?? DEFAULT_THRESHOLD;
    let logit = acc.logit;
    let correction: CorrectionLabel | undefined;
    const learned = config.learned?.[id];
    if (learned !== undefined && (learned.updates > 0 || Object.keys(learned.pinned).length > 0)) {
      const v = getVec();
      const adj = learnedLogit(learned, v);
      logit += adj;
      for (const [k, contrib] of learnedContributions(learned, v)) {
        const w = v.where.get(k);
        if (w === undefined || Math.abs(contrib) < 0.05) continue;
        (contrib > 0 ? acc.positive : acc.negative).push(evidenceAt(doc, w, contrib, 'learned'));
      }
      correction = pinnedLabel(learned, doc);
      if (correction !== undefined) {
        // The user's explicit decision on this paper wins, whatever the rules and weights say.
        const t = logitOf(threshold);
        logit = correction === 1 ? Math.max(logit, t + 2) : Math.min(logit, t - 2);
      }
    }
    const score = Math.round(sigmoid(logit) * 10000) / 10000;
    const predicted = score >= threshold;
    acc.positive.sort(byWeightDesc);
    acc.negative.sort(byWeightAsc);
    const result: TopicResult = {
      topic: id,
      score,
      predicted,
      positive: acc.positive.slice(0, MAX_EVIDENCE),
      negative: acc.negative.slice(0, MAX_EVIDENCE),
    };
    if (correction !== undefined) result.correction = correction;
    scores[id] = score;
    details[id] = result;
    if (predicted) topics.push(id);
  }
  return { topics, scores, details, modelVersion: MODEL_VERSION };
}

/**
 * The classification with the details (evidence) of the predicted topics only, which is what a
 * sidebar shows (a chip's tooltip, the abstract's highlights); scores stay for every topic. A
 * 2,000-paper page's answer from the background shrinks ~4x (issue 6: it is deserialised on the
 * page's main thread).
 */
export function chipDetails(c: Classification): Classification {
  const details: Record<TopicId, TopicResult> = {};
  for (const t of c.topics) {
    const d = c.details[t];
    if (d) details[t] = d;
  }
  return { ...c, details };
}

export function classifyMany(
  inputs: readonly ClassifierInput[],
  config: ClassifierConfig = {},
): Classification[] {
  const out: Classification[] = new Array(inputs.length);
  for (let i = 0; i < inputs.length; i++) out[i] = classify(inputs[i] as ClassifierInput, config);
  return out;
}

/** The topic's logit for a paper from rules and examples only (no learned adjustment). */
export function baseLogit(input: ClassifierInput, topic: TopicId, config: ClassifierConfig = {}): number {
  const { learned: _ignored, thresholds: _t, ...rest } = config;
  const s = classify(input, rest).scores[topic];
  if (s === undefined) throw new Error(`unknown or disabled topic "${topic}"`);
  return logitOf(s);
}

/**
 * Applies one user correction to a topic and returns the topic's new learner state
 * (store it and pass it back in `config.learned[topic]`).
 */
export function applyCorrection(
  config: ClassifierConfig,
  topic: TopicId,
  input: ClassifierInput,
  label: CorrectionLabel,
  state?: LearnerState,
): LearnerState {
  const current = state ?? config.learned?.[topic] ?? resetState(topic);
  return train(current, input, label, {
    baseLogit: baseLogit(input, topic, config),
    threshold: config.thresholds?.[topic] ?? DEFAULT_THRESHOLD,
  });
}
