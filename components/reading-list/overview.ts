/** Numbers behind the overview chart: papers saved per week by topic, and the status mix. */

import type { TopicId } from '../../lib/types';
import type { PaperStatus, SavedPaper } from '../../storage/db';

export const WEEKS = 12;
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
export const OTHER = '__other__';

export interface WeekBucket {
  /** Monday 00:00 local time, ms. */
  start: number;
  total: number;
  byTopic: Map<TopicId | typeof OTHER, number>;
}

export interface Overview {
  weeks: WeekBucket[];
  /** Topics that occur in the window, most frequent first (OTHER last). */
  topics: (TopicId | typeof OTHER)[];
  status: Record<PaperStatus, number>;
  max: number;
}

export function weekStart(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - ((d.getDay() + 6) % 7));
  return d.getTime();
}

export function computeOverview(papers: readonly SavedPaper[], now: number = Date.now()): Overview {
  const thisWeek = weekStart(now);
  const weeks: WeekBucket[] = [];
  for (let i = WEEKS - 1; i >= 0; i--) {
    // step by days, not fixed ms, so daylight-saving weeks stay aligned on Mondays
    const d = new Date(thisWeek);
    d.setDate(d.getDate() - 7 * i);
    weeks.push({ start: d.getTime(), total: 0, byTopic: new Map() });
  }
  const first = weeks[0]?.start ?? thisWeek;
  const status: Record<PaperStatus, number> = { 'to-read': 0, reading: 0, read: 0, dismissed: 0 };
  const topicTotals = new Map<TopicId | typeof OTHER, number>();
  for (const p of papers) {
    status[p.status]++;
    if (p.status === 'dismissed' || p.savedAt < first) continue;
    let idx = Math.floor((p.savedAt - first) / WEEK_MS);
    // correct for DST drift at bucket edges
    while (idx + 1 < weeks.length && (weeks[idx + 1]?.start ?? Infinity) <= p.savedAt) idx++;
    while (idx > 0 && (weeks[idx]?.start ?? 0) > p.savedAt) idx--;
    const w = weeks[Math.min(idx, weeks.length - 1)];
    if (!w) continue;
    w.total++;
    const keys = p.topics.length ? p.topics : [OTHER];
    for (const t of keys) {
      w.byTopic.set(t, (w.byTopic.get(t) ?? 0) + 1);
      topicTotals.set(t, (topicTotals.get(t) ?? 0) + 1);
    }
  }
  const topics = [...topicTotals.entries()]
    .sort((a, b) => (a[0] === OTHER ? 1 : b[0] === OTHER ? -1 : b[1] - a[1]))
    .map(([t]) => t);
  const max = Math.max(1, ...weeks.map((w) => [...w.byTopic.values()].reduce((a, b) => a + b, 0)));
  return { weeks, topics, status, max };
}
