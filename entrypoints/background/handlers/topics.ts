/**
 * Topics, corrections and learned models (issue 3 "learns from the user"). Corrections train the
 * topic's learner (classifier/learner.ts) in the same Dexie transaction that stores them; undo
 * replays the remaining corrections so it is exact. Every change broadcasts `classifier.changed`.
 */
import {
  applyCorrection,
  type ClassifierConfig,
  chipDetails,
  classifyMany,
  configKey,
  parseLearnerState,
} from '../../../classifier';
import { MAX_TOPIC_EXAMPLES, prepareTopicsImport } from '../../../lib/topics-file';
import type { TopicId } from '../../../lib/types';
import {
  addCorrection,
  addTopicExample,
  deleteTopic,
  getTopic,
  importTopics,
  listCorrections,
  listModels,
  listTopics,
  putTopic,
  resetLearned,
} from '../../../storage/topics';
import { buildClassifierConfig, isBuiltinTopic, withoutLearned } from '../classifier-config';
import type { BackgroundDeps } from '../deps';
import { correctionInput, undoCorrectionAndRebuild } from '../learned';
import { relevanceFor } from '../relevance';
import { type HandlerContext, HandlerError, type HandlerTable } from './types';

type TopicMessages =
  | 'topics.list'
  | 'topics.save'
  | 'topics.delete'
  | 'topics.import'
  | 'topics.addExample'
  | 'topics.correct'
  | 'topics.undoCorrection'
  | 'topics.corrections'
  | 'topics.reset'
  | 'classifier.config'
  | 'classifier.notifyChanged'
  | 'classify.batch';

export async function loadClassifierConfig(deps: BackgroundDeps): Promise<ClassifierConfig> {
  const [topics, models] = await Promise.all([listTopics(deps.db), listModels(deps.db)]);
  return buildClassifierConfig(topics, models, deps.log);
}

/** How long 'classify.batch' reuses the config it read (a page sends its batches at once). */
const BATCH_CONFIG_MS = 2_000;
const batchConfigs = new WeakMap<
  BackgroundDeps,
  { at: number; value: Promise<{ config: ClassifierConfig; key: string }> }
>();

/**
 * The config for 'classify.batch', read once per burst of batches rather than once per batch.
 * Dropped on every change this background makes or is told of; a change written elsewhere shows
 * as another key, and the sidebar then classifies with its own config.
 */
function batchConfig(deps: BackgroundDeps): Promise<{ config: ClassifierConfig; key: string }> {
  const now = deps.now();
  const hit = batchConfigs.get(deps);
  if (hit && now - hit.at < BATCH_CONFIG_MS) return hit.value;
  const value = loadClassifierConfig(deps).then((config) => ({ config, key: configKey(config) }));
  batchConfigs.set(deps, { at: now, value });
  value.catch(() => batchConfigs.delete(deps));
  return value;
}

const classifierChanged = ({ deps }: HandlerContext) => {
  batchConfigs.delete(deps);
  return deps.broadcast.all({ type: 'classifier.changed' });
};

/** The topic must be one the classifier scores now, or training against it is meaningless. */
function assertActive(config: ClassifierConfig, topic: TopicId): void {
  const builtinOn = isBuiltinTopic(topic) && !config.disabledBuiltins?.includes(topic);
  const userOn = config.userTopics?.some((t) => t.id === topic) ?? false;
  if (!builtinOn && !userOn) throw new HandlerError(`Unknown or switched-off topic "${topic}"`);
}

export const topicHandlers: HandlerTable<TopicMessages> = {
  'topics.list': async (_req, { deps }) => ({ topics: await listTopics(deps.db) }),

  'topics.save': async (req, ctx) => {
    const builtin = isBuiltinTopic(req.topic.id);
    if (!builtin && !req.topic.id.startsWith('user:')) {
      throw new HandlerError(`A user topic id must start with "user:" (got "${req.topic.id}")`);
    }
    const prev = await getTopic(ctx.deps.db, req.topic.id);
    const topic = await putTopic(ctx.deps.db, {
      ...req.topic,
      builtin,
      createdAt: prev?.createdAt ?? ctx.deps.now(),
    });
    classifierChanged(ctx);
    return { topic };
  },

  'topics.delete': async (req, ctx) => {
    if (isBuiltinTopic(req.id)) {
      throw new HandlerError('Built-in topics cannot be deleted; switch them off instead');
    }
    await deleteTopic(ctx.deps.db, req.id);
    classifierChanged(ctx);
    return { ok: true };
  },

  'topics.import': async (req, ctx) => {
    let write: ReturnType<typeof prepareTopicsImport>;
    try {
      write = prepareTopicsImport(req, ctx.deps.now());
    } catch (e) {
      throw new HandlerError((e as Error).message);
    }
    const { added, replaced } = await importTopics(ctx.deps.db, write);
    classifierChanged(ctx);
    return {
      added,
      replaced,
      disabledBuiltins: req.disabledBuiltins.length,
      models: write.models.length,
    };
  },

  'topics.addExample': async (req, ctx) => {
    if (!req.topic.startsWith('user:')) {
      throw new HandlerError('Example papers belong to your own topics, not to built-in ones');
    }
    const prev = await getTopic(ctx.deps.db, req.topic);
    if (!prev?.enabled) throw new HandlerError(`Unknown or switched-off topic "${req.topic}"`);
    const r = await addTopicExample(ctx.deps.db, req.topic, req.example, MAX_TOPIC_EXAMPLES);
    if (r.status === 'missing') throw new HandlerError(`Unknown or switched-off topic "${req.topic}"`);
    if (r.status === 'full') {
      throw new HandlerError(
        `“${r.topic.name}” already has ${MAX_TOPIC_EXAMPLES} example papers, the most it can have`,
      );
    }
    if (r.status === 'added') classifierChanged(ctx);
    return { added: r.status === 'added', count: r.topic.examples.length };
  },

  'topics.correct': async (req, ctx) => {
    const config = await loadClassifierConfig(ctx.deps);
    assertActive(config, req.topic);
    const base = withoutLearned(config);
    const input = correctionInput(req);
    const saved = await addCorrection(
      ctx.deps.db,
      { paperId: req.paperId, topic: req.topic, label: req.label, title: req.title, abstract: req.abstract },
      (prev) => {
        let state: ReturnType<typeof parseLearnerState> | undefined;
        try {
          state = prev === undefined ? undefined : parseLearnerState(prev);
        } catch {
          state = undefined; // unreadable old state: start this topic's model afresh
        }
        return applyCorrection(base, req.topic, input, req.label, state);
      },
      ctx.deps.now(),
    );
    classifierChanged(ctx);
    return { seq: saved.seq ?? 0, config: await loadClassifierConfig(ctx.deps) };
  },

  'topics.undoCorrection': async (req, ctx) => {
    const undone = await undoCorrectionAndRebuild(ctx.deps.db, req.seq, ctx.deps.now(), ctx.deps.log);
    if (undone) classifierChanged(ctx);
    return { undone: undone ?? null, config: await loadClassifierConfig(ctx.deps) };
  },

  'topics.corrections': async (req, { deps, fromExtensionPage }) => {
    if (!fromExtensionPage && !req.paperIds) {
      throw new HandlerError('A page may only ask for the corrections of its own papers (paperIds)');
    }
    let corrections = await listCorrections(deps.db, {
      ...(req.topic === undefined ? {} : { topic: req.topic }),
    });
    if (req.paperIds) {
      const wanted = new Set(req.paperIds);
      corrections = corrections.filter((c) => wanted.has(c.paperId));
    }
    if (req.limit !== undefined) corrections = corrections.slice(0, req.limit);
    return { corrections };
  },

  'topics.reset': async (req, ctx) => {
    const removed = await resetLearned(ctx.deps.db, req.topic);
    classifierChanged(ctx);
    return { removed, config: await loadClassifierConfig(ctx.deps) };
  },

  'classifier.config': async (_req, { deps }) => ({ config: await loadClassifierConfig(deps) }),

  'classify.batch': async (req, { deps }) => {
    const { config, key } = await batchConfig(deps);
    return { configKey: key, results: classifyMany(req.inputs, config).map(chipDetails) };
  },

  'classifier.notifyChanged': async (_req, ctx) => {
    relevanceFor(ctx.deps.db).invalidate(); // an import or delete changed the reading list too
    classifierChanged(ctx);
    return { ok: true };
  },
};
