import { describe, expect, it } from 'vitest';
import { classify, configKey, TOPIC_DEFS } from '../../classifier';
import { ClassifierBridge, topicsOf } from '../../entrypoints/papers.content/classifier-bridge';
import { fakeBackground, paper } from './sidebar-fixtures';

/**
 * A background whose stored config is `config` and that answers 'classify.batch' with the config
 * `used()` returns (the stored one unless a test changes it behind the page's back).
 */
function batchBackground(config: object, used: () => object = () => config) {
  return fakeBackground({
    'classifier.config': () => ({ config }),
    'classify.batch': ({ inputs: texts }) => ({
      configKey: configKey(used()),
      results: texts.map((t) => classify(t, used())),
    }),
  });
}

describe('classifier bridge', () => {
  it('topics: enabled built-ins with their chip texts, then user topics by name', () => {
    expect(topicsOf({}).map((t) => t.label)).toEqual(['MoE', 'SAE', 'Sparse attention', 'Pruning']);
    const config = {
      disabledBuiltins: ['sae'],
      userTopics: [
        {
          id: 'user:diffusion',
          name: 'Diffusion',
          description: '',
          include: ['diffusion model'],
          exclude: [],
          examples: [],
        },
      ],
    };
    expect(topicsOf(config)).toEqual([
      { id: 'moe', label: 'MoE' },
      { id: 'sparse_attention', label: 'Sparse attention' },
      { id: 'pruning', label: 'Pruning' },
      { id: 'user:diffusion', label: 'Diffusion' },
    ]);
    expect(TOPIC_DEFS).toHaveLength(4);
  });

  it('classifies with the user config from the background and says when it changed', async () => {
    const config = {
      userTopics: [
        {
          id: 'user:diffusion',
          name: 'Diffusion',
          description: '',
          include: ['diffusion model'],
          exclude: [],
          examples: [],
        },
      ],
    };
    const bg = fakeBackground({ 'classifier.config': () => ({ config }) });
    const b = new ClassifierBridge(bg.send);
    const input = { title: 'A diffusion model with a mixture of experts router', abstract: '' };
    expect(b.classifier()(input).topics).not.toContain('user:diffusion');
    expect(await b.refresh()).toBe(true);
    expect(await b.refresh()).toBe(false); // same config: nothing to re-classify
    const c = b.classifier()(input);
    expect(c.topics).toContain('moe');
    expect(c.scores['user:diffusion']).toBeDefined();
  });

  it('sends corrections and undoes the stored one by its seq', async () => {
    let seq = 0;
    const bg = fakeBackground({
      'topics.correct': () => ({ seq: ++seq, config: { thresholds: { moe: 0.5 + seq / 100 } } }),
      'topics.undoCorrection': () => ({ undone: null, config: {} }),
      'topics.corrections': () => ({
        corrections: [
          {
            seq: 9,
            paperId: 'arxiv:2609.00002',
            topic: 'sae',
            label: -1,
            title: 't',
            abstract: '',
            createdAt: 2,
          },
          {
            seq: 3,
            paperId: 'arxiv:2609.00002',
            topic: 'sae',
            label: 1,
            title: 't',
            abstract: '',
            createdAt: 1,
          },
        ],
      }),
    });
    const b = new ClassifierBridge(bg.send);
    const p = paper(1, { title: 'Routing experts', abstract: 'We route tokens.' });
    expect(await b.correct(p, 'moe', -1)).toBe(true);
    expect(bg.of('topics.correct')[0]?.payload).toEqual({
      paperId: 'arxiv:2609.00001',
      topic: 'moe',
      label: -1,
      title: 'Routing experts',
      abstract: 'We route tokens.',
    });
    await b.correct(p, 'moe', 0);
    expect(bg.of('topics.undoCorrection')[0]?.payload).toEqual({ seq: 1 });
    expect(await b.correct(p, 'moe', 0)).toBe(false); // nothing stored any more
    expect(bg.of('topics.undoCorrection')).toHaveLength(1);

    // Stored corrections of the page: the newest one per paper and topic wins.
    const m = await b.corrections(['arxiv:2609.00002']);
    expect([...(m.get('arxiv:2609.00002') ?? [])]).toEqual([['sae', -1]]);
    await b.correct(paper(2), 'sae', 0);
    expect(bg.of('topics.undoCorrection')[1]?.payload).toEqual({ seq: 9 });

    // Undo of a correction from an earlier visit that was not loaded: looked up first.
    const fresh = new ClassifierBridge(bg.send);
    await fresh.correct(paper(2), 'sae', 0);
    expect(bg.of('topics.corrections').at(-1)?.payload).toEqual({ paperIds: ['arxiv:2609.00002'] });
    expect(bg.of('topics.undoCorrection').at(-1)?.payload).toEqual({ seq: 9 });
  });

  it('batchClassifier: takes the results of the background when they were made with its own config', async () => {
    const config = { thresholds: { moe: 0.9 } };
    const inputs = [{ title: 'Routing in a sparse mixture of experts', abstract: '' }];
    let backgroundConfig: object = config;
    const bg = batchBackground(config, () => backgroundConfig);
    const bridge = new ClassifierBridge(bg.send);
    const batch = bridge.batchClassifier();
    // Still on the defaults: the background used another config, so nothing is taken.
    expect(await batch(inputs)).toBeUndefined();
    await bridge.refresh();
    expect(await batch(inputs)).toEqual(inputs.map((i) => classify(i, config)));
    backgroundConfig = {}; // changed behind the page's back
    expect(await batch(inputs)).toBeUndefined();
    expect(bg.of('classify.batch')).toHaveLength(3);
  });

  it('prefetch: answers asked for ahead are used when made with the current config', async () => {
    const config = { thresholds: { moe: 0.9 } };
    const inputs = [
      { title: 'Routing in a sparse mixture of experts', abstract: 'Experts and a router.' },
      { title: 'Sparse autoencoders for interpretability', abstract: '' },
    ];
    const bg = batchBackground(config);
    const bridge = new ClassifierBridge(bg.send);
    bridge.prefetch(inputs); // sent before the config has arrived
    bridge.prefetch(inputs.slice(0, 1)); // already asked: not again
    expect(bg.of('classify.batch')).toHaveLength(1);
    await bridge.refresh();
    const batch = bridge.batchClassifier();
    expect(await batch(inputs)).toEqual(inputs.map((i) => classify(i, config)));
    expect(bg.of('classify.batch')).toHaveLength(1); // the answers asked for ahead
    // The same text twice on a page (two batches, or twice in one): still the one answer.
    expect(await batch([inputs[0], inputs[0]] as typeof inputs)).toEqual(
      [inputs[0], inputs[0]].map((i) => classify(i as never, config)),
    );
    expect(bg.of('classify.batch')).toHaveLength(1);
    // A text nobody asked for ahead: the whole batch is asked for.
    const other = { title: 'Pruning attention heads', abstract: '' };
    expect(await batch([inputs[0], other] as typeof inputs)).toEqual(
      [inputs[0], other].map((i) => classify(i as never, config)),
    );
    expect(bg.of('classify.batch')).toHaveLength(2);
  });

  it('prefetch: answers made with another config are not used', async () => {
    const inputs = [{ title: 'Routing in a sparse mixture of experts', abstract: '' }];
    const bg = batchBackground({ disabledBuiltins: ['moe'] }); // the page never asks for it
    const bridge = new ClassifierBridge(bg.send);
    bridge.prefetch(inputs);
    expect(await bridge.batchClassifier()(inputs)).toBeUndefined();
  });
});
