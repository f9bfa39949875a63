/**
 * The page's topic summary (count per topic) that doubles as the filter (issue 5): one toggle per
 * topic whose accessible name starts with the chip text, e.g. "MoE (12)" (issue 2).
 */
import type { TopicId } from '../../lib/types';
import { topicHue } from './topics';
import type { TopicOption } from './types';

export interface TopicFilterProps {
  topics: readonly TopicOption[];
  counts: ReadonlyMap<TopicId, number>;
  active: readonly TopicId[];
  onToggle(topic: TopicId): void;
  onClear(): void;
}

export function TopicFilter({ topics, counts, active, onToggle, onClear }: TopicFilterProps) {
  return (
    <fieldset class="filters">
      <legend class="sr">Filter the page by topic</legend>
      {topics.map((t) => {
        const n = counts.get(t.id) ?? 0;
        const on = active.includes(t.id);
        return (
          <button
            key={t.id}
            type="button"
            class={`ftog${on ? ' on' : ''}${n === 0 ? ' zero' : ''}`}
            style={{ '--hue': String(topicHue(t.id)) }}
            aria-pressed={on}
            aria-label={`${t.label} (${n})`}
            title={on ? `Showing only ${t.label} papers (click to stop)` : `Show only ${t.label} papers`}
            onClick={() => onToggle(t.id)}
          >
            <span class="ftog-label">{t.label}</span>
            <span class="ftog-n">{n}</span>
          </button>
        );
      })}
      {active.length > 0 && (
        <button type="button" class="fclear" onClick={onClear}>
          Clear filter
        </button>
      )}
    </fieldset>
  );
}
