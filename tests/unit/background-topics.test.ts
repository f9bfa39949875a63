import { describe, expect, it } from 'vitest';
import {
  type Classification,
  type ClassifierConfig,
  chipDetails,
  classify,
  configKey,
} from '../../classifier';
import { listCorrections, putModel } from '../../storage/topics';
import { backgroundHarness, extensionPage } from './background-harness';

const optionsPage = extensionPage();
const setup = () => backgroundHarness({ now: 42 });

// A paper the built-in rules do not call MoE (no MoE vocabulary at all).
const PAPER = {
  paperId: 'arxiv:2609.40001',
  title: 'A study of gradient noise in convolutional image classifiers',
  abstract: 'We measure how gradient noise changes across training for ResNets on ImageNet.',
};
const input = { title: PAPER.title, abstract: PAPER.abstract };

describe('corrections through messages', () => {
  it('a +1 correction makes the paper predicted for the topic; undo takes it back', async () => {
    const { send, events, db } = setup();
    expect(classify(input, {}).topics).not.toContain('moe');

    const res = await send<{ seq: number; config: ClassifierConfig }>('topics.correct', {
      ...PAPER,
      topic: 'moe',
      label: 1,
    });
    expect(res.seq).toBeGreaterThan(0);
    expect(classify(input, res.config).topics).toContain('moe');
    const { config } = await send<{ config: ClassifierConfig }>('classifier.config', {});
    expect(config).toEqual(res.config);
    expect(events).toContainEqual({ type: 'classifier.changed' });
    expect(await listCorrections(db)).toHaveLength(1);

    const undo = await send<{ undone: { seq: number } | null; config: ClassifierConfig }>(
      'topics.undoCorrection',
      {},
    );
    expect(undo.undone?.seq).toBe(res.seq);
    expect(undo.config.learned).toBeUndefined();
    expect(classify(input, undo.config).topics).not.toContain('moe');
  });

  it('undo of one of several corrections replays the others exactly', async () => {
    const { send } = setup();
    const other = {
      paperId: 'arxiv:2609.40002',
      title: 'Token routing for sparse expert layers',
      abstract: '',
    };
    const first = await send<{ seq: number; config: ClassifierConfig }>('topics.correct', {
      ...other,
      topic: 'moe',
      label: -1,
    });
    await send('topics.correct', { ...PAPER, topic: 'moe', label: 1 });
    const after = await send<{ config: ClassifierConfig }>('topics.undoCorrection', {});
    expect(after.config.learned?.moe).toEqual(first.config.learned?.moe);
  });

  it('refuses corrections for unknown or switched-off topics, and malformed ones', async () => {
    const { attempt, send } = setup();
    const bad = await attempt('topics.correct', { ...PAPER, topic: 'user:nope', label: 1 });
    expect(bad).toMatchObject({ ok: false, error: expect.stringMatching(/Unknown or switched-off topic/) });
    await send('topics.save', { topic: { id: 'sae', name: 'SAE', enabled: false } }, optionsPage);
    expect(await attempt('topics.correct', { ...PAPER, topic: 'sae', label: 1 })).toMatchObject({
      ok: false,
    });
    expect(await attempt('topics.correct', { ...PAPER, topic: 'moe', label: 2 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/label: expected 1 or -1/),
    });
    expect(await attempt('topics.correct', { ...PAPER, title: '', topic: 'moe', label: 1 })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/title: must not be empty/),
    });
  });

  it('reset forgets a topic', async () => {
    const { send } = setup();
    await send('topics.correct', { ...PAPER, topic: 'moe', label: 1 });
    const r = await send<{ removed: number; config: ClassifierConfig }>('topics.reset', { topic: 'moe' });
    expect(r.removed).toBe(1);
    expect(r.config.learned).toBeUndefined();
  });

  it('a content script sees only the corrections of the papers it names', async () => {
    const { send, attempt } = setup();
    await send('topics.correct', { ...PAPER, topic: 'moe', label: 1 });
    await send('topics.correct', { ...PAPER, paperId: 'arxiv:2609.40009', topic: 'moe', label: -1 });
    expect(await attempt('topics.corrections', {})).toMatchObject({
      ok: false,
      error: expect.stringMatching(/own papers/),
    });
    const mine = await send<{ corrections: { paperId: string }[] }>('topics.corrections', {
      paperIds: [PAPER.paperId],
    });
    expect(mine.corrections.map((c) => c.paperId)).toEqual([PAPER.paperId]);
    const all = await send<{ corrections: unknown[] }>('topics.corrections', {}, optionsPage);
    expect(all.corrections).toHaveLength(2);
  });
});

describe('topics and classifier config', () => {
  it('user topics, switched-off built-ins and thresholds reach the config', async () => {
    const { send, events } = setup();
    const saved = await send<{ topic: { builtin: boolean; createdAt: number } }>(
      'topics.save',
      {
        topic: {
          id: 'user:quantization',
          name: 'Quantization',
          description: 'Low-bit models',
          include: ['quantization', 'int4'],
          exclude: [],
          enabled: true,
          examples: [{ paperId: 'arxiv:2609.40003', title: 'INT4 quantization of LLMs', abstract: '' }],
          threshold: 0.6,
        },
      },
      optionsPage,
    );
    expect(saved.topic).toMatchObject({ builtin: false, createdAt: 42 });
    await send('topics.save', { topic: { id: 'pruning', name: 'Pruning', enabled: false } }, optionsPage);
    const { config } = await send<{ config: ClassifierConfig }>('classifier.config', {});
    expect(config.disabledBuiltins).toEqual(['pruning']);
    expect(config.userTopics?.map((t) => t.id)).toEqual(['user:quantization']);
    expect(config.thresholds).toEqual({ 'user:quantization': 0.6 });
    const quant = classify(
      { title: 'Post-training INT4 quantization for large language models', abstract: '' },
      config,
    );
    expect(Object.keys(quant.scores)).toContain('user:quantization');
    expect(Object.keys(quant.scores)).not.toContain('pruning');
    expect(events.filter((e) => e.type === 'classifier.changed')).toHaveLength(2);
    const { topics } = await send<{ topics: { id: string }[] }>('topics.list', {});
    expect(topics.map((t) => t.id)).toEqual(['pruning', 'user:quantization']);
  });

  it('refuses bad topic ids and deleting a built-in; deletes a user topic', async () => {
    const { attempt, send } = setup();
    expect(await attempt('topics.save', { topic: { id: 'quant', name: 'Q' } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/must start with "user:"/),
    });
    expect(await attempt('topics.save', { topic: { id: 'user:<x>', name: 'Q' } })).toMatchObject({
      ok: false,
    });
    expect(
      await attempt('topics.save', { topic: { id: 'user:q', name: 'Q', threshold: 1.5 } }),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/threshold/),
    });
    expect(await attempt('topics.delete', { id: 'moe' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/switch them off/),
    });
    await send('topics.save', { topic: { id: 'user:q', name: 'Q', include: ['q'] } });
    await send('topics.delete', { id: 'user:q' });
    expect((await send<{ topics: unknown[] }>('topics.list', {})).topics).toEqual([]);
  });

  it('a damaged stored model is ignored, not fatal', async () => {
    const { send, db } = setup();
    await putModel(db, 'moe', { version: 99, garbage: true });
    const { config } = await send<{ config: ClassifierConfig }>('classifier.config', {});
    expect(config.learned).toBeUndefined();
    // and a new correction starts that topic afresh
    const r = await send<{ config: ClassifierConfig }>('topics.correct', {
      ...PAPER,
      topic: 'moe',
      label: 1,
    });
    expect(r.config.learned?.moe?.updates).toBe(1);
  });
});

describe('classify.batch', () => {
  const inputs = [
    {
      title: 'Routing tokens in a sparse mixture of experts',
      abstract: 'We study expert routing and load balance.',
    },
    { title: input.title, abstract: input.abstract },
  ];

  it('classifies with the stored config and names it, exactly as the page would', async () => {
    const { send } = setup();
    await send(
      'topics.save',
      { topic: { id: 'user:noise', name: 'Gradient noise', include: ['gradient noise'] } },
      optionsPage,
    );
    const { config } = await send<{ config: ClassifierConfig }>('classifier.config', {});
    const res = await send<{ configKey: string; results: Classification[] }>('classify.batch', { inputs });
    expect(res.configKey).toBe(configKey(config));
    expect(res.results).toEqual(inputs.map((i) => chipDetails(classify(i, config))));
    // The evidence of the chips is there; that of topics the paper is not given is left out.
    expect(res.results[0]?.details.moe?.positive.length).toBeGreaterThan(0);
    expect(Object.keys(res.results[0]?.details ?? {})).toEqual(res.results[0]?.topics);
    expect(Object.keys(res.results[0]?.scores ?? {})).toEqual(
      Object.keys(classify(inputs[0] as never, config).scores),
    );
    expect(res.results[0]?.topics).toContain('moe');
    expect(res.results[1]?.topics).toContain('user:noise');
  });

  it('a change made through the background is used by the next batch', async () => {
    const { send } = setup();
    const before = await send<{ configKey: string }>('classify.batch', { inputs });
    await send('topics.correct', { ...PAPER, topic: 'moe', label: 1 });
    const after = await send<{ configKey: string; results: Classification[] }>('classify.batch', { inputs });
    const { config } = await send<{ config: ClassifierConfig }>('classifier.config', {});
    expect(after.configKey).not.toBe(before.configKey);
    expect(after.configKey).toBe(configKey(config));
    expect(after.results[1]?.topics).toContain('moe');
  });

  it('refuses more texts than one batch may hold, with the field named', async () => {
    const { send } = setup();
    const many = Array.from({ length: 1001 }, () => inputs[0]);
    await expect(send('classify.batch', { inputs: many })).rejects.toThrow(
      /payload\.inputs: expected an array of at most 1000/,
    );
  });
});
