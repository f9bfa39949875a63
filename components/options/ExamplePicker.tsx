/**
 * A topic's example papers: the current ones with Remove, and a combobox that finds saved papers
 * by title (WAI-ARIA combobox with a listbox popup: focus stays in the input, the active option
 * is `aria-activedescendant`, Up/Down move, Enter adds, Escape closes).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { TopicExample } from '../../lib/protocol';

export const MAX_EXAMPLES = 200;

/** Finds saved papers whose title matches (the container owns the data: storage/paper-titles.ts). */
export type SearchPapers = (query: string) => Promise<TopicExample[]>;

export interface ExamplePickerProps {
  examples: readonly TopicExample[];
  onChange: (next: TopicExample[]) => void;
  /** Absent: no reading list to pick from (the list is shown, the search box is not). */
  search?: SearchPapers;
}

export function ExamplePicker({ examples, onChange, search }: ExamplePickerProps) {
  const id = useId();
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<TopicExample[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [said, setSaid] = useState('');
  /** The query `results` answer (no "nothing matches" while a search is still running). */
  const [answered, setAnswered] = useState('');
  const asked = useRef(0);
  const have = new Set(examples.map((e) => e.paperId));
  const full = examples.length >= MAX_EXAMPLES;

  useEffect(() => {
    const q = query.trim();
    const n = ++asked.current;
    if (!q || !search) {
      setResults([]);
      setActive(-1);
      return;
    }
    search(q).then(
      (found) => {
        if (n !== asked.current) return; // a later keystroke already asked
        setResults(found);
        setAnswered(q);
        setActive(found.length ? 0 : -1);
      },
      () => {
        if (n === asked.current) setResults([]);
      },
    );
  }, [query, search]);

  const add = (e: TopicExample | undefined) => {
    if (!e) return;
    if (have.has(e.paperId)) {
      setSaid(`“${e.title}” is already an example.`);
      return;
    }
    if (full) {
      setSaid(`A topic has at most ${MAX_EXAMPLES} example papers.`);
      return;
    }
    onChange([...examples, e]);
    setSaid(`Added “${e.title}” as an example.`);
    setQuery('');
    setOpen(false);
  };
  const remove = (e: TopicExample) => {
    onChange(examples.filter((x) => x.paperId !== e.paperId));
    setSaid(`Removed “${e.title}”.`);
  };

  const typed = open && query.trim() !== '';
  const expanded = typed && results.length > 0;
  const optionId = (i: number) => `${id}-opt-${i}`;
  const onKeyDown = (e: KeyboardEvent) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        if (results.length) setActive((a) => (a + 1) % results.length);
        return;
      case 'ArrowUp':
        e.preventDefault();
        setOpen(true);
        if (results.length) setActive((a) => (a <= 0 ? results.length - 1 : a - 1));
        return;
      case 'Enter':
        // Enter in the search box picks a paper; it never submits the topic form.
        e.preventDefault();
        if (expanded) add(results[active]);
        return;
      case 'Escape':
        if (expanded) {
          e.preventDefault();
          e.stopPropagation();
          setOpen(false);
        }
        return;
    }
  };

  return (
    <fieldset class="examples">
      <legend>Example papers</legend>
      <p class="muted small" id={`${id}-help`}>
        Papers that are this topic: a new paper close to one of them scores higher for it. {examples.length}{' '}
        of {MAX_EXAMPLES}.
      </p>
      {examples.length === 0 ? (
        <p class="muted small">No example papers yet.</p>
      ) : (
        <ul class="example-list" aria-label="Example papers">
          {examples.map((e) => (
            <li key={e.paperId}>
              <span class="example-title">{e.title}</span>
              <button
                type="button"
                class="ghost"
                aria-label={`Remove example ${e.title}`}
                onClick={() => remove(e)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {search && (
        <div class="example-search">
          <p class="example-search-h">Add example from the reading list</p>
          <label for={`${id}-q`}>Search saved papers by title</label>
          <input
            id={`${id}-q`}
            type="search"
            // biome-ignore lint/a11y/noRedundantRoles: no `list` attribute is rendered, so the input has no implicit combobox role
            role="combobox"
            // Preact's types ask a combobox input for `list` (a datalist); the popup here is our listbox.
            list={undefined}
            aria-autocomplete="list"
            aria-expanded={expanded}
            aria-controls={`${id}-list`}
            aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
            aria-describedby={`${id}-help`}
            autoComplete="off"
            placeholder="e.g. attention sinks"
            disabled={full}
            value={query}
            onInput={(e) => {
              setQuery(e.currentTarget.value);
              setOpen(true);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setOpen(false)}
            onFocus={() => setOpen(true)}
          />
          <div
            id={`${id}-list`}
            role="listbox"
            aria-label="Saved papers"
            class="example-options"
            hidden={!expanded}
          >
            {expanded &&
              results.map((r, i) => (
                // biome-ignore lint/a11y/useKeyWithClickEvents: the combobox input handles the keys (Up, Down, Enter) for its options
                <div
                  key={r.paperId}
                  id={optionId(i)}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === active}
                  aria-disabled={have.has(r.paperId) || undefined}
                  class={i === active ? 'active' : undefined}
                  // Keep focus in the input: a click must not blur (and close) the list first.
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(i)}
                  onClick={() => add(r)}
                >
                  {r.title}
                  {have.has(r.paperId) && <span class="muted small"> · already an example</span>}
                </div>
              ))}
          </div>
          {typed && results.length === 0 && answered === query.trim() && (
            <p class="muted small">No saved paper’s title matches.</p>
          )}
        </div>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {said}
      </p>
    </fieldset>
  );
}
