/** Text with evidence phrases marked; every segment is a JSX text node (never HTML). */
import { type HighlightRange, splitByRanges } from './highlight';
import { topicHue } from './topics';

export interface HighlightedProps {
  text: string;
  ranges: readonly HighlightRange[];
}

export function Highlighted({ text, ranges }: HighlightedProps) {
  if (!ranges.length) return <>{text}</>;
  const segments = splitByRanges(text, ranges);
  return (
    <>
      {segments.map((s, i) =>
        s.mark ? (
          <mark
            key={i}
            class={s.mark.negative ? 'ev ev-neg' : 'ev'}
            style={s.mark.topic ? { '--hue': String(topicHue(s.mark.topic)) } : undefined}
          >
            {s.text}
          </mark>
        ) : (
          s.text
        ),
      )}
    </>
  );
}
