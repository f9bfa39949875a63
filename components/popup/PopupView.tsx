import type { ListCounts } from '../../storage/reading-list';

export interface PopupViewProps {
  counts: ListCounts | null;
  onOpenReadingList: () => void;
  onOpenOptions: () => void;
}

export function PopupView({ counts, onOpenReadingList, onOpenOptions }: PopupViewProps) {
  return (
    <main class="popup-main">
      <header class="popup-head">
        <h1>PaperSift</h1>
      </header>
      <dl class="stats" aria-busy={counts === null}>
        <div>
          <dt>Saved</dt>
          <dd>{counts ? counts.saved.toLocaleString() : '…'}</dd>
        </div>
        <div>
          <dt>To read</dt>
          <dd>{counts ? counts.toRead.toLocaleString() : '…'}</dd>
        </div>
      </dl>
      <button type="button" class="primary wide" onClick={onOpenReadingList}>
        Open reading list
      </button>
      <button type="button" class="quiet wide" onClick={onOpenOptions}>
        Options
      </button>
    </main>
  );
}
