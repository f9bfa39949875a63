/**
 * One topic on a paper. The visible text is exactly the chip label (issue 2). Rows the user is not
 * on render the light `ChipText`; the row under the pointer or focus renders `TopicChip`, whose
 * hover/focus shows the score and the phrases behind it (issue 3), whose click expands the
 * abstract with those phrases highlighted, and which has "Not <topic>". Clicks are handled by
 * the list (event delegation through `data-act`), so a 2,000-row list adds no listener per row.
 */
import { useState } from 'preact/hooks';
import type { Evidence } from '../../classifier/types';
import type { TopicId } from '../../lib/types';
import { hueStyle } from './topics';

export function formatScore(score: number | undefined): string {
  return score === undefined ? '–' : score.toFixed(2);
}

export function ChipText({ topic, label, userAdded }: { topic: TopicId; label: string; userAdded: boolean }) {
  return (
    <span class={userAdded ? 'chip user' : 'chip'} data-topic={topic} style={hueStyle(topic)}>
      {label}
    </span>
  );
}

export interface TopicChipProps {
  topic: TopicId;
  label: string;
  score?: number;
  positive: readonly Evidence[];
  negative: readonly Evidence[];
  /** Added by the user ("Add topic…") rather than predicted. */
  userAdded: boolean;
  expanded: boolean;
}

function EvidenceLine({ e }: { e: Evidence }) {
  return (
    <span class={e.weight < 0 ? 'tip-ev neg' : 'tip-ev'}>
      <span class="tip-phrase">{e.phrase}</span>
      <span class="tip-w">
        {e.weight > 0 ? '+' : '−'}
        {Math.abs(e.weight).toFixed(2)}
      </span>
    </span>
  );
}

export function TopicChip({ topic, label, score, positive, negative, userAdded, expanded }: TopicChipProps) {
  const [tip, setTip] = useState(false);
  const describe = userAdded ? 'added by you' : `score ${formatScore(score)}`;
  const show = () => setTip(true);
  const hide = () => setTip(false);
  return (
    <span class={userAdded ? 'chip user' : 'chip'} data-topic={topic} style={hueStyle(topic)}>
      <button
        type="button"
        class="chip-label"
        data-act="abstract"
        aria-label={`Evidence for ${label}, ${describe}`}
        aria-expanded={expanded}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
      >
        {label}
      </button>
      <button
        type="button"
        class="chip-x"
        data-act={userAdded ? 'undo' : 'not'}
        data-topic={topic}
        aria-label={`Not ${label}`}
        title={`Not ${label}`}
      >
        ×
      </button>
      {tip && (
        <span class="tip" role="tooltip">
          <span class="tip-head">
            {label} · {describe}
          </span>
          {positive.slice(0, 5).map((e) => (
            <EvidenceLine key={`p${e.field}${e.start}`} e={e} />
          ))}
          {negative.slice(0, 2).map((e) => (
            <EvidenceLine key={`n${e.field}${e.start}`} e={e} />
          ))}
          {!positive.length && !negative.length && <span class="tip-ev">No phrase evidence</span>}
        </span>
      )}
    </span>
  );
}
