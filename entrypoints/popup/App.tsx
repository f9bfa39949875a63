import { useEffect, useState } from 'preact/hooks';
import { applyTheme } from '../../components/common/theme';
import { PopupView } from '../../components/popup/PopupView';
import type { PaperSiftDB } from '../../storage/db';
import { type ListCounts, listCounts, observe, observeTheme } from '../../storage/reading-list';

export interface PopupAppProps {
  db: PaperSiftDB;
  openReadingList: () => void;
  openOptions: () => void;
}

export function PopupApp(props: PopupAppProps) {
  const [counts, setCounts] = useState<ListCounts | null>(null);
  useEffect(() => {
    const subs = [
      observe(() => listCounts(props.db), setCounts),
      observeTheme(props.db, (t) => applyTheme(t)),
    ];
    return () => {
      for (const un of subs) un();
    };
  }, [props.db]);
  return (
    <PopupView counts={counts} onOpenReadingList={props.openReadingList} onOpenOptions={props.openOptions} />
  );
}
