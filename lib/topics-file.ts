/**
 * The options page's "Export topics" / "Import topics…" (issue 3): stored topic records and
 * learned models <-> a topics file (classifier/topics-json.ts validates the file itself), and the
 * checks shared by the background's `topics.import` and the direct writer the tests use.
 */
import { parseLearnerState, readLearnedStates } from '../classifier/learner';
import { TOPIC_DESCRIPTIONS } from '../classifier/model';
import {
  MAX_TOPIC_EXAMPLES,
  TOPICS_FILE_FORMAT,
  TOPICS_FILE_VERSION,
  type TopicsFile,
  type TopicsFileTopic,
} from '../classifier/topics-json';
import type { ModelRecord, TopicRecord } from '../storage/db';
import type { TopicsImportWrite } from '../storage/topics';
import type { TopicExample, TopicInput, TopicsImport } from './protocol';
import {
  BUILTIN_TOPIC_LABELS,
  BUILTIN_TOPICS,
  type BuiltinTopicId,
  isBuiltinTopic,
  type TopicId,
} from './types';

export { MAX_TOPIC_EXAMPLES };

const isUserTopic = (t: TopicRecord) => !t.builtin && t.id.startsWith('user:');

/**
 * A stable id for an example that came without one (version 1 files written by hand): the same
 * title always gives the same id, so importing the file twice does not double the example.
 */
export function exampleId(title: string): string {
  const text = title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  // cyrb53 (public domain): a fast 53-bit string hash; collisions are irrelevant at 200 examples.
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `example:${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/** `papersift-topics-YYYY-MM-DD.json`, the local date. */
export function topicsFileName(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `papersift-topics-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/**
 * Everything about topics the user made: their own topics (switched off ones too, with their
 * examples), built-ins switched off, thresholds and learned models. Unreadable models are left
 * out (the classifier ignores them too) and reported through `log`.
 */
export function buildTopicsFile(
  records: readonly TopicRecord[],
  models: readonly ModelRecord[],
  log?: (message: string, error?: unknown) => void,
): TopicsFile {
  const user = records.filter(isUserTopic).sort((a, b) => a.createdAt - b.createdAt);
  const topics = user.map((t): TopicsFileTopic => {
    const out: TopicsFileTopic = {
      id: t.id,
      name: t.name,
      description: t.description,
      include: [...t.include],
      exclude: [...t.exclude],
      examples: t.examples.map((e) => ({ paperId: e.paperId, title: e.title, abstract: e.abstract })),
    };
    if (!t.enabled) out.enabled = false;
    return out;
  });
  const file: TopicsFile = { format: TOPICS_FILE_FORMAT, version: TOPICS_FILE_VERSION, topics };
  const known = new Set<string>([...BUILTIN_TOPICS, ...user.map((t) => t.id)]);
  const disabled = records.filter((t) => isBuiltinTopic(t.id) && !t.enabled).map((t) => t.id);
  if (disabled.length) file.disabledBuiltins = disabled;
  const thresholds: Record<TopicId, number> = {};
  for (const t of records) if (known.has(t.id) && t.threshold !== undefined) thresholds[t.id] = t.threshold;
  if (Object.keys(thresholds).length) file.thresholds = thresholds;
  const learned = readLearnedStates(
    models,
    (topic) => known.has(topic),
    (topic, e) => log?.(`leaving the unreadable learned model of ${topic} out of the export`, e),
  );
  if (Object.keys(learned).length) file.learned = learned;
  return file;
}

/** A parsed topics file as the `topics.import` message carries it. */
export function topicsImportOf(file: TopicsFile): TopicsImport {
  const thresholds = file.thresholds ?? {};
  const topics = file.topics.map((t): TopicInput => {
    const out: TopicInput = {
      id: t.id,
      name: t.name,
      description: t.description,
      include: [...t.include],
      exclude: [...t.exclude],
      enabled: t.enabled !== false,
      examples: t.examples.map(
        (e): TopicExample => ({
          paperId: e.paperId ?? exampleId(e.title),
          title: e.title,
          abstract: e.abstract ?? '',
        }),
      ),
    };
    const th = thresholds[t.id];
    if (th !== undefined) out.threshold = th;
    return out;
  });
  return {
    topics,
    disabledBuiltins: [...(file.disabledBuiltins ?? [])],
    builtinThresholds: Object.entries(thresholds)
      .filter(([id]) => isBuiltinTopic(id))
      .map(([topic, threshold]) => ({ topic, threshold })),
    models: Object.entries(file.learned ?? {}).map(([topic, state]) => ({ topic, state })),
  };
}

/**
 * Checks what the message validator cannot (ids of the right kind, learner states the learner
 * reads) and builds the records to store. Throws an Error naming the problem; nothing is written.
 */
export function prepareTopicsImport(req: TopicsImport, now: number): TopicsImportWrite {
  const ids = new Set<string>();
  req.topics.forEach((t, i) => {
    if (!t.id.startsWith('user:') || isBuiltinTopic(t.id))
      throw new Error(`topics[${i}].id: "${t.id}" is not a user topic id ("user:<slug>")`);
    if (ids.has(t.id)) throw new Error(`topics[${i}].id: duplicate topic id "${t.id}"`);
    ids.add(t.id);
  });
  const builtins = new Map<BuiltinTopicId, { disable: boolean; threshold?: number }>();
  req.disabledBuiltins.forEach((id, i) => {
    if (!isBuiltinTopic(id)) throw new Error(`disabledBuiltins[${i}]: "${id}" is not a built-in topic`);
    builtins.set(id, { disable: true });
  });
  req.builtinThresholds.forEach(({ topic, threshold }, i) => {
    if (!isBuiltinTopic(topic))
      throw new Error(`builtinThresholds[${i}]: "${topic}" is not a built-in topic`);
    builtins.set(topic, { disable: builtins.get(topic)?.disable ?? false, threshold });
  });
  const models = req.models.map((m, i): ModelRecord => {
    if (!isBuiltinTopic(m.topic) && !ids.has(m.topic))
      throw new Error(`models[${i}].topic: "${m.topic}" is neither a built-in nor an imported topic`);
    const state = parseLearnerState(m.state, `learned.${m.topic}`);
    if (state.topic !== m.topic) throw new Error(`learned.${m.topic}.topic: is "${state.topic}"`);
    return { topic: m.topic, state, updatedAt: now };
  });
  return {
    // now + i keeps the file's order (the options page lists topics by createdAt).
    topics: req.topics.map((t, i) => ({ ...t, builtin: false, createdAt: now + i })),
    builtins: [...builtins].map(([id, change]) => ({
      base: {
        id,
        name: BUILTIN_TOPIC_LABELS[id],
        description: TOPIC_DESCRIPTIONS[id],
        include: [],
        exclude: [],
        builtin: true,
        enabled: true,
        examples: [],
        createdAt: now,
      },
      ...change,
    })),
    models,
  };
}

/** "Imported 3 topics (1 replaced)", plus the built-ins switched off and the models stored. */
export function importSummary(r: {
  added: number;
  replaced: number;
  disabledBuiltins: number;
  models: number;
}): string {
  const n = r.added + r.replaced;
  let text = `Imported ${n} ${n === 1 ? 'topic' : 'topics'}`;
  if (r.replaced) text += ` (${r.replaced} replaced)`;
  const extra: string[] = [];
  if (r.disabledBuiltins)
    extra.push(
      `${r.disabledBuiltins} built-in ${r.disabledBuiltins === 1 ? 'topic' : 'topics'} switched off`,
    );
  if (r.models) extra.push(`${r.models} learned ${r.models === 1 ? 'model' : 'models'}`);
  return `${text}${extra.length ? `; ${extra.join(', ')}` : ''}.`;
}
