/** Export buttons (all / shown / selected) and the import file control, shared by pages. */
import { useId } from 'preact/hooks';
import { EXPORT_FORMATS, type ExportFormat } from '../../lib/export/files';

export type ExportScope = 'all' | 'shown' | 'selected';

export interface DataMessage {
  kind: 'ok' | 'error';
  text: string;
}

export interface DataControlsProps {
  /** Omit to offer only "all" (options page). */
  counts?: { all: number; shown: number; selected: number };
  scope?: ExportScope;
  onScope?: (scope: ExportScope) => void;
  onExport: (format: ExportFormat) => void;
  onImport: (file: File) => void;
  busy: boolean;
  message: DataMessage | null;
}

const ORDER: ExportFormat[] = ['bibtex', 'ris', 'csv', 'markdown', 'json'];

export function DataControls(props: DataControlsProps) {
  const scopeId = useId();
  const { counts } = props;
  return (
    <div class="data-controls">
      <fieldset class="export-group">
        <legend title="The JSON backup of all holds everything, dismissed papers and settings too">
          Export
        </legend>
        {counts && props.onScope && (
          <label for={scopeId} class="scope">
            <span>Which papers</span>
            <select
              id={scopeId}
              value={props.scope}
              onChange={(e) => props.onScope?.(e.currentTarget.value as ExportScope)}
            >
              <option value="all">All saved ({counts.all.toLocaleString()})</option>
              <option value="shown">Shown ({counts.shown.toLocaleString()})</option>
              <option value="selected" disabled={counts.selected === 0}>
                Selected ({counts.selected.toLocaleString()})
              </option>
            </select>
          </label>
        )}
        <div class="button-row">
          {ORDER.map((f) => (
            <button
              key={f}
              type="button"
              aria-label={`Export ${EXPORT_FORMATS[f].label}`}
              disabled={props.busy}
              onClick={() => props.onExport(f)}
            >
              {EXPORT_FORMATS[f].label}
            </button>
          ))}
        </div>
      </fieldset>
      <div class="import-group">
        <label class="button file-button">
          Import backup or BibTeX
          <input
            type="file"
            class="visually-hidden"
            accept=".json,.bib,.bibtex,application/json,application/x-bibtex,text/x-bibtex"
            disabled={props.busy}
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              input.value = '';
              if (file) props.onImport(file);
            }}
          />
        </label>
      </div>
      <div class="data-message" role={props.message?.kind === 'error' ? 'alert' : 'status'}>
        {props.message && (
          <p class={props.message.kind === 'error' ? 'alert' : 'notice'}>{props.message.text}</p>
        )}
      </div>
    </div>
  );
}
