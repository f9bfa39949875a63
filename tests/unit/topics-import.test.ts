/** Topics files (export/import) and example papers: the file conversion and the background's messages. */
import { describe, expect, it } from 'vitest';
import { applyCorrection, type ClassifierConfig, classify, parseTopicsJson } from '../../classifier';
import { serialiseTopicsFile } from '../../classifier/topics-json';
import type { TopicsImport } from '../../lib/protocol';
import {
  buildTopicsFile,
  exampleId,
  importSummary,
  topicsFileName,
  topicsImportOf,
} from '../../lib/topics-file';
import type { PaperSiftDB, TopicRecord } from '../../storage/db';
import { listModels, listTopics, putModel, putTopic } from '../../storage/topics';
import { backgroundHarness, contentScriptAt, extensionPage } from './background-harness';

const contentScript = contentScriptAt();
const optionsPage = extensionPage();
const setup = () => backgroundHarness({ now: 1000, sender: optionsPage });

const userTopic = (over: Partial<TopicRecord> = {}): TopicRecord => ({
  id: 'user:kv-cache',
  name: 'KV cache',
  description: 'Cache tricks',
  include: ['kv cache', 'token evict*'],
  exclude: ['quantisation'],
  builtin: false,
  enabled: true,
  examples: [
    { paperId: 'arxiv:2601.00001', title: 'Evicting tokens from the KV cache', abstract: 'We evict.' },
  ],
  createdAt: 5,
  ...over,
});

const learnedMoe = () =>
  applyCorrection({}, 'moe', { title: 'Routing tokens to experts', abstract: 'A router picks experts.' }, 1);

async function seed(db: PaperSiftDB) {
  await putTopic(db, userTopic({ threshold: 0.6 }));
  await putTopic(
    db,
    userTopic({ id: 'user:retrieval', name: 'Retrieval', enabled: false, examples: [], createdAt: 6 }),
  );
  await putTopic(db, {
    ...userTopic({ id: 'sae', name: 'SAE', builtin: true, enabled: false, examples: [] }),
    include: [],
    exclude: [],
  });
  await putTopic(db, {
    ...userTopic({ id: 'moe', name: 'MoE', builtin: true, enabled: true, examples: [], threshold: 0.7 }),
    include: [],
    exclude: [],
  });
  await putModel(db, 'moe', learnedMoe(), 7);
}

describe('topics file', () => {
  it('is named by the local date', () => {
    expect(topicsFileName(new Date(2026, 0, 9, 23, 30))).toBe('papersift-topics-2026-01-09.json');
  });

  it('carries user topics (switched off too) with examples, built-ins switched off, thresholds and models', async () => {
    const { db } = setup();
    await seed(db);
    const file = buildTopicsFile(await listTopics(db), await listModels(db));
    expect(file.topics.map((t) => [t.id, t.enabled])).toEqual([
      ['user:kv-cache', undefined],
      ['user:retrieval', false],
    ]);
    expect(file.topics[0]?.examples).toEqual(userTopic().examples);
    expect(file.disabledBuiltins).toEqual(['sae']);
    expect(file.thresholds).toEqual({ moe: 0.7, 'user:kv-cache': 0.6 });
    expect(file.learned?.moe).toEqual(learnedMoe());
    // What is written is what the importer reads back.
    expect(parseTopicsJson(serialiseTopicsFile(file))).toEqual(file);
  });

  it('round trip export -> import into an empty database is lossless', async () => {
    const a = setup();
    await seed(a.db);
    const text = serialiseTopicsFile(buildTopicsFile(await listTopics(a.db), await listModels(a.db)));
    const b = setup();
    const r = await b.send('topics.import', topicsImportOf(parseTopicsJson(text)));
    expect(r).toEqual({ added: 2, replaced: 0, disabledBuiltins: 1, models: 1 });
    const strip = (ts: TopicRecord[]) => ts.filter((t) => !t.builtin).map(({ createdAt: _c, ...t }) => t);
    expect(strip(await listTopics(b.db))).toEqual(strip(await listTopics(a.db)));
    expect((await b.db.topics.get('sae'))?.enabled).toBe(false);
    expect((await b.db.topics.get('moe'))?.threshold).toBe(0.7);
    expect((await listModels(b.db)).map((m) => m.state)).toEqual([learnedMoe()]);
    // And the second export equals the first.
    const again = serialiseTopicsFile(buildTopicsFile(await listTopics(b.db), await listModels(b.db)));
    expect(again).toBe(text);
  });

  it('a version 1 example without paperId gets a stable id from its title', () => {
    const file = parseTopicsJson(
      JSON.stringify({
        format: 'papersift-topics',
        version: 1,
        topics: [{ id: 'user:a', name: 'A', include: ['a'], examples: [{ title: 'Some  Paper Title' }] }],
      }),
    );
    const [ex] = topicsImportOf(file).topics[0]?.examples ?? [];
    expect(ex).toEqual({ paperId: exampleId('some paper title'), title: 'Some  Paper Title', abstract: '' });
    expect(ex?.paperId).toMatch(/^example:[0-9a-z]+$/);
    expect(exampleId('Another title')).not.toBe(ex?.paperId);
  });

  it('says how many topics came in and how many replaced', () => {
    expect(importSummary({ added: 2, replaced: 1, disabledBuiltins: 0, models: 0 })).toBe(
      'Imported 3 topics (1 replaced).',
    );
    expect(importSummary({ added: 1, replaced: 0, disabledBuiltins: 1, models: 2 })).toBe(
      'Imported 1 topic; 1 built-in topic switched off, 2 learned models.',
    );
  });
});

describe('topics.import', () => {
  const req = (over: Partial<TopicsImport> = {}): TopicsImport => ({
    topics: [
      {
        id: 'user:kv-cache',
        name: 'KV cache v2',
        description: '',
        include: ['kv cache'],
        exclude: [],
        enabled: true,
        examples: [],
      },
      {
        id: 'user:new-one',
        name: 'New one',
        description: '',
        include: ['new'],
        exclude: [],
        enabled: true,
        examples: [{ paperId: 'example:abc', title: 'A new paper', abstract: '' }],
      },
    ],
    disabledBuiltins: ['pruning'],
    builtinThresholds: [],
    models: [],
    ...over,
  });

  it('replaces existing ids, adds new ones, switches built-ins off, broadcasts classifier.changed', async () => {
    const { db, send, events } = setup();
    await putTopic(db, userTopic());
    const r = await send('topics.import', req());
    expect(r).toEqual({ added: 1, replaced: 1, disabledBuiltins: 1, models: 0 });
    expect(await db.topics.get('user:kv-cache')).toMatchObject({
      name: 'KV cache v2',
      examples: [],
      createdAt: 5,
    });
    expect(await db.topics.get('user:new-one')).toMatchObject({ builtin: false, createdAt: 1001 });
    expect(await db.topics.get('pruning')).toMatchObject({ builtin: true, enabled: false, name: 'Pruning' });
    expect(events).toEqual([{ type: 'classifier.changed' }]);
    const { config } = await send<{ config: ClassifierConfig }>('classifier.config', {});
    expect(config.disabledBuiltins).toEqual(['pruning']);
    expect(classify({ title: 'A new method', abstract: '' }, config).topics).toContain('user:new-one');
  });

  it.each([
    [
      'a built-in id as a user topic',
      { topics: [{ ...req().topics[0], id: 'moe' }] },
      /is not a user topic id/,
    ],
    [
      'an unknown built-in',
      { disabledBuiltins: ['nope'] },
      /disabledBuiltins\[0\]: "nope" is not a built-in/,
    ],
    [
      'a model of an unknown topic',
      { models: [{ topic: 'user:zzz', state: learnedMoe() }] },
      /models\[0\]\.topic: "user:zzz" is neither/,
    ],
    ['an unreadable model', { models: [{ topic: 'moe', state: { version: 99 } }] }, /learned\.moe/],
    [
      'an empty name',
      { topics: [{ ...req().topics[0], name: ' ' }] },
      /payload\.topics\[0\]\.name: must not be empty/,
    ],
    [
      'a bad example id',
      { topics: [{ ...req().topics[1], examples: [{ paperId: 'javascript:x', title: 'T', abstract: '' }] }] },
      /examples\[0\]\.paperId: expected a paper id/,
    ],
    ['no topics array', { topics: 'x' }, /payload\.topics: expected an array/],
  ])('refuses %s and changes nothing', async (_what, over, message) => {
    const { db, attempt, events } = setup();
    await putTopic(db, userTopic());
    const before = await listTopics(db);
    expect(await attempt('topics.import', { ...req(), ...over })).toMatchObject({
      ok: false,
      error: expect.stringMatching(message),
    });
    expect(await listTopics(db)).toEqual(before);
    expect(await listModels(db)).toEqual([]);
    expect(events).toEqual([]);
  });

  it('is for extension pages only', async () => {
    const { attempt, db } = setup();
    expect(await attempt('topics.import', req(), contentScript)).toMatchObject({ ok: false });
    expect(await listTopics(db)).toEqual([]);
  });
});

describe('topics.addExample', () => {
  const example = { paperId: 'arxiv:2601.00002', title: 'Sliding windows over KV caches', abstract: 'Text.' };

  it('appends the paper once, from a content script, and broadcasts classifier.changed', async () => {
    const { db, send, events } = setup();
    await putTopic(db, userTopic());
    expect(await send('topics.addExample', { topic: 'user:kv-cache', example }, contentScript)).toEqual({
      added: true,
      count: 2,
    });
    expect(events).toEqual([{ type: 'classifier.changed' }]);
    expect(await send('topics.addExample', { topic: 'user:kv-cache', example }, contentScript)).toEqual({
      added: false,
      count: 2,
    });
    expect(events).toHaveLength(1);
    expect((await db.topics.get('user:kv-cache'))?.examples.map((e) => e.paperId)).toEqual([
      'arxiv:2601.00001',
      'arxiv:2601.00002',
    ]);
  });

  it('refuses built-ins, unknown or switched-off topics, a full topic and malformed payloads', async () => {
    const { db, attempt } = setup();
    await putTopic(db, userTopic({ id: 'user:off', enabled: false }));
    const full = Array.from({ length: 200 }, (_, i) => ({
      paperId: `arxiv:2601.${String(10000 + i)}`,
      title: `Paper ${i}`,
      abstract: '',
    }));
    await putTopic(db, userTopic({ id: 'user:full', examples: full }));
    const expectRefused = async (payload: unknown, message: RegExp) =>
      expect(await attempt('topics.addExample', payload, contentScript)).toMatchObject({
        ok: false,
        error: expect.stringMatching(message),
      });
    await expectRefused({ topic: 'moe', example }, /your own topics/);
    await expectRefused({ topic: 'user:nope', example }, /Unknown or switched-off topic/);
    await expectRefused({ topic: 'user:off', example }, /Unknown or switched-off topic/);
    await expectRefused({ topic: 'user:full', example }, /already has 200 example papers/);
    await expectRefused(
      { topic: 'user:full', example: { ...example, title: '' } },
      /title: must not be empty/,
    );
    await expectRefused({ topic: 'user:full', example: { ...example, paperId: 'x' } }, /paperId/);
    await expectRefused({ topic: 'user:full' }, /example: expected an object/);
    expect((await db.topics.get('user:full'))?.examples).toHaveLength(200);
  });
});
