export { HelpOverlay, SHORTCUTS } from './HelpOverlay';
export { Highlighted } from './Highlighted';
export { type HighlightRange, type Segment, splitByRanges } from './highlight';
export { PaperRow, type PaperRowProps } from './PaperRow';
export { Sidebar, type SidebarProps, type SortOrder } from './Sidebar';
export { TopicChip } from './TopicChip';
export { TopicFilter } from './TopicFilter';
export { topicHue, topicLabel } from './topics';
export type { RowActions, RowPaper, TopicOption } from './types';
