/**
 * Export/import of user topics (and optionally learned models) as JSON (issue 3: "Topics export and
 * import as JSON"). `parseTopicsJson` validates everything and throws an Error whose message names
 * the offending field, e.g. `topics[2].include[0]: must be a non-empty string`.
 */
import type { TopicId } from '../lib/types';
import type { ClassifierConfig, UserTopic } from './index';
import { type LearnerState, parseLearnerState } from './learner';

export const TOPICS_FILE_FORMAT = 'papersift-topics';
export const TOPICS_FILE_VERSION = 1;

export interface TopicsFile {
  format: typeof TOPICS_FILE_FORMAT;
  version: typeof TOPICS_FILE_VERSION;
  topics: UserTopic[];
  disabledBuiltins?: TopicId[];
  thresholds?: Record<TopicId, number>;
  learned?: Record<TopicId, LearnerState>;
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
  return JSON.stringify(file, null, 2);
}

const USER_ID = /^user:[a-z0-9]+(?:-[a-z0-9]+)*$/;
const BUILTIN_IDS = ['moe', 'sae', 'sparse_attention', 'pruning'];

function fail(path: string, msg: string): never {
  throw new Error(`${path}: ${msg}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown, path: string, allowEmpty = false): string {
  if (typeof v !== 'string') fail(path, 'must be a string');
  if (!allowEmpty && v.trim() === '') fail(path, 'must be a non-empty string');
  return v;
}

function strList(v: unknown, path: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) fail(path, 'must be an array of strings');
  return v.map((x, i) => {
    const s = str(x, `${path}[${i}]`);
    if (!/[a-z0-9]/i.test(s)) fail(`${path}[${i}]`, 'must contain a letter or digit');
    return s;
  });
}

function parseTopic(v: unknown, path: string): UserTopic {
  if (!isObject(v)) fail(path, 'must be an object');
  const id = str(v.id, `${path}.id`);
  if (!USER_ID.test(id))
    fail(`${path}.id`, `"${id}" must look like "user:<slug>" (lower-case letters, digits, hyphens)`);
  const examples = v.examples === undefined ? [] : v.examples;
  if (!Array.isArray(examples)) fail(`${path}.examples`, 'must be an array');
  return {
    id,
    name: str(v.name, `${path}.name`),
    description: v.description === undefined ? '' : str(v.description, `${path}.description`, true),
    include: strList(v.include, `${path}.include`),
    exclude: strList(v.exclude, `${path}.exclude`),
    examples: examples.map((e, i) => {
      const p = `${path}.examples[${i}]`;
      if (!isObject(e)) fail(p, 'must be an object with "title" and optional "abstract"');
      const title = str(e.title, `${p}.title`);
      const abstract = e.abstract === undefined ? '' : str(e.abstract, `${p}.abstract`, true);
      return { title, abstract };
    }),
  };
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
