/**
 * Similarity of a paper to the user's reading list (issue 3: "sort the sidebar by relevance to the
 * user's topics and reading list"). Same hashed uni/bi-gram vectors as the learner; an inverted index
 * keeps it fast for a page of papers against a reading list of hundreds.
 */
import { type DocVector, docVector } from './features';
import type { ClassifierInput } from './types';

export interface ReadingListMatch {
  /** Cosine similarity in [0, 1] to the most similar reading-list paper (0 when the list is empty). */
  score: number;
  /** Index of that paper in the list given to buildReadingListIndex, -1 when none. */
  nearest: number;
}

export interface ReadingListIndex {
  size: number;
  match(input: ClassifierInput): ReadingListMatch;
}

export function buildReadingListIndex(papers: readonly ClassifierInput[]): ReadingListIndex {
  const postings = new Map<number, Array<[number, number]>>();
  papers.forEach((p, i) => {
    for (const [k, v] of docVector(p).values) {
      let list = postings.get(k);
      if (list === undefined) {
        list = [];
        postings.set(k, list);
      }
      list.push([i, v]);
    }
  });
  const dots = new Float64Array(papers.length);
  return {
    size: papers.length,
    match(input: ClassifierInput): ReadingListMatch {
      if (papers.length === 0) return { score: 0, nearest: -1 };
      dots.fill(0);
      const vec: DocVector = docVector(input);
      for (const [k, v] of vec.values) {
        const list = postings.get(k);
        if (list === undefined) continue;
        for (const [i, u] of list) dots[i] = (dots[i] as number) + u * v;
      }
      let best = 0;
      let nearest = -1;
      for (let i = 0; i < dots.length; i++) {
        if ((dots[i] as number) > best) {
          best = dots[i] as number;
          nearest = i;
        }
      }
      return { score: Math.min(1, Math.round(best * 10000) / 10000), nearest };
    },
  };
}
