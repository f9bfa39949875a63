/**
 * Learning from corrections (issue 3): a correction changes that paper's result at once, generalises
 * modestly to similar papers, leaves the built-in's precision alone after a couple of corrections,
 * is undone by reset/replay, and learned state plus user topics round-trip through JSON.
 */
import { describe, expect, it } from 'vitest';
import {
  applyCorrection,
  baseLogit,
  buildReadingListIndex,
  type ClassifierConfig,
  classify,
  exportTopics,
  parseLearnerState,
  parseTopicsJson,
  replay,
  reset,
  train,
  type UserTopic,
} from '../../classifier';
import { loadLabeled, score } from '../../classifier/dataset';
import { DEV_FILE } from '../../classifier/eval';

const dev = loadLabeled(DEV_FILE);

const sepLLM = {
  title: 'Compressing Each Segment into Its Separator Token for Faster LLM Inference',
  abstract:
    'Separator tokens such as commas and periods receive a disproportionate share of attention scores. We condense the information of every segment into the separator that ends it, keep only separators, initial tokens and neighbouring tokens, and discard the rest, halving the memory of long-context generation in streaming settings.',
};
const similar = {
  title: 'Keeping Only Punctuation Tokens Speeds Up Long-Context Generation',
  abstract:
    'Punctuation tokens such as commas and periods gather attention scores for the segment before them. Keeping only these separator tokens, initial tokens and neighbouring tokens during generation halves memory in streaming settings.',
};

function withLearned(
  topic: string,
  state: ReturnType<typeof reset>,
  config: ClassifierConfig = {},
): ClassifierConfig {
  return { ...config, learned: { ...config.learned, [topic]: state } };
}

describe('corrections', () => {
  it('"is this topic" flips the corrected paper at once, also title-only', () => {
    expect(classify(sepLLM).topics).not.toContain('sparse_attention');
    const state = applyCorrection({}, 'sparse_attention', sepLLM, 1);
    const cfg = withLearned('sparse_attention', state);
    const r = classify(sepLLM, cfg);
    expect(r.topics).toContain('sparse_attention');
    expect(r.details.sparse_attention?.correction).toBe(1);
    expect(classify({ title: sepLLM.title }, cfg).topics).toContain('sparse_attention');
  });

  it('"not this topic" removes the chip at once', () => {
    const paper = dev.find((p) => p.labels.moe === 'core') ?? dev[0];
    if (paper === undefined) throw new Error('no moe paper in dev');
    expect(classify(paper).topics).toContain('moe');
    const state = applyCorrection({}, 'moe', paper, -1);
    const r = classify(paper, withLearned('moe', state));
    expect(r.topics).not.toContain('moe');
    expect(r.details.moe?.correction).toBe(-1);
  });

  it('generalises modestly: a similar paper moves towards the label, unrelated papers barely move', () => {
    const state = applyCorrection({}, 'sparse_attention', sepLLM, 1);
    const cfg = withLearned('sparse_attention', state);
    const before = classify(similar).scores.sparse_attention ?? 0;
    const after = classify(similar, cfg).scores.sparse_attention ?? 0;
    expect(after).toBeGreaterThan(before + 0.02);
    expect(after - before).toBeLessThan(0.6);
    // The learned weights (not the pin) also carry evidence for the similar paper.
    expect(
      classify(similar, cfg).details.sparse_attention?.positive.some((e) => e.source === 'learned'),
    ).toBe(true);
    // The same paper as published (dev s287, worded differently) moves the most; nothing else moves
    // much. Compared in logits, where a fixed push is a fixed distance whatever the starting score.
    const logit = (p: number) => {
      const q = Math.min(0.999, Math.max(0.001, p));
      return Math.log(q / (1 - q));
    };
    const moved = dev
      .map((p) => ({
        id: p.id,
        d:
          logit(classify(p, cfg).scores.sparse_attention ?? 0.5) -
          logit(classify(p).scores.sparse_attention ?? 0.5),
      }))
      .sort((a, b) => b.d - a.d);
    expect(moved[0]?.id).toBe('s287');
    expect(moved[0]?.d).toBeGreaterThan(1);
    for (const m of moved.slice(1)) expect(Math.abs(m.d)).toBeLessThan(0.6);
  });

  it("two corrections do not wreck the built-in's precision on other papers", () => {
    const pos = applyCorrection({}, 'pruning', sepLLM, 1);
    const notPruning = dev.find((p) => p.labels.pruning === 'core');
    if (notPruning === undefined) throw new Error('no pruning paper');
    const both = applyCorrection(withLearned('pruning', pos), 'pruning', notPruning, -1);
    const cfg = withLearned('pruning', both);
    const others = dev.filter((p) => p.id !== notPruning.id);
    const plain = score(others, (p) => classify(p).topics);
    const learned = score(others, (p) => classify(p, cfg).topics);
    expect(learned.perTopic.pruning.precision).toBeGreaterThanOrEqual(
      plain.perTopic.pruning.precision - 0.02,
    );
    expect(learned.perTopic.pruning.recall).toBeGreaterThanOrEqual(plain.perTopic.pruning.recall - 0.05);
  });

  it('reset undoes everything; replaying the remaining corrections undoes one exactly', () => {
    const base = {};
    const a = applyCorrection(base, 'sparse_attention', sepLLM, 1);
    const fresh = reset('sparse_attention');
    expect(classify(sepLLM, withLearned('sparse_attention', fresh))).toEqual(classify(sepLLM));
    const other = dev[3];
    if (other === undefined) throw new Error('dev too small');
    const ab = applyCorrection(withLearned('sparse_attention', a), 'sparse_attention', other, -1);
    const undone = replay('sparse_attention', [{ input: sepLLM, label: 1 }], (i) =>
      baseLogit(i, 'sparse_attention', base),
    );
    expect(undone).toEqual(a);
    expect(ab).not.toEqual(a);
  });

  it('train is pure and validates its label', () => {
    const s = reset('moe');
    const t = train(s, sepLLM, 1);
    expect(s).toEqual(reset('moe'));
    expect(t.updates).toBe(1);
    expect(() => train(s, sepLLM, 0 as 1)).toThrow(/label/);
  });

  it('learner state is plain JSON and survives a round trip', () => {
    const state = applyCorrection({}, 'sparse_attention', sepLLM, 1);
    const copy = parseLearnerState(JSON.parse(JSON.stringify(state)));
    expect(copy).toEqual(state);
    expect(classify(similar, withLearned('sparse_attention', copy))).toEqual(
      classify(similar, withLearned('sparse_attention', state)),
    );
    expect(JSON.stringify(state).length).toBeLessThan(20_000);
  });

  it('rejects malformed learner state with a clear message', () => {
    expect(() => parseLearnerState(null)).toThrow(/not an object/);
    expect(() => parseLearnerState({ ...reset('moe'), version: 9 })).toThrow(/unsupported version/);
    expect(() => parseLearnerState({ ...reset('moe'), weights: { x: 1 } })).toThrow(/bad weight key "x"/);
    expect(() => parseLearnerState({ ...reset('moe'), pinned: { a: 2 } })).toThrow(/pinned label/);
  });

  it('user topics learn from corrections like built-ins', () => {
    const topic: UserTopic = {
      id: 'user:separators',
      name: 'Separator tokens',
      description: '',
      include: ['separator token*'],
      exclude: [],
      examples: [],
    };
    const cfg: ClassifierConfig = { userTopics: [topic] };
    expect(classify(sepLLM, cfg).topics).toContain('user:separators');
    const state = applyCorrection(cfg, 'user:separators', sepLLM, -1);
    expect(classify(sepLLM, withLearned('user:separators', state, cfg)).topics).not.toContain(
      'user:separators',
    );
  });
});

describe('reading-list similarity', () => {
  it('ranks the paper closest to the reading list first, and is 0 for an empty list', () => {
    const index = buildReadingListIndex([
      sepLLM,
      { title: 'Mixture of Experts routing', abstract: 'Experts and routers.' },
    ]);
    expect(index.size).toBe(2);
    const near = index.match(similar);
    expect(near.nearest).toBe(0);
    expect(near.score).toBeGreaterThan(0.2);
    const far = index.match(dev.find((p) => p.labels.sae === 'core') ?? { title: 'x' });
    expect(far.score).toBeLessThan(near.score / 2);
    expect(buildReadingListIndex([]).match(similar)).toEqual({ score: 0, nearest: -1 });
  });
});

describe('topics JSON export/import', () => {
  const topic: UserTopic = {
    id: 'user:speculative-decoding',
    name: 'Speculative decoding',
    description: 'Draft and verify',
    include: ['speculative decoding', 'draft model*'],
    exclude: ['speculative execution'],
    examples: [
      { title: 'Fast Inference from Transformers via Speculative Decoding', abstract: 'Draft then verify.' },
    ],
  };

  it('round-trips topics, switched-off built-ins, thresholds and learned models', () => {
    const learned = applyCorrection({}, 'moe', sepLLM, 1);
    const config: ClassifierConfig = {
      userTopics: [topic],
      disabledBuiltins: ['sae'],
      thresholds: { moe: 0.7 },
      learned: { moe: learned },
    };
    const parsed = parseTopicsJson(exportTopics(config));
    expect(parsed.topics).toEqual([topic]);
    expect(parsed.disabledBuiltins).toEqual(['sae']);
    expect(parsed.thresholds).toEqual({ moe: 0.7 });
    expect(parsed.learned).toEqual({ moe: learned });
    expect(parseTopicsJson(exportTopics(config, false)).learned).toBeUndefined();
  });

  it.each([
    ['{not json', /not valid JSON/],
    ['[]', /file: must be a JSON object/],
    ['{"format":"x","version":1,"topics":[]}', /format: must be "papersift-topics"/],
    ['{"format":"papersift-topics","version":2,"topics":[]}', /version: unsupported version 2/],
    ['{"format":"papersift-topics","version":1}', /topics: must be an array/],
    [
      '{"format":"papersift-topics","version":1,"topics":[{"id":"moe","name":"x"}]}',
      /topics\[0\]\.id: "moe" must look like "user:<slug>"/,
    ],
    [
      '{"format":"papersift-topics","version":1,"topics":[{"id":"user:a","name":"A","include":["ok",""]}]}',
      /topics\[0\]\.include\[1\]: must be a non-empty string/,
    ],
    [
      '{"format":"papersift-topics","version":1,"topics":[{"id":"user:a","name":"A"},{"id":"user:a","name":"B"}]}',
      /topics\[1\]\.id: duplicate topic id "user:a"/,
    ],
    [
      '{"format":"papersift-topics","version":1,"topics":[],"thresholds":{"moe":2}}',
      /thresholds\.moe: must be a number between 0 and 1/,
    ],
    [
      '{"format":"papersift-topics","version":1,"topics":[],"disabledBuiltins":["nope"]}',
      /disabledBuiltins\[0\]: "nope" is not a built-in topic/,
    ],
    [
      '{"format":"papersift-topics","version":1,"topics":[{"id":"user:a","name":"A","examples":[{"abstract":"x"}]}]}',
      /topics\[0\]\.examples\[0\]\.title: must be a string/,
    ],
  ])('rejects %s', (text, message) => {
    expect(() => parseTopicsJson(text)).toThrow(message);
  });
});
