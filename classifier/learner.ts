/**
 * Per-topic online learner that turns user corrections into a score adjustment (issue 3, "Learns from
 * the user").
 *
 * Model: a linear model over hashed word uni/bi-grams (./features.ts), added to the topic's rule logit.
 * Update: passive-aggressive (PA-I, Crammer et al. 2006): the smallest weight change that puts the
 * corrected paper on the right side of the threshold with a margin, capped at MAX_STEP so one
 * correction moves similar papers (shared n-grams) modestly and unrelated ones hardly at all.
 * The corrected paper itself is also pinned, so the user sees the correction applied at once whatever
 * the cap: that is the user's explicit decision about that paper, not a tuned exception.
 * State is plain JSON (sparse weights keyed by bucket) so it can live in Dexie and be exported.
 */
import type { TopicId } from '../lib/types';
import { type DocVector, docVector, HASH_BITS, paperFingerprint } from './features';
import type { ClassifierInput } from './types';

export const LEARNER_VERSION = 1;
/** Margin (in logit units) past the threshold the corrected paper is pushed to. */
const MARGIN = 1.5;
/** Largest change of the corrected paper's learned logit per correction. */
const MAX_STEP = 4;
/** Weights below this are dropped to keep the state small. */
const EPS = 1e-4;
/** Decimal places kept in weights (JSON size). */
const ROUND = 1e5;

export interface LearnerState {
  version: typeof LEARNER_VERSION;
  topic: TopicId;
  hashBits: number;
  /** hash bucket (decimal string) -> weight */
  weights: Record<string, number>;
  /** paper fingerprint -> the user's label for that paper */
  pinned: Record<string, 1 | -1>;
  /** number of corrections trained */
  updates: number;
}

export type CorrectionLabel = 1 | -1;

export function reset(topic: TopicId): LearnerState {
  return { version: LEARNER_VERSION, topic, hashBits: HASH_BITS, weights: {}, pinned: {}, updates: 0 };
}

/** Alias of `reset` for readability where a fresh state is created rather than reset. */
export const createLearner = reset;

/** Learned logit adjustment for a document vector. */
export function learnedLogit(state: LearnerState, vec: DocVector): number {
  let s = 0;
  const w = state.weights;
  for (const [k, v] of vec.values) {
    const u = w[k];
    if (u !== undefined) s += u * v;
  }
  return s;
}

/** Per-bucket contributions (weight x value), strongest first: the learner's evidence. */
export function learnedContributions(
  state: LearnerState,
  vec: DocVector,
  limit = 6,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [k, v] of vec.values) {
    const u = state.weights[k];
    if (u !== undefined) out.push([k, u * v]);
  }
  out.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  return out.slice(0, limit);
}

export function pinnedLabel(state: LearnerState, input: ClassifierInput): CorrectionLabel | undefined {
  return state.pinned[paperFingerprint(input)];
}

export interface TrainOptions {
  /** The topic's logit for this paper before learning (rules, examples); default 0. */
  baseLogit?: number;
  /** The topic's threshold; default 0.5. */
  threshold?: number;
}

function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
}

/**
 * Returns a new state trained on one correction: +1 "this paper is this topic", -1 "it is not".
 * Pure: the input state is not modified.
 */
export function train(
  state: LearnerState,
  input: ClassifierInput,
  label: CorrectionLabel,
  opts: TrainOptions = {},
): LearnerState {
  if (label !== 1 && label !== -1) throw new Error(`label must be 1 or -1, got ${String(label)}`);
  const vec = docVector(input);
  const weights = { ...state.weights };
  const next: LearnerState = {
    ...state,
    weights,
    pinned: { ...state.pinned, [paperFingerprint(input)]: label },
    updates: state.updates + 1,
  };
  const theta = logit(opts.threshold ?? 0.5);
  const f = (opts.baseLogit ?? 0) + learnedLogit(state, vec) - theta;
  const loss = Math.max(0, MARGIN - label * f);
  let sq = 0;
  for (const v of vec.values.values()) sq += v * v;
  if (loss === 0 || sq === 0) return next;
  const tau = Math.min(MAX_STEP, loss / sq);
  for (const [k, v] of vec.values) {
    const key = String(k);
    const u = Math.round(((weights[key] ?? 0) + tau * label * v) * ROUND) / ROUND;
    if (Math.abs(u) < EPS) delete weights[key];
    else weights[key] = u;
  }
  return next;
}

/** Removes the pin of one paper (undo of a correction keeps the weights; use `replay` for an exact undo). */
export function unpin(state: LearnerState, input: ClassifierInput): LearnerState {
  const pinned = { ...state.pinned };
  delete pinned[paperFingerprint(input)];
  return { ...state, pinned };
}

/**
 * Rebuilds a topic's state from its list of corrections, oldest first: undoing a correction is
 * replaying the others. `baseLogit` gives the topic's logit before learning for a paper.
 */
export function replay(
  topic: TopicId,
  corrections: ReadonlyArray<{ input: ClassifierInput; label: CorrectionLabel }>,
  baseLogit: (input: ClassifierInput) => number = () => 0,
  threshold = 0.5,
): LearnerState {
  let s = reset(topic);
  for (const c of corrections) s = train(s, c.input, c.label, { baseLogit: baseLogit(c.input), threshold });
  return s;
}

/** Validates a value read from storage or an import; throws an Error naming the problem. */
export function parseLearnerState(value: unknown, where = 'learner state'): LearnerState {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${where}: not an object`);
  const v = value as Record<string, unknown>;
  if (v.version !== LEARNER_VERSION) throw new Error(`${where}: unsupported version ${String(v.version)}`);
  if (typeof v.topic !== 'string' || v.topic === '')
    throw new Error(`${where}: "topic" must be a non-empty string`);
  if (v.hashBits !== HASH_BITS) throw new Error(`${where}: "hashBits" must be ${HASH_BITS}`);
  if (typeof v.updates !== 'number' || !Number.isInteger(v.updates) || v.updates < 0)
    throw new Error(`${where}: "updates" must be a non-negative integer`);
  const weights: Record<string, number> = {};
  if (typeof v.weights !== 'object' || v.weights === null)
    throw new Error(`${where}: "weights" must be an object`);
  for (const [k, w] of Object.entries(v.weights as Record<string, unknown>)) {
    if (!/^\d+$/.test(k) || Number(k) >= 2 ** HASH_BITS) throw new Error(`${where}: bad weight key "${k}"`);
    if (typeof w !== 'number' || !Number.isFinite(w))
      throw new Error(`${where}: weight "${k}" is not a finite number`);
    weights[k] = w;
  }
  const pinned: Record<string, 1 | -1> = {};
  if (typeof v.pinned !== 'object' || v.pinned === null)
    throw new Error(`${where}: "pinned" must be an object`);
  for (const [k, l] of Object.entries(v.pinned as Record<string, unknown>)) {
    if (l !== 1 && l !== -1) throw new Error(`${where}: pinned label of "${k}" must be 1 or -1`);
    pinned[k] = l;
  }
  return {
    version: LEARNER_VERSION,
    topic: v.topic,
    hashBits: HASH_BITS,
    weights,
    pinned,
    updates: v.updates,
  };
}

/**
 * The readable learner states of stored models whose topic `keep` accepts, by topic. A model from
 * an older learner or a damaged record is left out (the classifier works without it) and
 * reported through `onUnreadable`.
 */
export function readLearnedStates(
  models: readonly { topic: TopicId; state: unknown }[],
  keep: (topic: TopicId) => boolean,
  onUnreadable?: (topic: TopicId, error: unknown) => void,
): Record<TopicId, LearnerState> {
  const learned: Record<TopicId, LearnerState> = {};
  for (const m of models) {
    if (!keep(m.topic)) continue;
    try {
      learned[m.topic] = parseLearnerState(m.state, `learned model of ${m.topic}`);
    } catch (e) {
      onUnreadable?.(m.topic, e);
    }
  }
  return learned;
}
