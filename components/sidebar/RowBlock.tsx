/**
 * A block of consecutive rows that re-renders only when one of its rows changes (issue 6): the
 * list re-renders on every classification chunk, and with blocks of 100 the cost of a chunk is
 * the few blocks it touched, not 2,000 row comparisons and vnodes.
 */
import { Component, type ComponentChild } from 'preact';
import { lightRow, PaperRow } from './PaperRow';
import type { RowPaper, TopicOption } from './types';

/** Per-row UI flags, one character per row (see `rowFlags`). */
export const FLAG = { hidden: 1, expanded: 2, engaged: 4, adding: 8, tabbable: 16, light: 32 } as const;

export function rowFlags(bits: number): string {
  return String.fromCharCode(64 + bits);
}

export interface RowBlockProps {
  views: readonly RowPaper[];
  /** `rowFlags()` of each row, concatenated. */
  flags: string;
  topics: readonly TopicOption[];
}

export class RowBlock extends Component<RowBlockProps> {
  override shouldComponentUpdate(next: RowBlockProps): boolean {
    const cur = this.props;
    if (cur.flags !== next.flags || cur.topics !== next.topics || cur.views.length !== next.views.length)
      return true;
    for (let i = 0; i < next.views.length; i++) if (cur.views[i] !== next.views[i]) return true;
    return false;
  }

  override render({ views, flags, topics }: RowBlockProps): ComponentChild {
    return views.map((v, i) => {
      const f = flags.charCodeAt(i) - 64;
      if ((f & FLAG.light) !== 0 && (f & (FLAG.engaged | FLAG.expanded | FLAG.adding)) === 0)
        return lightRow(v, { hidden: (f & FLAG.hidden) !== 0, tabbable: (f & FLAG.tabbable) !== 0, topics });
      return (
        <PaperRow
          key={v.paper.id}
          view={v}
          hidden={(f & FLAG.hidden) !== 0}
          expanded={(f & FLAG.expanded) !== 0}
          engaged={(f & FLAG.engaged) !== 0}
          adding={(f & FLAG.adding) !== 0}
          tabbable={(f & FLAG.tabbable) !== 0}
          topics={topics}
        />
      );
    });
  }
}
