import fc from 'fast-check';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Highlighted, splitByRanges } from '../../components/sidebar';

describe('splitByRanges', () => {
  it('splits text into plain and marked segments at the evidence offsets', () => {
    const text = 'Sparse autoencoders find features in a mixture of experts.';
    const segs = splitByRanges(text, [
      { start: 39, end: 57, topic: 'moe' },
      { start: 0, end: 19, topic: 'sae' },
    ]);
    expect(segs).toEqual([
      { text: 'Sparse autoencoders', mark: { topic: 'sae', negative: false } },
      { text: ' find features in a ' },
      { text: 'mixture of experts', mark: { topic: 'moe', negative: false } },
      { text: '.' },
    ]);
  });

  it('clamps out-of-range offsets, drops empty or inverted ranges, and resolves overlaps', () => {
    expect(splitByRanges('abcdef', [{ start: 4, end: 99 }])).toEqual([
      { text: 'abcd' },
      { text: 'ef', mark: { topic: undefined, negative: false } },
    ]);
    expect(
      splitByRanges('abcdef', [
        { start: 3, end: 3 },
        { start: 5, end: 2 },
        { start: -4, end: -1 },
      ]),
    ).toEqual([{ text: 'abcdef' }]);
    // Overlap: the earlier range wins, the later one continues after it.
    expect(
      splitByRanges('abcdef', [
        { start: 1, end: 4, topic: 'a' },
        { start: 2, end: 6, topic: 'b', negative: true },
      ]),
    ).toEqual([
      { text: 'a' },
      { text: 'bcd', mark: { topic: 'a', negative: false } },
      { text: 'ef', mark: { topic: 'b', negative: true } },
    ]);
    expect(splitByRanges('', [])).toEqual([{ text: '' }]);
  });

  it('always concatenates back to the original text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.array(
          fc.record({ start: fc.integer({ min: -5, max: 90 }), end: fc.integer({ min: -5, max: 90 }) }),
          {
            maxLength: 8,
          },
        ),
        (text, ranges) => {
          const segs = splitByRanges(text, ranges);
          expect(segs.map((s) => s.text).join('')).toBe(text);
          for (const s of segs) if (s.mark) expect(s.text.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});

describe('Highlighted', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  it('renders hostile page text literally, never as HTML', () => {
    const text = '<img src=x onerror="alert(1)"> pruning <script>alert(2)</script> &amp; <b>bold</b>';
    const start = text.indexOf('pruning');
    render(<Highlighted text={text} ranges={[{ start, end: start + 7, topic: 'pruning' }]} />, root);
    expect(root.querySelector('img, script, b')).toBeNull();
    expect(root.textContent).toBe(text);
    const marks = root.querySelectorAll('mark');
    expect(marks).toHaveLength(1);
    expect(marks[0]?.textContent).toBe('pruning');
  });

  it('marks a range that itself contains markup as text', () => {
    const text = 'see <em>mixture of experts</em> here';
    render(<Highlighted text={text} ranges={[{ start: 4, end: 31 }]} />, root);
    expect(root.querySelector('em')).toBeNull();
    expect(root.querySelector('mark')?.textContent).toBe('<em>mixture of experts</em>');
  });
});
