/** Props shapes of the presentational sidebar (the container's PaperView satisfies RowPaper). */
import type { Classification } from '../../classifier/types';
import type { Paper, TopicId } from '../../lib/types';

export interface RowPaper {
  readonly paper: Paper;
  readonly classification?: Classification;
  readonly corrections?: ReadonlyMap<TopicId, 1 | -1>;
  /** Topics shown as chips (classifier + corrections). */
  readonly topics: readonly TopicId[];
  readonly saved: boolean;
  readonly dismissed: boolean;
}

export interface TopicOption {
  id: TopicId;
  /** Chip text. */
  label: string;
}
