/**
 * "The model's data is versioned; a changed model re-classifies cached papers" (issue 3): on
 * start, when the stored model version differs from the classifier's, every saved paper's topics
 * are recomputed with the user's config and open pages and the reading list are told.
 */
import { classify, MODEL_VERSION } from '../../classifier';
import type { PaperSiftDB } from '../../storage/db';
import { retopicAll } from '../../storage/papers';
import { getSetting } from '../../storage/settings';
import { listModels, listTopics } from '../../storage/topics';
import { buildClassifierConfig } from './classifier-config';
import type { Broadcaster } from './deps';

export const MODEL_VERSION_KEY = 'classifier.modelVersion';

/** Returns how many saved papers changed topics (0 when the model is unchanged). */
export async function reclassifyIfModelChanged(
  db: PaperSiftDB,
  broadcast: Broadcaster,
  version: string = MODEL_VERSION,
): Promise<number> {
  if ((await getSetting<unknown>(db, MODEL_VERSION_KEY, undefined)) === version) return 0;
  const [topics, models] = await Promise.all([listTopics(db), listModels(db)]);
  const config = buildClassifierConfig(topics, models);
  const changed = await retopicAll(
    db,
    (p) => classify({ title: p.title, abstract: p.abstract }, config).topics,
    MODEL_VERSION_KEY,
    version,
  );
  if (changed.length) broadcast.all({ type: 'papers.changed', ids: changed });
  return changed.length;
}
