/** Actions on the selected papers: status, tags, delete (each one transaction, with undo). */
import { useId, useState } from 'preact/hooks';
import type { PaperStatus } from '../../storage/db';
import { STATUS_LABELS } from '../common/labels';

export interface BulkBarProps {
  count: number;
  allTags: readonly string[];
  onStatus: (status: PaperStatus) => void;
  onAddTag: (tag: string) => void;
  onRemoveTag: (tag: string) => void;
  onDelete: () => void;
  onClear: () => void;
}

export function BulkBar(props: BulkBarProps) {
  const [tag, setTag] = useState('');
  const listId = useId();
  const t = tag.trim();
  return (
    <section class="bulk-bar card" aria-label="Selected papers">
      <strong>{props.count.toLocaleString()} selected</strong>
      <label class="inline">
        Set status
        <select
          aria-label="Set status of selected papers"
          value=""
          onChange={(e) => {
            const v = e.currentTarget.value as PaperStatus | '';
            if (v) props.onStatus(v);
            e.currentTarget.value = '';
          }}
        >
          <option value="">Choose…</option>
          {(Object.keys(STATUS_LABELS) as PaperStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <span class="inline-form">
        <input
          type="text"
          aria-label="Tag for selected papers"
          placeholder="Tag"
          list={listId}
          value={tag}
          onInput={(e) => setTag(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && t) {
              e.preventDefault();
              props.onAddTag(t);
              setTag('');
            }
          }}
        />
        <datalist id={listId}>
          {props.allTags.slice(0, 200).map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
        <button
          type="button"
          aria-label="Add tag to selected"
          disabled={!t}
          onClick={() => {
            props.onAddTag(t);
            setTag('');
          }}
        >
          Add tag
        </button>
        <button
          type="button"
          aria-label="Remove tag from selected"
          disabled={!t}
          onClick={() => {
            props.onRemoveTag(t);
            setTag('');
          }}
        >
          Remove tag
        </button>
      </span>
      <button type="button" class="danger" onClick={props.onDelete}>
        Delete selected
      </button>
      <button type="button" class="quiet" onClick={props.onClear}>
        Clear selection
      </button>
    </section>
  );
}
