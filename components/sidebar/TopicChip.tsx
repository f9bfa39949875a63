/**
 * One predicted topic on a paper. The visible text is exactly the chip label (issue 2); hover or
 * focus shows the score and the phrases behind it (issue 3), click expands the paper's abstract
 * with those phrases highlighted, and "Not <topic>" corrects it.
 */
import { useState } from 'preact/hooks';
import type { Evidence } from '../../classifier/types';
import type { TopicId } from '../../lib/types';
import { topicHue } from './topics';

export interface TopicChipProps {
  paperId: string;
  topic: TopicId;
  label: string;
  score?: number;
  positive: readonly Evidence[];
  negative: readonly Evidence[];
  /** Added by the user ("Add topic…") rather than predicted. */
  userAdded: boolean;
  expanded: boolean;
  onExpand(id: string): void;
  onCorrect(id: string, topic: TopicId, label: 1 | -1 | 0): void;
}

export function formatScore(score: number | undefined): string {
  return score === undefined ? '–' : score.toFixed(2);
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

export function TopicChip(props: TopicChipProps) {
  const { paperId, topic, label, score, positive, negative, userAdded, expanded } = props;
  const [tip, setTip] = useState(false);
  const describe = userAdded ? 'added by you' : `score ${formatScore(score)}`;
  const show = () => setTip(true);
  const hide = () => setTip(false);
  return (
    <span class={userAdded ? 'chip user' : 'chip'} style={{ '--hue': String(topicHue(topic)) }}>
      <button
        type="button"
        class="chip-label"
        aria-label={`Evidence for ${label}, ${describe}`}
        aria-expanded={expanded}
        onMouseEnter={show}
        onMouseLeave={hide}
        onFocus={show}
        onBlur={hide}
        onClick={() => props.onExpand(paperId)}
      >
        {label}
      </button>
      <button
        type="button"
        class="chip-x"
        aria-label={`Not ${label}`}
        title={`Not ${label}`}
        onClick={() => props.onCorrect(paperId, topic, userAdded ? 0 : -1)}
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
