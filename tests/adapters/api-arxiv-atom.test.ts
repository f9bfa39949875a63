import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arxivQueryUrl, batchIds, parseArxivAtom } from '../../lib/api/arxiv-atom';
import { ApiResponseError } from '../../lib/api/errors';
import { decodeEntities, parseXml, XmlError } from '../../lib/api/xml';
import { fixtureText } from './helpers';

const ATOM_1 = fixtureText('arxiv-api-atom-1.xml');
const ATOM_2 = fixtureText('arxiv-api-atom-2.xml');

describe('parseArxivAtom on real responses', () => {
  it('reads all 10 entries of atom-1 and totalResults 58', () => {
    const feed = parseArxivAtom(ATOM_1);
    expect(feed.totalResults).toBe(58);
    expect(feed.papers).toHaveLength(10);
    expect(feed.papers[0]).toEqual({
      id: 'arxiv:1509.01687',
      version: 1,
      title: 'Single Molecule Transistor based Nanopore for the detection of Nicotine',
      authors: ['S. J. Ray'],
      abstract: expect.stringMatching(
        /^A nanopore based detection methodology .* chemical chromatography techniques\.$/,
      ),
      url: 'https://arxiv.org/abs/1509.01687',
      pdfUrl: 'https://arxiv.org/pdf/1509.01687v1',
      categories: ['cond-mat.mes-hall', 'physics.comp-ph'],
      published: '2015-09-05',
      site: 'arxiv',
    });
    expect(feed.papers[1]?.version).toBe(2);
    for (const p of feed.papers) {
      expect(p.abstract).not.toMatch(/\s{2}|\n|^\s|\s$/);
      expect(p.title).not.toMatch(/\s{2}|\n/);
      expect(p.authors.length).toBeGreaterThan(0);
      expect(p.id).not.toMatch(/v\d+$/);
    }
  });

  it('reads atom-2 (5 of 28946), decoding entities, primary category first', () => {
    const feed = parseArxivAtom(ATOM_2);
    expect(feed.totalResults).toBe(28946);
    expect(feed.papers).toHaveLength(5);
    const mana = feed.papers[0];
    expect(mana).toMatchObject({
      id: 'arxiv:2606.13677',
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      categories: ['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG'],
    });
    expect(mana?.authors.slice(0, 4)).toEqual([
      'Zhao-Heng Yin',
      'Guanya Shi',
      'Pieter Abbeel',
      'C. Karen Liu',
    ]);
    expect(mana?.abstract).toContain('(<1 minute per tool)');
  });
});

describe('parseArxivAtom on bad input', () => {
  it.each([
    ['empty', ''],
    ['not XML', 'Service Unavailable'],
    ['HTML error page', '<html><body><h1>503 Service Unavailable</h1></body></html>'],
    ['truncated in an entry', ATOM_1.slice(0, 5000)],
    ['truncated in a tag', ATOM_1.slice(0, ATOM_1.indexOf('<summary>') + 4)],
    ['mismatched tags', '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>x</entry></feed>'],
    ['two roots', '<feed xmlns="http://www.w3.org/2005/Atom"></feed><feed/>'],
    ['unterminated comment', '<feed xmlns="http://www.w3.org/2005/Atom"><!-- x'],
    ['bare <', '<feed xmlns="http://www.w3.org/2005/Atom">a < b</feed>'],
  ])('%s -> ApiResponseError', (_name, xml) => {
    expect(() => parseArxivAtom(xml)).toThrow(ApiResponseError);
  });

  it("reports arXiv's error feed as an error", () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>
      <summary>incorrect id format for 1234</summary></entry></feed>`;
    expect(() => parseArxivAtom(xml)).toThrow(/incorrect id format for 1234/);
  });

  it('returns an empty list for a feed with no entries', () => {
    const xml =
      '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>0</opensearch:totalResults></feed>';
    expect(parseArxivAtom(xml)).toEqual({ papers: [], totalResults: 0 });
  });

  it('never expands DTD entities', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
      <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2401.00001v1</id><title>&b; &amp; T</title></entry></feed>`;
    expect(parseArxivAtom(xml).papers[0]?.title).toBe('&b; & T');
  });

  it('terminates with a value or ApiResponseError on every prefix and on random mutations', () => {
    const sample = ATOM_2.slice(0, 4000) + ATOM_2.slice(ATOM_2.lastIndexOf('</entry>'));
    for (let n = 0; n <= sample.length; n += 7) {
      try {
        parseArxivAtom(sample.slice(0, n));
      } catch (e) {
        expect(e).toBeInstanceOf(ApiResponseError);
      }
    }
    fc.assert(
      fc.property(fc.integer({ min: 0, max: ATOM_2.length }), fc.string({ maxLength: 8 }), (at, junk) => {
        try {
          const feed = parseArxivAtom(ATOM_2.slice(0, at) + junk + ATOM_2.slice(at));
          expect(new Set(feed.papers.map((p) => p.id)).size).toBe(feed.papers.length);
        } catch (e) {
          expect(e).toBeInstanceOf(ApiResponseError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('xml helpers', () => {
  it('decodes the XML entities and character references only', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;&apos; &#233; &#x1F600; &nbsp; &#0;')).toBe(
      'a & b <c> "\' é 😀 &nbsp; &#0;',
    );
  });

  it('resolves namespaces and reads CDATA', () => {
    const root = parseXml('<a:r xmlns:a="urn:x"><a:c><![CDATA[<b> & c]]></a:c></a:r>');
    expect(root).toMatchObject({ local: 'r', ns: 'urn:x' });
    expect(root.children[0]).toMatchObject({ local: 'c', ns: 'urn:x', children: ['<b> & c'] });
    expect(() => parseXml('<r>')).toThrow(XmlError);
  });
});

describe('arxivQueryUrl', () => {
  it('sets id_list and max_results (the default would be 10), versionless and deduplicated', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `arxiv:2401.${String(i).padStart(5, '0')}`);
    const url = new URL(arxivQueryUrl([...ids, '2401.00003v2', 'hep-th/9901001v1']));
    expect(url.origin + url.pathname).toBe('https://export.arxiv.org/api/query');
    expect(url.searchParams.get('max_results')).toBe('13');
    const list = url.searchParams.get('id_list')?.split(',');
    expect(list).toHaveLength(13);
    expect(list?.at(-1)).toBe('hep-th/9901001');
    expect(list?.[3]).toBe('2401.00003');
  });

  it('rejects non-arXiv ids and an empty list', () => {
    expect(() => arxivQueryUrl(['openreview:abc'])).toThrow(RangeError);
    expect(() => arxivQueryUrl([])).toThrow(RangeError);
  });

  it('batches ids', () => {
    expect(batchIds([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchIds(Array.from({ length: 250 }, (_, i) => i)).map((b) => b.length)).toEqual([100, 100, 50]);
  });
});
