/** A polite status message with an optional Undo action (removals, bulk edits, imports). */
export interface ToastMessage {
  id: number;
  text: string;
  undo?: () => void;
}

export function Toast({ message, onDismiss }: { message: ToastMessage | null; onDismiss: () => void }) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true">
      {message && (
        <div class="toast">
          <span>{message.text}</span>
          {message.undo && (
            <button type="button" onClick={message.undo}>
              Undo
            </button>
          )}
          <button type="button" class="quiet" aria-label="Dismiss message" onClick={onDismiss}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
      )}
    </div>
  );
}
