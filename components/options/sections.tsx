/** Presentational sections of the options page. */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import {
  BUILTIN_TOPIC_LABELS,
  BUILTIN_TOPICS,
  type BuiltinTopicId,
  type SiteId,
  type TopicId,
} from '../../lib/types';
import type { TopicRecord } from '../../storage/db';
import type { SiteSwitches, Theme } from '../../storage/reading-list';
import type { DataMessage } from '../common/DataControls';
import { pluralise, SITE_LABELS, SITES } from '../common/labels';
import { Switch } from '../common/Switch';
import type { SearchPapers } from './ExamplePicker';
import { type TopicDraft, TopicForm } from './TopicForm';

export interface TopicsSectionProps {
  builtinEnabled: Record<BuiltinTopicId, boolean>;
  descriptions: Record<BuiltinTopicId, string>;
  userTopics: readonly TopicRecord[];
  editing: string | 'new' | null;
  onToggleBuiltin: (id: BuiltinTopicId, on: boolean) => void;
  onToggleUser: (t: TopicRecord, on: boolean) => void;
  onEdit: (id: string | 'new' | null) => void;
  onSave: (id: string | 'new', draft: TopicDraft) => Promise<void>;
  onDelete: (t: TopicRecord) => void;
  /** Finds saved papers for a topic's example papers. */
  searchPapers?: SearchPapers;
  /** "Export topics" / "Import topics…" (a topics JSON file). */
  onExportTopics: () => void;
  onImportTopics: (file: File) => void;
  fileBusy: boolean;
  fileMessage: DataMessage | null;
  /** Corrections of all topics together ("n corrections in all" when any). */
  correctionsTotal?: number;
  /** After a reset: "Reset <topic>: n corrections removed". */
  learnedMessage?: string | null;
  /** A topic's corrections and reset controls (a container that reads them). */
  renderLearned?: (topic: TopicId, name: string) => ComponentChildren;
}

export function TopicsSection(props: TopicsSectionProps) {
  const id = useId();
  const names = props.userTopics.map((t) => t.name);
  return (
    <section class="card options-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Topics</h2>
      <p class="muted small">Switched-off topics get no chips and no filter in the sidebar.</p>
      {(props.correctionsTotal ?? 0) > 0 && (
        <p class="small corrections-total">
          {pluralise(props.correctionsTotal ?? 0, 'correction')} in all. Undo one, or reset a topic to forget
          what PaperSift learned for it.
        </p>
      )}
      <div class="learned-message" role="status">
        {props.learnedMessage && <p class="notice">{props.learnedMessage}</p>}
      </div>
      <h3>Built-in</h3>
      <ul class="topic-list">
        {BUILTIN_TOPICS.map((t) => (
          <li key={t}>
            <Switch
              label={BUILTIN_TOPIC_LABELS[t]}
              checked={props.builtinEnabled[t]}
              describedBy={`${id}-${t}`}
              onChange={(on) => props.onToggleBuiltin(t, on)}
            />
            <p id={`${id}-${t}`} class="muted small">
              {props.descriptions[t]}
            </p>
            {props.renderLearned?.(t, BUILTIN_TOPIC_LABELS[t])}
          </li>
        ))}
      </ul>
      <h3>Your topics</h3>
      {props.userTopics.length === 0 && props.editing !== 'new' && (
        <p class="muted small">No topics of your own yet.</p>
      )}
      <ul class="topic-list">
        {props.userTopics.map((t) =>
          props.editing === t.id ? (
            <li key={t.id}>
              <TopicForm
                initial={{
                  name: t.name,
                  description: t.description,
                  include: t.include,
                  exclude: t.exclude,
                  examples: t.examples,
                }}
                otherNames={names.filter((n) => n !== t.name)}
                searchPapers={props.searchPapers}
                onSave={(d) => props.onSave(t.id, d)}
                onCancel={() => props.onEdit(null)}
              />
            </li>
          ) : (
            <li key={t.id} class="user-topic">
              <Switch
                label={t.name}
                checked={t.enabled}
                describedBy={`${id}-${t.id}`}
                onChange={(on) => props.onToggleUser(t, on)}
              />
              <div id={`${id}-${t.id}`} class="muted small">
                {t.description && <p>{t.description}</p>}
                <p>
                  Includes: {t.include.join(', ') || '—'}
                  {t.exclude.length > 0 && ` · excludes: ${t.exclude.join(', ')}`}
                  {t.examples.length > 0 && ` · ${pluralise(t.examples.length, 'example paper')}`}
                </p>
              </div>
              {props.renderLearned?.(t.id, t.name)}
              <div class="row-actions">
                <button type="button" aria-label={`Edit topic ${t.name}`} onClick={() => props.onEdit(t.id)}>
                  Edit
                </button>
                <button
                  type="button"
                  class="danger"
                  aria-label={`Delete topic ${t.name}`}
                  onClick={() => props.onDelete(t)}
                >
                  Delete
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      {props.editing === 'new' ? (
        <TopicForm
          otherNames={names}
          searchPapers={props.searchPapers}
          onSave={(d) => props.onSave('new', d)}
          onCancel={() => props.onEdit(null)}
        />
      ) : (
        <button type="button" onClick={() => props.onEdit('new')}>
          New topic
        </button>
      )}
      <div class="topics-file">
        <h3 id={`${id}-file`}>Topics file</h3>
        <p class="muted small">
          Your topics with their example papers, built-ins switched off, thresholds and what PaperSift
          learned, as one JSON file to keep or share. Importing one adds its topics; a topic you already have
          is replaced.
        </p>
        <div class="button-row">
          <button type="button" disabled={props.fileBusy} onClick={props.onExportTopics}>
            Export topics
          </button>
          <label class="button file-button">
            Import topics…
            <input
              type="file"
              class="visually-hidden"
              accept=".json,application/json"
              disabled={props.fileBusy}
              onChange={(e) => {
                const input = e.currentTarget;
                const file = input.files?.[0];
                input.value = '';
                if (file) props.onImportTopics(file);
              }}
            />
          </label>
        </div>
        <div class="data-message" role={props.fileMessage?.kind === 'error' ? 'alert' : 'status'}>
          {props.fileMessage && (
            <p class={props.fileMessage.kind === 'error' ? 'alert' : 'notice'}>{props.fileMessage.text}</p>
          )}
        </div>
      </div>
    </section>
  );
}

export function SitesSection(props: { sites: SiteSwitches; onChange: (site: SiteId, on: boolean) => void }) {
  const id = useId();
  return (
    <section class="card options-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Sites</h2>
      <p class="muted small">PaperSift shows its sidebar only on the sites switched on.</p>
      <ul class="topic-list">
        {SITES.map((s) => (
          <li key={s}>
            <Switch
              label={SITE_LABELS[s]}
              checked={props.sites[s] !== false}
              onChange={(on) => props.onChange(s, on)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

const THEMES: [Theme, string][] = [
  ['system', 'Follow the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];

export function ThemeSection(props: { theme: Theme; onChange: (t: Theme) => void }) {
  const id = useId();
  return (
    <section class="card options-section" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Appearance</h2>
      <fieldset class="radio-group">
        <legend>Theme</legend>
        {THEMES.map(([value, label]) => (
          <label key={value} class="radio">
            <input
              type="radio"
              name={`${id}-theme`}
              value={value}
              checked={props.theme === value}
              onChange={() => props.onChange(value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
    </section>
  );
}
