/** Create or edit a user topic: name, description, include and exclude phrases, example papers. */
import { useId, useState } from 'preact/hooks';
import type { TopicExample } from '../../lib/protocol';
import { ExamplePicker, MAX_EXAMPLES, type SearchPapers } from './ExamplePicker';

export interface TopicDraft {
  name: string;
  description: string;
  include: string[];
  exclude: string[];
  examples: TopicExample[];
}

export const MAX_PHRASES = 200;
export const MAX_PHRASE_LENGTH = 200;

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** What is wrong with a draft, or null. */
export function validateTopic(d: TopicDraft, otherNames: readonly string[]): string | null {
  const name = d.name.trim();
  if (!name) return 'Give the topic a name.';
  if (name.length > 100) return 'The name is too long (at most 100 characters).';
  if (otherNames.some((n) => n.trim().toLowerCase() === name.toLowerCase()))
    return `There is already a topic called “${name}”.`;
  if (d.description.length > 2000) return 'The description is too long (at most 2,000 characters).';
  if (d.include.length === 0) return 'Add at least one phrase that indicates the topic.';
  for (const [what, list] of [
    ['include', d.include],
    ['exclude', d.exclude],
  ] as const) {
    if (list.length > MAX_PHRASES) return `Too many ${what} phrases (at most ${MAX_PHRASES}).`;
    const long = list.find((p) => p.length > MAX_PHRASE_LENGTH);
    if (long)
      return `The phrase “${long.slice(0, 40)}…” is too long (at most ${MAX_PHRASE_LENGTH} characters).`;
  }
  if (d.examples.length > MAX_EXAMPLES) return `Too many example papers (at most ${MAX_EXAMPLES}).`;
  return null;
}

export interface TopicFormProps {
  initial?: TopicDraft;
  otherNames: readonly string[];
  onSave: (draft: TopicDraft) => Promise<void>;
  onCancel: () => void;
  /** Finds saved papers to add as examples (absent: no picker). */
  searchPapers?: SearchPapers;
}

export function TopicForm(props: TopicFormProps) {
  const init = props.initial ?? { name: '', description: '', include: [], exclude: [], examples: [] };
  const [name, setName] = useState(init.name);
  const [description, setDescription] = useState(init.description);
  const [include, setInclude] = useState(init.include.join('\n'));
  const [exclude, setExclude] = useState(init.exclude.join('\n'));
  const [examples, setExamples] = useState<TopicExample[]>(init.examples);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const id = useId();
  const editing = Boolean(props.initial);
  return (
    <form
      class="topic-form card"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        const draft = {
          name: name.trim(),
          description: description.trim(),
          include: lines(include),
          exclude: lines(exclude),
          examples,
        };
        const problem = validateTopic(draft, props.otherNames);
        setError(problem);
        if (problem) return;
        setSaving(true);
        props
          .onSave(draft)
          .catch((err: unknown) =>
            setError(`Could not save: ${err instanceof Error ? err.message : String(err)}`),
          )
          .finally(() => setSaving(false));
      }}
    >
      <h3 id={`${id}-h`}>{editing ? `Edit “${init.name}”` : 'New topic'}</h3>
      <label for={`${id}-name`}>Name</label>
      <input
        id={`${id}-name`}
        type="text"
        value={name}
        maxLength={100}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <label for={`${id}-desc`}>Description</label>
      <textarea
        id={`${id}-desc`}
        rows={2}
        value={description}
        onInput={(e) => setDescription(e.currentTarget.value)}
      />
      <div class="phrase-columns">
        <div>
          <label for={`${id}-inc`}>Include phrases</label>
          <textarea
            id={`${id}-inc`}
            rows={5}
            value={include}
            aria-describedby={`${id}-help`}
            placeholder={'kv cache\ntoken eviction\nprun*'}
            onInput={(e) => setInclude(e.currentTarget.value)}
          />
        </div>
        <div>
          <label for={`${id}-exc`}>Exclude phrases</label>
          <textarea
            id={`${id}-exc`}
            rows={5}
            value={exclude}
            aria-describedby={`${id}-help`}
            placeholder="quantisation"
            onInput={(e) => setExclude(e.currentTarget.value)}
          />
        </div>
      </div>
      <p id={`${id}-help`} class="muted small">
        One phrase per line, matched in titles and abstracts regardless of case. End a word with * to match
        its prefix (prun* matches pruning, pruned).
      </p>
      <ExamplePicker examples={examples} onChange={setExamples} search={props.searchPapers} />
      {error && (
        <p class="alert" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="submit" class="primary" disabled={saving}>
          {editing ? 'Save topic' : 'Create topic'}
        </button>
      </div>
    </form>
  );
}
