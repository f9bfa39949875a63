import type { Ref } from 'preact';
import type { SiteId, TopicId } from '../../lib/types';
import type { PaperStatus } from '../../storage/db';
import { pluralise, SITE_LABELS, SITES, STATUS_LABELS, type TopicNames, topicLabel } from '../common/labels';
import type { DateFilter, ListQuery, SortKey, StatusFilter } from './query';

export interface FiltersProps {
  query: ListQuery;
  onChange: (q: ListQuery) => void;
  topics: readonly TopicId[];
  names: TopicNames;
  tags: readonly string[];
  shown: number;
  total: number;
  searchRef?: Ref<HTMLInputElement>;
}

const SORTS: Record<SortKey, string> = {
  'added-desc': 'Newest first',
  'added-asc': 'Oldest first',
  'updated-desc': 'Recently changed',
  'title-asc': 'Title A–Z',
  starred: 'Starred first',
};
const DATES: Record<DateFilter, string> = {
  any: 'Any time',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  '365d': 'Last year',
};

export function isFiltered(q: ListQuery): boolean {
  return Boolean(
    q.search || q.topic || q.tag || q.site || q.starredOnly || q.added !== 'any' || q.status !== 'active',
  );
}

export function Filters(props: FiltersProps) {
  const { query: q, onChange } = props;
  const set = <K extends keyof ListQuery>(key: K, value: ListQuery[K]) => onChange({ ...q, [key]: value });
  return (
    <section class="filters" aria-label="Search and filters">
      <search class="search">
        <input
          ref={props.searchRef}
          type="search"
          aria-label="Search saved papers"
          placeholder="Search titles, authors, abstracts, notes, tags   ( / )"
          value={q.search}
          onInput={(e) => set('search', e.currentTarget.value)}
          autoComplete="off"
          spellcheck={false}
        />
      </search>
      <div class="filter-row">
        <label>
          Status
          <select value={q.status} onChange={(e) => set('status', e.currentTarget.value as StatusFilter)}>
            <option value="active">All but dismissed</option>
            {(Object.keys(STATUS_LABELS) as PaperStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
            <option value="all">All, with dismissed</option>
          </select>
        </label>
        <label>
          Topic
          <select value={q.topic} onChange={(e) => set('topic', e.currentTarget.value)}>
            <option value="">Any topic</option>
            {props.topics.map((t) => (
              <option key={t} value={t}>
                {topicLabel(props.names, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tag
          <select value={q.tag} onChange={(e) => set('tag', e.currentTarget.value)}>
            <option value="">Any tag</option>
            {props.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label>
          Site
          <select value={q.site} onChange={(e) => set('site', e.currentTarget.value as SiteId | '')}>
            <option value="">Any site</option>
            {SITES.map((s) => (
              <option key={s} value={s}>
                {SITE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Added
          <select value={q.added} onChange={(e) => set('added', e.currentTarget.value as DateFilter)}>
            {(Object.keys(DATES) as DateFilter[]).map((d) => (
              <option key={d} value={d}>
                {DATES[d]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sort
          <select value={q.sort} onChange={(e) => set('sort', e.currentTarget.value as SortKey)}>
            {(Object.keys(SORTS) as SortKey[]).map((s) => (
              <option key={s} value={s}>
                {SORTS[s]}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={q.starredOnly}
            onChange={(e) => set('starredOnly', e.currentTarget.checked)}
          />
          Starred only
        </label>
        {isFiltered(q) && (
          <button
            type="button"
            class="quiet"
            onClick={() =>
              onChange({
                ...q,
                search: '',
                topic: '',
                tag: '',
                site: '',
                added: 'any',
                starredOnly: false,
                status: 'active',
              })
            }
          >
            Clear filters
          </button>
        )}
      </div>
      <p class="count muted" aria-live="polite">
        {props.shown === props.total
          ? pluralise(props.total, 'paper')
          : `Showing ${props.shown.toLocaleString()} of ${pluralise(props.total, 'paper')}`}
      </p>
    </section>
  );
}
