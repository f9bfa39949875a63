/**
 * A topic's corrections on the options page (issue 3 "learns from the user"): a "Corrections (n)"
 * disclosure listing them newest first, each with its undo, and "Reset <topic> to defaults".
 * Presentational: the container (entrypoints/options/TopicLearned.tsx) reads Dexie.
 */
import type { Ref } from 'preact';
import { useId } from 'preact/hooks';
import { arxivAbsUrl, arxivIdOf } from '../../lib/ids';
import type { Correction } from '../../storage/db';
import { formatDate } from '../common/labels';

export interface TopicCorrectionsProps {
  topicName: string;
  /** All of this topic's corrections (the list may show fewer). */
  count: number;
  /** A learned model is stored for the topic (it can be reset even without corrections left). */
  hasModel: boolean;
  expanded: boolean;
  onToggle: () => void;
  /** Newest first; null while the first page is read. */
  corrections: readonly Correction[] | null;
  onShowMore: () => void;
  onUndo: (c: Correction) => void;
  /** The seq of the correction being undone, if any. */
  undoing: number | null;
  onReset: () => void;
  toggleRef?: Ref<HTMLButtonElement>;
}

function PaperTitle({ c }: { c: Correction }) {
  const arxivId = arxivIdOf(c.paperId);
  return arxivId ? (
    <a href={arxivAbsUrl(arxivId)} target="_blank" rel="noreferrer">
      {c.title}
    </a>
  ) : (
    <span>{c.title}</span>
  );
}

export function TopicCorrections(props: TopicCorrectionsProps) {
  const id = useId();
  const canReset = props.count > 0 || props.hasModel;
  const shown = props.corrections?.length ?? 0;
  return (
    <div class="topic-learned">
      <div class="button-row">
        <button
          type="button"
          class="disclosure"
          aria-expanded={props.expanded}
          aria-controls={`${id}-list`}
          ref={props.toggleRef}
          onClick={props.onToggle}
        >
          Corrections ({props.count.toLocaleString()})
        </button>
        {canReset && (
          <button type="button" class="danger" onClick={props.onReset}>
            Reset {props.topicName} to defaults
          </button>
        )}
      </div>
      <div id={`${id}-list`} hidden={!props.expanded}>
        {props.expanded &&
          (props.corrections === null ? (
            <p class="muted small">Loading…</p>
          ) : props.corrections.length === 0 ? (
            <p class="muted small">
              No corrections yet. “Not {props.topicName}” or “Add topic…” on a paper in the sidebar makes one.
            </p>
          ) : (
            <>
              <ul class="correction-list" aria-label={`Corrections of ${props.topicName}`}>
                {props.corrections.map((c) => (
                  <li key={c.seq}>
                    <PaperTitle c={c} />
                    <span class="muted small">
                      {c.label === 1 ? 'is' : 'is not'} {props.topicName} ·{' '}
                      <time dateTime={new Date(c.createdAt).toISOString()}>{formatDate(c.createdAt)}</time>
                    </span>
                    <button
                      type="button"
                      aria-label={`Undo correction ${c.title}`}
                      disabled={props.undoing === c.seq}
                      onClick={() => props.onUndo(c)}
                    >
                      Undo
                    </button>
                  </li>
                ))}
              </ul>
              {shown < props.count && (
                <p class="button-row">
                  <button type="button" onClick={props.onShowMore}>
                    Show more
                  </button>
                  <span class="muted small">{(props.count - shown).toLocaleString()} older</span>
                </p>
              )}
            </>
          ))}
      </div>
    </div>
  );
}
