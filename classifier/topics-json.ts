/**
 * Export/import of user topics (and optionally learned models) as JSON (issue 3: "Topics export and
 * import as JSON"). `parseTopicsJson` validates everything and throws an Error whose message names
 * the offending field, e.g. `topics[2].include[0]: must be a non-empty string`.
 */
import type { TopicId } from '../lib/types';
import type { ClassifierConfig, UserTopic, UserTopicExample } from './index';
import { type LearnerState, parseLearnerState } from './learner';

export const TOPICS_FILE_FORMAT = 'papersift-topics';
export const TOPICS_FILE_VERSION = 1;

/**
 * A topic as the file carries it. Version 1 files written before examples had ids, or by hand,
 * may leave out `paperId` (the importer derives one); `enabled: false` keeps a switched-off topic
 * switched off (absent = on). Readers of version 1 ignore fields they do not know.
 */
export interface TopicsFileTopic extends UserTopic {
  enabled?: false;
}

export interface TopicsFile {
  format: typeof TOPICS_FILE_FORMAT;
  version: typeof TOPICS_FILE_VERSION;
  topics: TopicsFileTopic[];
  disabledBuiltins?: TopicId[];
  thresholds?: Record<TopicId, number>;
  learned?: Record<TopicId, LearnerState>;
}

/** Serialises a topics file as it is written to disk (indented, so it can be read and diffed). */
export function serialiseTopicsFile(file: TopicsFile): string {
  return JSON.stringify(file, null, 2);
}

/** Serialises a config's topics (and, unless `includeLearned` is false, the learned models). */
export function exportTopics(config: ClassifierConfig, includeLearned = true): string {
  const file: TopicsFile = {
    format: TOPICS_FILE_FORMAT,
    version: TOPICS_FILE_VERSION,
    topics: config.userTopics ?? [],
  };
  if (config.disabledBuiltins?.length) file.disabledBuiltins = [...config.disabledBuiltins];
  if (config.thresholds && Object.keys(config.thresholds).length > 0)
    file.thresholds = { ...config.thresholds };
  if (includeLearned && config.learned && Object.keys(config.learned).length > 0)
    file.learned = { ...config.learned };
  return serialiseTopicsFile(file);
}

const USER_ID = /^user:[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Same shape the background accepts for an example's paper (lib/protocol.ts `exampleId`). */
export const EXAMPLE_PAPER_ID = /^(?:arxiv|openreview|example):\S{1,200}$/;

// The limits the background enforces (lib/protocol.ts topicInput), checked here so a file that
// breaks one is refused with the field named before anything is sent.
export const MAX_TOPIC_PHRASES = 200;
export const MAX_TOPIC_EXAMPLES = 200;
export const MAX_TOPICS = 500;
const MAX_NAME = 100;
const MAX_DESCRIPTION = 2000;
const MAX_PHRASE = 200;
const MAX_TITLE = 2000;
const MAX_ABSTRACT = 20_000;
const BUILTIN_IDS = ['moe', 'sae', 'sparse_attention', 'pruning'];

function fail(path: string, msg: string): never {
  throw new Error(`${path}: ${msg}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: string, allowEmpty = false, max = Number.POSITIVE_INFINITY): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  if (!allowEmpty && v.trim() === '') fail(path, 'must be a non-empty string');
  if (v.length > max) fail(path, `is too long (at most ${max.toLocaleString('en')} characters)`);
  return v;
}

function strList(v: unknown, path: string, max = Number.POSITIVE_INFINITY): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(path, 'must be an array of strings');
  if (v.length > max) fail(path, `has ${v.length} entries (at most ${max})`);
  return v.map((x, i) => {
    const s = str(x, `${path}[${i}]`, false, MAX_PHRASE);
    if (!/[a-z0-9]/i.test(s)) fail(`${path}[${i}]`, 'must contain a letter or digit');
    return s;
  });
}

function parseExample(e: unknown, p: string): UserTopicExample {
  if (!isObject(e)) fail(p, 'must be an object with "title" and optional "abstract" and "paperId"');
  const title = str(e.title, `${p}.title`, false, MAX_TITLE);
  const abstract = e.abstract === undefined ? '' : str(e.abstract, `${p}.abstract`, true, MAX_ABSTRACT);
  if (e.paperId === undefined) return { title, abstract };
  const paperId = str(e.paperId, `${p}.paperId`);
  if (!EXAMPLE_PAPER_ID.test(paperId))
    fail(`${p}.paperId`, `"${paperId}" must be a paper id such as "arxiv:2401.01234"`);
  return { paperId, title, abstract };
}

function parseTopic(v: unknown, path: string): TopicsFileTopic {
  if (!isObject(v)) fail(path, 'must be an object');
  const id = str(v.id, `${path}.id`);
  if (!USER_ID.test(id) || id.length > 64)
    fail(`${path}.id`, `"${id}" must look like "user:<slug>" (lower-case letters, digits, hyphens)`);
  const examples = v.examples === undefined ? [] : v.examples;
  if (!Array.isArray(examples)) fail(`${path}.examples`, 'must be an array');
  if (examples.length > MAX_TOPIC_EXAMPLES)
    fail(`${path}.examples`, `has ${examples.length} examples (at most ${MAX_TOPIC_EXAMPLES})`);
  if (v.enabled !== undefined && typeof v.enabled !== 'boolean')
    fail(`${path}.enabled`, 'must be true or false');
  const topic: TopicsFileTopic = {
    id,
    name: str(v.name, `${path}.name`, false, MAX_NAME),
    description:
      v.description === undefined ? '' : str(v.description, `${path}.description`, true, MAX_DESCRIPTION),
    include: strList(v.include, `${path}.include`, MAX_TOPIC_PHRASES),
    exclude: strList(v.exclude, `${path}.exclude`, MAX_TOPIC_PHRASES),
    examples: examples.map((e, i) => parseExample(e, `${path}.examples[${i}]`)),
  };
  if (v.enabled === false) topic.enabled = false;
  return topic;
}

/** Parses and validates a topics file. Throws an Error with a message a user can act on. */
export function parseTopicsJson(text: string): TopicsFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(data)) fail('file', 'must be a JSON object');
  if (data.format !== TOPICS_FILE_FORMAT) fail('format', `must be "${TOPICS_FILE_FORMAT}"`);
  if (data.version !== TOPICS_FILE_VERSION)
    fail('version', `unsupported version ${JSON.stringify(data.version)} (expected ${TOPICS_FILE_VERSION})`);
  if (!Array.isArray(data.topics)) fail('topics', 'must be an array');
  if (data.topics.length > MAX_TOPICS)
    fail('topics', `has ${data.topics.length} topics (at most ${MAX_TOPICS})`);
  const topics = data.topics.map((t, i) => parseTopic(t, `topics[${i}]`));
  const seen = new Set<string>();
  topics.forEach((t, i) => {
    if (seen.has(t.id)) fail(`topics[${i}].id`, `duplicate topic id "${t.id}"`);
    seen.add(t.id);
  });
  const file: TopicsFile = { format: TOPICS_FILE_FORMAT, version: TOPICS_FILE_VERSION, topics };
  if (data.disabledBuiltins !== undefined) {
    const d = strList(data.disabledBuiltins, 'disabledBuiltins');
    d.forEach((id, i) => {
      if (!BUILTIN_IDS.includes(id)) fail(`disabledBuiltins[${i}]`, `"${id}" is not a built-in topic`);
    });
    file.disabledBuiltins = d;
  }
  const known = new Set([...BUILTIN_IDS, ...seen]);
  if (data.thresholds !== undefined) {
    if (!isObject(data.thresholds)) fail('thresholds', 'must be an object of topic id -> number');
    const th: Record<string, number> = {};
    for (const [k, v] of Object.entries(data.thresholds)) {
      if (!known.has(k)) fail(`thresholds.${k}`, 'unknown topic');
      if (typeof v !== 'number' || !(v > 0 && v < 1))
        fail(`thresholds.${k}`, 'must be a number between 0 and 1');
      th[k] = v;
    }
    file.thresholds = th;
  }
  if (data.learned !== undefined) {
    if (!isObject(data.learned)) fail('learned', 'must be an object of topic id -> learner state');
    const l: Record<string, LearnerState> = {};
    for (const [k, v] of Object.entries(data.learned)) {
      if (!known.has(k)) fail(`learned.${k}`, 'unknown topic');
      const s = parseLearnerState(v, `learned.${k}`);
      if (s.topic !== k) fail(`learned.${k}.topic`, `is "${s.topic}", expected "${k}"`);
      l[k] = s;
    }
    file.learned = l;
  }
  return file;
}
