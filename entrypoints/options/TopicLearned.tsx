/**
 * Container of one topic's corrections on the options page: while the disclosure is open it
 * observes the newest page of the topic's corrections in Dexie, so a "Not <topic>" clicked in a
 * sidebar shows up here without a reload.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { TopicCorrections } from '../../components/options/Corrections';
import type { TopicId } from '../../lib/types';
import type { Correction, PaperSiftDB } from '../../storage/db';
import { observe } from '../../storage/reading-list';
import { topicCorrections } from '../../storage/topics';

/** Corrections read per page ("Show more" adds another). */
export const CORRECTIONS_PAGE = 50;

export interface TopicLearnedProps {
  db: PaperSiftDB;
  topic: TopicId;
  name: string;
  count: number;
  hasModel: boolean;
  /** Resolves when the undo is done or has failed (the caller reports failures). */
  onUndo: (c: Correction) => Promise<unknown>;
  onReset: () => void;
  onError: (e: unknown) => void;
}

export function TopicLearned(props: TopicLearnedProps) {
  const { db, topic, onError } = props;
  const [expanded, setExpanded] = useState(false);
  const [limit, setLimit] = useState(CORRECTIONS_PAGE);
  const [list, setList] = useState<Correction[] | null>(null);
  const [undoing, setUndoing] = useState<number | null>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!expanded) return;
    return observe(() => topicCorrections(db, topic, limit), setList, onError);
  }, [db, topic, expanded, limit, onError]);

  const undo = (c: Correction) => {
    if (c.seq === undefined) return;
    setUndoing(c.seq);
    props.onUndo(c).finally(() => {
      setUndoing(null);
      // The row (and its focused button) is gone: keep focus in the topic, not on <body>.
      if (!document.activeElement || document.activeElement === document.body) toggleRef.current?.focus();
    });
  };

  return (
    <TopicCorrections
      topicName={props.name}
      count={props.count}
      hasModel={props.hasModel}
      expanded={expanded}
      onToggle={() => {
        if (expanded) {
          setList(null);
          setLimit(CORRECTIONS_PAGE);
        }
        setExpanded(!expanded);
      }}
      corrections={list}
      onShowMore={() => setLimit((n) => n + CORRECTIONS_PAGE)}
      onUndo={undo}
      undoing={undoing}
      onReset={props.onReset}
      toggleRef={toggleRef}
    />
  );
}
