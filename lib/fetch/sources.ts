/**
 * The APIs abstracts come from (issue 4). arXiv's terms ask for one request every 3 s
 * (https://info.arxiv.org/help/api/tou.html); OpenReview publishes no figure, so its queue keeps
 * one connection and a 1 s gap, with the same backoff, Retry-After and time-outs.
 */
import { parseArxivAtom } from '../api/arxiv-atom';
import {
  FORUM_ID_RE,
  OPENREVIEW_MAX_IDS_PER_QUERY,
  openreviewNotesUrl,
  parseOpenReviewNotes,
} from '../api/openreview-api';
import { openreviewForumOf } from '../ids';
import type { Paper } from '../types';
import { type AbstractSource, ARXIV_ABSTRACT_SOURCE, type QueueOptions } from './queue';

export interface SourceConfig {
  source: AbstractSource;
  parse(body: string): { papers: Paper[] };
  options: Partial<QueueOptions>;
}

export const ARXIV_SOURCE: SourceConfig = {
  source: ARXIV_ABSTRACT_SOURCE,
  parse: parseArxivAtom,
  options: {},
};

/** `openreview:<forum>` with a well-formed forum id (it goes into an api2.openreview.net URL). */
export function isOpenReviewPaperId(paperId: string): boolean {
  const forum = openreviewForumOf(paperId);
  return forum !== null && FORUM_ID_RE.test(forum);
}

export const OPENREVIEW_SOURCE: SourceConfig = {
  source: {
    name: 'OpenReview API',
    accepts: isOpenReviewPaperId,
    url: (ids) => {
      const [url] = openreviewNotesUrl(ids, ids.length);
      if (!url) throw new RangeError('no valid OpenReview forum id in the batch');
      return url;
    },
  },
  parse: (body) => parseOpenReviewNotes(body),
  options: { batchSize: OPENREVIEW_MAX_IDS_PER_QUERY, minIntervalMs: 1_000, backoffBaseMs: 2_000 },
};
