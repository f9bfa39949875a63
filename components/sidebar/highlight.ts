/**
 * Splits page text into plain and highlighted segments by evidence offsets (issue 3: "highlights
 * them in the abstract"). The result is rendered as JSX text nodes, never as HTML, so hostile
 * text (`<img onerror=…>`) shows literally.
 */

export interface HighlightRange {
  start: number;
  end: number;
  /** Topic whose evidence this is (colours the mark). */
  topic?: string;
  /** Positive evidence pushes the score up; negative evidence is marked differently. */
  negative?: boolean;
}

export interface Segment {
  text: string;
  /** Set when the segment is inside an evidence range. */
  mark?: { topic?: string; negative: boolean };
}

/**
 * Ranges are clamped to the text, empty or inverted ones dropped, and overlaps resolved by
 * letting the earlier-starting (then longer) range win, so every character is in one segment
 * and the segments concatenate back to `text` exactly.
 */
export function splitByRanges(text: string, ranges: readonly HighlightRange[]): Segment[] {
  const clean = ranges
    .map((r) => ({
      ...r,
      start: Math.max(0, Math.min(text.length, Math.floor(r.start))),
      end: Math.max(0, Math.min(text.length, Math.floor(r.end))),
    }))
    .filter((r) => Number.isFinite(r.start) && Number.isFinite(r.end) && r.end > r.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);

  const out: Segment[] = [];
  let pos = 0;
  for (const r of clean) {
    if (r.end <= pos) continue;
    const start = Math.max(r.start, pos);
    if (start > pos) out.push({ text: text.slice(pos, start) });
    out.push({ text: text.slice(start, r.end), mark: { topic: r.topic, negative: r.negative === true } });
    pos = r.end;
  }
  if (pos < text.length || out.length === 0) out.push({ text: text.slice(pos) });
  return out;
}
