/**
 * Built-in classifier: quality targets of issue 3 on the dev set and on our held-out set, evidence,
 * title-only input, configuration (disabled built-ins, thresholds, user topics).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type ClassifierInput,
  classify,
  classifyMany,
  MODEL_VERSION,
  TOPIC_DEFS,
  tokenize,
  type UserTopic,
} from '../../classifier';
import { loadLabeled } from '../../classifier/dataset';
import {
  DEV_FILE,
  evaluateFile,
  HELDOUT_BLIND_FILE,
  HELDOUT_FILE,
  HELDOUT_HF_FILE,
  HELDOUT_LISTING_FILE,
  HELDOUT_TITLES_BLIND_FILE,
  HELDOUT_TITLES_FILE,
} from '../../classifier/eval';
import { BUILTIN_TOPIC_LABELS, BUILTIN_TOPICS } from '../../lib/types';

describe.each([
  // [name, file, title-only macro-F1 floor]
  ['dev', DEV_FILE, 0.95],
  ['held-out', HELDOUT_FILE, 0.95],
  // Famous papers with coined, keyword-free titles (LongNet, PowerInfer, "Are Sixteen Heads Really Better
  // than One?"): title-only first scored at 0.827 (model 1.1.0), 0.860 with 1.6.0, 0.927 with 1.7.0.
  ['blind held-out', HELDOUT_BLIND_FILE, 0.9],
  // 35 real abstracts of a saved Hugging Face daily page, 31 of them "other"; one pruning paper, so the
  // title-only macro-F1 swings by 0.25 on a single title.
  ['Hugging Face daily', HELDOUT_HF_FILE, 0.75],
])('quality on the %s set (borderline = either answer)', (_name, file, titleFloor) => {
  const report = evaluateFile(file);
  const withAbstract = report.results.classifier.abstract;
  const titleOnly = report.results.classifier.title;

  it('title + abstract: macro-F1 >= 0.97, every topic F1 >= 0.93, <= 1% of "other" papers get a chip', () => {
    expect(withAbstract.macroF1).toBeGreaterThanOrEqual(0.97);
    for (const t of BUILTIN_TOPICS) expect(withAbstract.perTopic[t].f1, t).toBeGreaterThanOrEqual(0.93);
    expect(withAbstract.otherFalseChipRate).toBeLessThanOrEqual(0.01);
  });

  it('title only: macro-F1 >= 0.90 (see floors) and no more false chips than with abstracts', () => {
    expect(titleOnly.macroF1).toBeGreaterThanOrEqual(titleFloor);
    expect(titleOnly.otherWithChip).toBeLessThanOrEqual(withAbstract.otherWithChip);
    expect(titleOnly.papersWithFalseChip).toBeLessThanOrEqual(withAbstract.papersWithFalseChip);
  });

  it('beats one-regex-per-topic keyword matching, with and without abstracts', () => {
    expect(withAbstract.macroF1).toBeGreaterThan(report.results.baseline.abstract.macroF1);
    expect(titleOnly.macroF1).toBeGreaterThan(report.results.baseline.title.macroF1);
  });
});

it('title-only listings: macro-F1 >= 0.90 and no false chip on real titles without abstracts', () => {
  const r = evaluateFile(HELDOUT_TITLES_FILE).results.classifier.title;
  expect(r.macroF1).toBeGreaterThanOrEqual(0.9);
  expect(r.papersWithFalseChip).toBe(0);
});

it('blind title-only set (real titles, half near-miss "other"): macro-F1 >= 0.90, <= 2% of "other" chipped', () => {
  // Written before it was first scored: 0.807 macro-F1 and 3/88 "other" chipped with model 1.6.0.
  const r = evaluateFile(HELDOUT_TITLES_BLIND_FILE).results.classifier.title;
  expect(r.n).toBeGreaterThanOrEqual(80);
  expect(r.macroF1).toBeGreaterThanOrEqual(0.9);
  for (const t of BUILTIN_TOPICS) expect(r.perTopic[t].f1, t).toBeGreaterThanOrEqual(0.85);
  expect(r.otherFalseChipRate).toBeLessThanOrEqual(0.02);
});

it('a real arXiv listing of materials-science papers gets no chip, with or without abstracts', () => {
  const papers = loadLabeled(HELDOUT_LISTING_FILE);
  expect(papers.length).toBeGreaterThan(90);
  for (const p of papers) {
    expect(classify(p).topics, p.title).toEqual([]);
    expect(classify({ title: p.title }).topics, p.title).toEqual([]);
  }
});

const dev = loadLabeled(DEV_FILE);
const heldout = loadLabeled(HELDOUT_FILE);

describe('evidence', () => {
  it('every evidence item names the exact phrase at its offsets in its field', () => {
    let checked = 0;
    for (const p of [...dev, ...heldout]) {
      const r = classify(p);
      for (const t of BUILTIN_TOPICS) {
        const d = r.details[t];
        expect(d).toBeDefined();
        for (const e of [...(d?.positive ?? []), ...(d?.negative ?? [])]) {
          const text = e.field === 'title' ? p.title : p.abstract;
          expect(text.slice(e.start, e.end)).toBe(e.phrase);
          expect(e.phrase.length).toBeGreaterThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
  });

  it('lists the phrases behind a chip, strongest first, and the negatives separately', () => {
    const r = classify({
      title: 'Sparse Autoencoders Find Interpretable Features in Reward Models',
      abstract:
        'We train sparse autoencoders on reward-model activations. Unlike learned sparse retrieval, SAE latents are monosemantic.',
    });
    const sae = r.details.sae;
    expect(sae?.predicted).toBe(true);
    const phrases = sae?.positive.map((e) => e.phrase.toLowerCase()) ?? [];
    expect(phrases[0]).toBe('sparse autoencoders');
    expect(sae?.positive[0]?.field).toBe('title');
    expect(sae?.positive[0]?.start).toBe(0);
    expect(phrases).toContain('monosemantic');
    const weights = sae?.positive.map((e) => e.weight) ?? [];
    expect([...weights].sort((a, b) => b - a)).toEqual(weights);
    expect(sae?.negative.map((e) => e.phrase)).toContain('learned sparse retrieval');
    for (const e of sae?.negative ?? []) expect(e.weight).toBeLessThan(0);
  });

  it('a negative phrase claims its words: "tree pruning" does not count as pruning', () => {
    const r = classify({ title: 'Fast cost-complexity tree pruning for gradient boosted decision trees' });
    expect(r.topics).not.toContain('pruning');
    expect(r.details.pruning?.negative[0]?.phrase.toLowerCase()).toContain('pruning');
  });
});

describe('scores and predictions', () => {
  it('scores are probabilities, predicted exactly when the score reaches the threshold', () => {
    for (const p of dev.slice(0, 60)) {
      const r = classify(p);
      for (const t of BUILTIN_TOPICS) {
        const s = r.scores[t] ?? -1;
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(1);
        expect(r.details[t]?.predicted).toBe(s >= 0.5);
        expect(r.topics.includes(t)).toBe(s >= 0.5);
      }
      expect(r.modelVersion).toBe(MODEL_VERSION);
    }
  });

  it('topics come in the built-in order and several at once when a paper is about several', () => {
    const r = classify({
      title: 'Merging and Pruning Experts of Mixture-of-Experts Language Models',
      abstract:
        'Sparse mixture-of-experts LLMs activate a few experts per token. We prune redundant experts guided by router statistics and merge the rest, halving memory with little accuracy loss.',
    });
    expect(r.topics).toEqual(['moe', 'pruning']);
  });

  it('handles title-only input: missing and empty abstracts are the same', () => {
    const a = classify({ title: 'SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot' });
    const b = classify({
      title: 'SparseGPT: Massive Language Models Can Be Accurately Pruned in One-Shot',
      abstract: '',
    });
    expect(a).toEqual(b);
    expect(a.topics).toEqual(['pruning']);
    expect(a.details.pruning?.positive.every((e) => e.field === 'title')).toBe(true);
  });

  it('classifyMany gives the same results as classify, in order', () => {
    const inputs = dev.slice(0, 30);
    expect(classifyMany(inputs)).toEqual(inputs.map((p) => classify(p)));
  });

  it('never throws and keeps offsets valid on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 600 }), (title, abstract) => {
        const input: ClassifierInput = { title, abstract };
        const r = classify(input);
        for (const t of BUILTIN_TOPICS) {
          const d = r.details[t];
          const s = r.scores[t] ?? Number.NaN;
          expect(s >= 0 && s <= 1).toBe(true);
          for (const e of [...(d?.positive ?? []), ...(d?.negative ?? [])]) {
            const text = e.field === 'title' ? title : abstract;
            expect(text.slice(e.start, e.end)).toBe(e.phrase);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is not fooled by case or hyphenation', () => {
    for (const title of [
      'MIXTURE-OF-EXPERTS routing',
      'mixture of experts routing',
      'Mixture‑of‑Experts Routing',
    ]) {
      expect(classify({ title }).topics).toContain('moe');
    }
  });

  it('tokenize is a plain lower-cased word split', () => {
    expect(tokenize('N:M Sparsity, 2:4 & KV-cache')).toEqual(['n', 'm', 'sparsity', '2', '4', 'kv', 'cache']);
  });
});

describe('configuration', () => {
  const moePaper = { title: 'Expert Parallelism for Mixture-of-Experts Training', abstract: '' };

  it('TOPIC_DEFS describe the built-ins with their chip labels', () => {
    expect(TOPIC_DEFS.map((d) => d.id)).toEqual([...BUILTIN_TOPICS]);
    for (const d of TOPIC_DEFS) {
      expect(d.label).toBe(BUILTIN_TOPIC_LABELS[d.id as keyof typeof BUILTIN_TOPIC_LABELS]);
      expect(d.description.length).toBeGreaterThan(20);
    }
  });

  it('disabled built-ins get no chip and no score', () => {
    const r = classify(moePaper, { disabledBuiltins: ['moe'] });
    expect(r.topics).toEqual([]);
    expect(r.scores.moe).toBeUndefined();
    expect(r.details.moe).toBeUndefined();
    expect(Object.keys(r.scores)).toEqual(['sae', 'sparse_attention', 'pruning']);
  });

  it('a per-topic threshold decides the chip', () => {
    const base = classify(moePaper);
    const score = base.scores.moe ?? 0;
    expect(base.topics).toContain('moe');
    expect(
      classify(moePaper, { thresholds: { moe: Math.min(0.9999, score + 0.00001) } }).topics,
    ).not.toContain('moe');
    expect(classify({ title: 'Dense scaling laws' }, { thresholds: { moe: 0.0001 } }).topics).toContain(
      'moe',
    );
  });

  const specDecoding: UserTopic = {
    id: 'user:speculative-decoding',
    name: 'Speculative decoding',
    description: 'Draft-and-verify decoding',
    include: ['speculative decoding', 'draft model*'],
    exclude: ['speculative execution'],
    examples: [
      {
        title: 'Fast Inference from Transformers via Speculative Decoding',
        abstract:
          'We sample from large autoregressive models faster by running a small approximation model that proposes tokens and verifying them in parallel with the large model, without changing the output distribution.',
      },
    ],
  };

  it('user topics get scores, evidence and predictions like built-ins, after them', () => {
    const input = {
      title: 'Medusa: Simple LLM Inference Acceleration Framework with Multiple Decoding Heads',
      abstract:
        'Speculative decoding needs a separate draft model. We instead add extra decoding heads that propose several tokens which are verified in parallel by tree attention.',
    };
    const r = classify(input, { userTopics: [specDecoding] });
    expect(r.topics).toEqual(['user:speculative-decoding']);
    const d = r.details['user:speculative-decoding'];
    expect(d?.predicted).toBe(true);
    expect(d?.positive.map((e) => e.phrase)).toEqual(
      expect.arrayContaining(['Speculative decoding', 'draft model']),
    );
    for (const e of d?.positive ?? []) {
      const text = e.field === 'title' ? input.title : input.abstract;
      expect(text.slice(e.start, e.end)).toBe(e.phrase);
    }
    expect(Object.keys(r.scores)).toEqual([...BUILTIN_TOPICS, 'user:speculative-decoding']);
  });

  it('user-topic exclude phrases push down, unrelated papers stay out', () => {
    const r = classify(
      { title: 'Speculative execution attacks on GPUs', abstract: 'Speculative execution leaks secrets.' },
      { userTopics: [specDecoding] },
    );
    expect(r.topics).not.toContain('user:speculative-decoding');
    expect(r.details['user:speculative-decoding']?.negative[0]?.phrase).toBe('Speculative execution');
    for (const p of dev)
      expect(classify(p, { userTopics: [specDecoding] }).topics).not.toContain(specDecoding.id);
  });

  it('user-topic example papers pull in similar papers without any include phrase', () => {
    const byExample: UserTopic = { ...specDecoding, id: 'user:by-example', include: [], exclude: [] };
    const similar = {
      title: 'Accelerating Autoregressive Transformers with Approximation Models',
      abstract:
        'A small approximation model proposes tokens which the large autoregressive model verifies in parallel, so sampling is faster and the output distribution is unchanged.',
    };
    const r = classify(similar, { userTopics: [byExample] });
    expect(r.topics).toContain('user:by-example');
    expect(r.details['user:by-example']?.positive[0]?.source).toBe('example');
    const unrelated = dev.filter((p) =>
      classify(p, { userTopics: [byExample] }).topics.includes('user:by-example'),
    );
    expect(unrelated).toEqual([]);
  });
});
