/** Keyboard shortcuts (issue 5 "help (?)"). A table, not a list: the sidebar's only listitems are papers. */
import { useEffect, useRef } from 'preact/hooks';

export const SHORTCUTS: readonly (readonly [string, string])[] = [
  ['j / ↓', 'Next paper'],
  ['k / ↑', 'Previous paper'],
  ['s', 'Save or remove from the reading list'],
  ['x', 'Dismiss (triage away)'],
  ['o', 'Open the paper in a new tab'],
  ['Enter / Space', 'Show or hide the abstract'],
  ['/', 'Search this page'],
  ['?', 'This help'],
  ['Esc', 'Close help, leave the search box'],
];

export function HelpOverlay({ onClose }: { onClose(): void }) {
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
  }, []);
  return (
    <div
      class="help"
      role="dialog"
      aria-modal="true"
      aria-label="Keyboard shortcuts"
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === '?') {
          e.preventDefault();
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div class="help-card">
        <div class="help-head">
          <strong>Keyboard shortcuts</strong>
          <button
            ref={close}
            type="button"
            class="icon"
            aria-label="Close keyboard shortcuts"
            onClick={onClose}
          >
            ×
          </button>
        </div>
        <table>
          <tbody>
            {SHORTCUTS.map(([k, what]) => (
              <tr key={k}>
                <th scope="row">
                  <kbd>{k}</kbd>
                </th>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="muted">Shortcuts work while focus is in the sidebar.</p>
      </div>
    </div>
  );
}
