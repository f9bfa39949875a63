/** Notes, tags, status and abstract of one paper (the row's "Notes" button opens it). */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { PaperStatus, SavedPaper } from '../../storage/db';
import { formatDate, SITE_LABELS, STATUS_LABELS, safeHref, type TopicNames } from '../common/labels';
import { TopicChips } from './PaperRow';

export interface DetailsPanelProps {
  paper: SavedPaper;
  names: TopicNames;
  allTags: readonly string[];
  onStatus: (id: string, status: PaperStatus) => void;
  onStar: (id: string, starred: boolean) => void;
  onAddTags: (id: string, tags: string[]) => void;
  onRemoveTag: (id: string, tag: string) => void;
  onNotes: (id: string, notes: string) => Promise<void>;
  onRemove: (id: string) => void;
  onClose: () => void;
}

export const NOTES_SAVE_DELAY_MS = 400;

/**
 * Notes are saved as you type, 400 ms after the last keystroke (nobody waits on it) and at
 * once on blur or when the panel closes. The text area keeps the local text while it has
 * unsaved changes, so a live update from another tab never eats a keystroke.
 */
export function NotesEditor(props: {
  paperId: string;
  value: string;
  onSave: (notes: string) => Promise<void>;
}) {
  const [text, setText] = useState(props.value);
  const [state, setState] = useState<'saved' | 'pending' | 'error'>('saved');
  const dirty = useRef(false);
  const latest = useRef(text);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const save = useRef(props.onSave);
  save.current = props.onSave;
  const id = useId();

  const flush = () => {
    clearTimeout(timer.current);
    if (!dirty.current) return;
    dirty.current = false;
    save
      .current(latest.current)
      .then(() => setState((s) => (dirty.current ? s : 'saved')))
      .catch(() => setState('error'));
  };

  useEffect(() => {
    if (!dirty.current) {
      setText(props.value);
      latest.current = props.value;
    }
  }, [props.value]);
  useEffect(() => flush, []);

  return (
    <div class="notes">
      <div class="field-head">
        <label for={id}>Notes</label>
        <span class="muted small" aria-live="polite">
          {state === 'pending' ? 'Saving…' : state === 'error' ? 'Not saved — try again' : 'Saved'}
        </span>
      </div>
      <textarea
        id={id}
        rows={8}
        value={text}
        placeholder="Plain-text notes, saved as you type"
        onInput={(e) => {
          const v = e.currentTarget.value;
          setText(v);
          latest.current = v;
          dirty.current = true;
          setState('pending');
          clearTimeout(timer.current);
          timer.current = setTimeout(flush, NOTES_SAVE_DELAY_MS);
        }}
        onBlur={flush}
      />
    </div>
  );
}

export function TagEditor(props: {
  tags: readonly string[];
  suggestions: readonly string[];
  /** Edits are sent as additions and removals, so quick successive edits never overwrite each other. */
  onAdd: (tags: string[]) => void;
  onRemove: (tag: string) => void;
  label?: string;
}) {
  const [draft, setDraft] = useState('');
  const listId = useId();
  const add = (raw: string) => {
    const parts = raw
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (parts.length) props.onAdd(parts);
    setDraft('');
  };
  const have = new Set(props.tags.map((t) => t.toLowerCase()));
  return (
    <div class="tags-editor">
      <span class="field-label">{props.label ?? 'Tags'}</span>
      {props.tags.length > 0 && (
        <ul class="chips wrap" aria-label="Tags">
          {props.tags.map((t) => (
            <li key={t} class="chip tag">
              {t}
              <button
                type="button"
                class="chip-remove"
                aria-label={`Remove tag ${t}`}
                onClick={() => props.onRemove(t)}
              >
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="inline-form">
        <input
          type="text"
          list={listId}
          value={draft}
          aria-label="Add a tag"
          placeholder="Add a tag, Enter to add"
          autoComplete="off"
          onInput={(e) => {
            const v = e.currentTarget.value;
            if (v.endsWith(',')) add(v);
            else setDraft(v);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add(draft);
            } else if (e.key === 'Backspace' && !draft && props.tags.length) {
              props.onRemove(props.tags[props.tags.length - 1] as string);
            }
          }}
        />
        <button type="button" onClick={() => add(draft)} disabled={!draft.trim()}>
          Add tag
        </button>
      </div>
      <datalist id={listId}>
        {props.suggestions
          .filter((t) => !have.has(t.toLowerCase()))
          .slice(0, 200)
          .map((t) => (
            <option key={t} value={t} />
          ))}
      </datalist>
    </div>
  );
}

export function DetailsPanel(props: DetailsPanelProps) {
  const { paper: p } = props;
  const href = safeHref(p.url);
  const pdf = safeHref(p.pdfUrl);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [p.id]);
  return (
    <aside id="details-panel" class="details card" aria-labelledby="details-title">
      <div class="details-head">
        <h2 id="details-title" ref={headingRef} tabIndex={-1}>
          {p.title}
        </h2>
        <button type="button" class="quiet" aria-label="Close details" onClick={props.onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </div>
      <p class="muted small">{p.authors.join(', ')}</p>
      <TopicChips topics={p.topics} names={props.names} />
      <p class="muted small">
        {(p.sites.length ? p.sites : [p.site]).map((s) => SITE_LABELS[s] ?? s).join(' · ')} · added{' '}
        {formatDate(p.savedAt)}
        {p.published ? ` · published ${p.published}` : ''}
      </p>
      <p class="links">
        {href && (
          <a href={href} target="_blank" rel="noopener noreferrer">
            Abstract page
          </a>
        )}
        {pdf && (
          <a href={pdf} target="_blank" rel="noopener noreferrer">
            PDF
          </a>
        )}
      </p>
      <div class="details-controls">
        <label>
          Reading status
          <select
            value={p.status}
            onChange={(e) => props.onStatus(p.id, e.currentTarget.value as PaperStatus)}
          >
            {(Object.keys(STATUS_LABELS) as PaperStatus[]).map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <button type="button" aria-pressed={p.starred} onClick={() => props.onStar(p.id, !p.starred)}>
          <span aria-hidden="true">{p.starred ? '★' : '☆'}</span> Starred
        </button>
      </div>
      <TagEditor
        tags={p.tags}
        suggestions={props.allTags}
        onAdd={(tags) => props.onAddTags(p.id, tags)}
        onRemove={(tag) => props.onRemoveTag(p.id, tag)}
      />
      <NotesEditor key={p.id} paperId={p.id} value={p.notes} onSave={(notes) => props.onNotes(p.id, notes)} />
      {p.abstract && (
        <details class="abstract" open>
          <summary>Abstract</summary>
          <p>{p.abstract}</p>
        </details>
      )}
      <button type="button" class="danger" onClick={() => props.onRemove(p.id)}>
        Remove from reading list
      </button>
    </aside>
  );
}
