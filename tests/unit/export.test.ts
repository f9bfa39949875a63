import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citeKeys, toBibtex } from '../../lib/export/bibtex';
import { parseBibtex, parseBibtexEntries } from '../../lib/export/bibtex-parse';
import { csvField, toCsv } from '../../lib/export/csv';
import { latexEscape, latexUnescape } from '../../lib/export/latex';
import { toMarkdown } from '../../lib/export/markdown';
import { toRis } from '../../lib/export/ris';
import { savedPaper } from './reading-list-helpers';

const moe = savedPaper(1, {
  id: 'arxiv:2401.01234',
  title: 'Mixture-of-Experts at Scale',
  authors: ['Noam Shazeer', 'Azalia Mirhoseini'],
  url: 'https://arxiv.org/abs/2401.01234',
  pdfUrl: 'https://arxiv.org/pdf/2401.01234',
  categories: ['cs.LG', 'cs.CL'],
  abstract: 'Experts route tokens.',
  tags: ['moe', 'to cite'],
  notes: 'line one\nline two, with "quotes"',
  topics: ['moe'],
});

/** One BibTeX field's raw text from an entry (for assertions on escaping). */
function field(bib: string, name: string): string | undefined {
  const entries = parseBibtexEntries(bib);
  if (!entries.ok) throw new Error(entries.error);
  return entries.value[0]?.fields[name];
}

describe('BibTeX export', () => {
  it('writes an @misc entry with arXiv eprint fields', () => {
    const bib = toBibtex([moe]);
    expect(bib).toMatch(/^@misc\{shazeer2024mixture,\n/);
    expect(bib).toMatch(/\n {2}eprint\s+= \{2401\.01234\},\n/);
    expect(bib).toMatch(/archivePrefix = \{arXiv\}/);
    expect(bib).toMatch(/primaryClass\s+= \{cs\.LG\}/);
    expect(bib).toMatch(/url\s+= \{https:\/\/arxiv\.org\/abs\/2401\.01234\}/);
    expect(bib).toMatch(/year\s+= \{2024\}/);
    expect(bib).toMatch(/month\s+= jan/);
    expect(bib).toMatch(/author\s+= \{Noam Shazeer and Azalia Mirhoseini\}/);
    expect(bib).toMatch(/title\s+= \{\{Mixture-of-Experts at Scale\}\}/);
    expect(bib.trimEnd().endsWith('}')).toBe(true);
  });

  it('escapes every LaTeX special character', () => {
    const title = 'A & B 50% $5 #1 snake_case {set} ~tilde ^hat back\\slash';
    const bib = toBibtex([{ ...moe, title }]);
    expect(field(bib, 'title')).toBe(
      '{A \\& B 50\\% \\$5 \\#1 snake\\_case \\{set\\} \\textasciitilde{}tilde \\textasciicircum{}hat back\\textbackslash{}slash}',
    );
    for (const ch of ['&', '%', '$', '#', '_', '{', '}', '~', '^', '\\']) {
      const escaped = latexEscape(`x${ch}y`);
      expect(escaped, ch).not.toBe(`x${ch}y`);
      expect(latexUnescape(escaped), ch).toBe(`x${ch}y`);
    }
  });

  it('keeps unbalanced braces parseable and non-ASCII as UTF-8', () => {
    const bib = toBibtex([
      { ...moe, title: 'Open { brace', authors: ['Jürgen Schmidhuber', 'Łukasz Kaiser', '李飞飞'] },
    ]);
    expect(bib).toContain('Open \\textbraceleft{} brace');
    expect(bib).toContain('Jürgen Schmidhuber and Łukasz Kaiser and 李飞飞');
    const back = parseBibtex(bib);
    expect(back.ok && back.value.papers[0]?.title).toBe('Open { brace');
    expect(back.ok && back.value.papers[0]?.authors).toEqual([
      'Jürgen Schmidhuber',
      'Łukasz Kaiser',
      '李飞飞',
    ]);
  });

  it('makes cite keys like lastname2026firstword, unique across the export', () => {
    const a = { ...moe, id: 'arxiv:2601.00001', title: 'The Sparse Frontier', authors: ['José Müller'] };
    const b = { ...a, id: 'arxiv:2601.00002' };
    const c = { ...a, id: 'arxiv:2601.00003' };
    const d = { ...a, id: 'openreview:abc', title: '', authors: [], published: undefined };
    expect(citeKeys([a, b, c, d])).toEqual([
      'muller2026sparse',
      'muller2026sparseb',
      'muller2026sparsec',
      'anonpaper',
    ]);
    const bib = toBibtex([a, b, c]);
    expect(bib.match(/^@misc\{[^,]+,/gm)).toEqual([
      '@misc{muller2026sparse,',
      '@misc{muller2026sparseb,',
      '@misc{muller2026sparsec,',
    ]);
  });

  it('parses its own output back (title, authors, abstract, id, tags)', () => {
    const hostile = savedPaper(2, {
      id: 'arxiv:hep-th/9901001',
      title: '<img src=x onerror=alert(1)> & "quotes" 100% {braces}',
      authors: ['A. B. Someone', 'Team and Co'],
      abstract: 'Line 1\n\nLine 2 with $x^2$ and a_b',
      tags: ['a,b', 'c'],
    });
    const r = parseBibtex(toBibtex([moe, hostile]), 5);
    if (!r.ok) throw new Error(r.error);
    const [p1, p2] = r.value.papers;
    expect(p1).toMatchObject({
      id: 'arxiv:2401.01234',
      title: moe.title,
      authors: moe.authors,
      abstract: moe.abstract,
      categories: ['cs.LG'],
      published: '2024-01',
    });
    expect(p1?.tags).toEqual(['moe', 'to cite']);
    expect(p2).toMatchObject({
      id: 'arxiv:hep-th/9901001',
      title: hostile.title,
      authors: ['A. B. Someone', 'Team and Co'],
      abstract: 'Line 1 Line 2 with $x^2$ and a_b',
      url: 'https://arxiv.org/abs/hep-th/9901001',
      published: '1999-01',
    });
  });
});

describe('BibTeX import', () => {
  it('reads common real-world shapes: quotes, macros, concatenation, Last, First names, accents', () => {
    const bib = `% exported from somewhere
@string{arx = "arXiv preprint"}
@comment{ignored}
@article{vaswani2017,
  title = "Attention is {All} you Need",
  author = {Vaswani, Ashish and Shazeer, Noam and others},
  journal = arx # " arXiv:1706.03762",
  year = 2017, month = jun,
}
@inproceedings(kaiser, title={Depthwise {\\'E}tude of M{\\"u}ller's {\\L}ukasz}, url={https://openreview.net/forum?id=S1jE5L5gl})
@book{knuth, title={The TeXbook}, author={Knuth, Donald}}
`;
    const r = parseBibtex(bib, 1);
    if (!r.ok) throw new Error(r.error);
    expect(r.value.papers.map((p) => [p.id, p.title, p.authors])).toEqual([
      ['arxiv:1706.03762', 'Attention is All you Need', ['Ashish Vaswani', 'Noam Shazeer']],
      ['openreview:S1jE5L5gl', "Depthwise Étude of Müller's Łukasz", []],
    ]);
    expect(r.value.papers[0]?.published).toBe('2017-06');
    expect(r.value.skipped).toEqual([
      { line: 11, key: 'knuth', reason: 'no arXiv id (eprint) or OpenReview link' },
    ]);
  });

  it('reports syntax errors by line and truncation as such', () => {
    expect(parseBibtex('@misc{a,\n  title = {x},\n  author {y}\n}')).toEqual({
      ok: false,
      error: 'line 3: expected "=" after field "author" in entry "a"',
    });
    const cut = toBibtex([moe]).slice(0, 120);
    const r = parseBibtex(cut);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^file is truncated: .* line 1 is not closed$/);
    expect(parseBibtex('just some text')).toEqual({
      ok: false,
      error: 'no BibTeX entries found (nothing starting with @)',
    });
    expect(parseBibtex('@misc{a, title = nomacro}')).toEqual({
      ok: false,
      error: 'line 1: unknown @string macro "nomacro" in the field "title" of entry "a"',
    });
  });

  it('merges duplicate entries of one paper', () => {
    const bib = toBibtex([moe, { ...moe, tags: ['extra'] }]);
    const r = parseBibtex(bib);
    expect(r.ok && r.value.papers.map((p) => [p.id, p.tags])).toEqual([
      ['arxiv:2401.01234', ['moe', 'to cite', 'extra']],
    ]);
  });
});

describe('RIS export', () => {
  it('writes tagged lines a reference manager imports', () => {
    const ris = toRis([
      moe,
      savedPaper(2, { id: 'openreview:abc', url: 'https://openreview.net/forum?id=abc' }),
    ]);
    const lines = ris.split('\r\n');
    expect(lines[0]).toBe('TY  - JOUR');
    expect(lines).toContain('TI  - Mixture-of-Experts at Scale');
    expect(lines).toContain('AU  - Shazeer, Noam');
    expect(lines).toContain('AU  - Mirhoseini, Azalia');
    expect(lines).toContain('PY  - 2024');
    expect(lines).toContain('DA  - 2024/01//');
    expect(lines).toContain('DO  - 10.48550/arXiv.2401.01234');
    expect(lines).toContain('UR  - https://arxiv.org/abs/2401.01234');
    expect(lines).toContain('L1  - https://arxiv.org/pdf/2401.01234');
    expect(lines).toContain('KW  - to cite');
    expect(lines).toContain('N1  - line one line two, with "quotes"');
    expect(lines.filter((l) => l === 'ER  - ')).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('TY  - '))).toHaveLength(2);
    for (const l of lines) expect(l === '' || /^[A-Z][A-Z0-9] {2}- /.test(l), l).toBe(true);
  });
});

describe('CSV export', () => {
  it('quotes commas, quotes and newlines per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r\nlf')).toBe('"cr\r\nlf"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('writes a header and one row per paper, CRLF terminated, parseable back', () => {
    const csv = toCsv([moe]);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv);
    expect(rows).toHaveLength(2);
    const [header, row] = rows as [string[], string[]];
    const rec = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    expect(rec).toMatchObject({
      id: 'arxiv:2401.01234',
      title: 'Mixture-of-Experts at Scale',
      authors: 'Noam Shazeer; Azalia Mirhoseini',
      topics: 'MoE',
      tags: 'moe; to cite',
      notes: 'line one\nline two, with "quotes"',
      status: 'to-read',
    });
  });
});

describe('Markdown export', () => {
  it('links titles and keeps hostile text literal', () => {
    const md = toMarkdown([
      moe,
      savedPaper(2, {
        title: '<img src=x onerror=alert(1)> [click](javascript:alert(1))',
        url: 'javascript:alert(1)',
      }),
    ]);
    expect(md).toContain('**[Mixture-of-Experts at Scale](https://arxiv.org/abs/2401.01234)**');
    expect(md).toContain('topics: MoE');
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\> \\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(md).not.toContain('](javascript:');
    expect(md).not.toMatch(/[^\\]<img/);
  });
});

describe('CSV round trip (property)', () => {
  it('any title and notes survive quoting', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), (title, notes) => {
        const rows = parseCsv(toCsv([{ ...moe, title, notes }]));
        expect(rows).toHaveLength(2);
        const cell = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
        expect(rows[1]?.[1]).toBe(cell(title));
        expect(rows[1]?.[12]).toBe(cell(notes));
      }),
      { numRuns: 500 },
    );
  });
});

/** Minimal RFC 4180 reader for the test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('BibTeX round trip (property)', () => {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  const nasty = fc.constantFrom(
    ...'&%$#_{}~^\\"@,=()[]<>'.split(''),
    ' and ',
    '\n',
    '\\alpha',
    '{\\"o}',
    'é',
    '李',
    '\u00A0',
  );
  const textArb = (max: number) =>
    fc
      .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), nasty), { maxLength: max })
      .map((parts) => parts.join(''));
  it('parseBibtex(toBibtex(p)) gives back title, authors, abstract and id for any text', () => {
    fc.assert(
      fc.property(
        textArb(12).filter((t) => norm(t).length > 0),
        fc.array(
          textArb(4)
            .map(norm)
            .filter((a) => a.length > 0 && !a.includes(',') && a.toLowerCase() !== 'others'),
          { maxLength: 4 },
        ),
        textArb(20),
        (title, authors, abstract) => {
          const p = { ...moe, title, authors, abstract, tags: [] };
          const r = parseBibtex(toBibtex([p]));
          if (!r.ok) throw new Error(`${r.error}\n${toBibtex([p])}`);
          const back = r.value.papers[0];
          expect(back?.id).toBe(moe.id);
          expect(back?.title).toBe(norm(title));
          expect(back?.authors).toEqual(authors);
          expect(back?.abstract).toBe(norm(abstract));
        },
      ),
      { numRuns: 300 },
    );
  });
});
