import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../lib/api/arxiv-atom';
import { ApiResponseError } from '../../lib/api/errors';
import {
  normaliseTitle,
  openreviewNotesUrl,
  openreviewVenueNotesUrl,
  parseOpenReviewNotes,
} from '../../lib/api/openreview-api';
import { fixtureText } from './helpers';

describe('parseOpenReviewNotes (constructed v2 response)', () => {
  const body = fixtureText('openreview-api-notes-constructed.json');

  it('keeps the 5 submissions, skipping the review reply and the untitled note', () => {
    const { papers, count } = parseOpenReviewNotes(body);
    expect(count).toBe(5);
    expect(papers).toHaveLength(5);
    expect(papers[0]).toEqual({
      id: 'openreview:Xq7Rk2mWp1',
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      authors: ['Ana Ruiz', 'Kenji Mori'],
      abstract:
        'We study mana: dexterous manipulation of articulated tools. Constructed abstract for tests; one line.',
      url: 'https://openreview.net/forum?id=Xq7Rk2mWp1',
      pdfUrl: `https://openreview.net/pdf/${'0'.repeat(39)}1.pdf`,
      published: '2025-01-22',
      site: 'openreview',
    });
    expect(papers[1]?.abstract).toMatch(/line-wrapped text\.$/);
  });

  it('accepts v1 notes (bare strings)', () => {
    const { papers } = parseOpenReviewNotes({
      notes: [
        { id: 'AbCdE12345', forum: 'AbCdE12345', content: { title: 'Old', authors: ['X'], abstract: 'a' } },
      ],
    });
    expect(papers[0]).toMatchObject({ title: 'Old', authors: ['X'], abstract: 'a' });
  });

  it('throws ApiResponseError on bad JSON or shape', () => {
    expect(() => parseOpenReviewNotes('{"notes": [')).toThrow(ApiResponseError);
    expect(() => parseOpenReviewNotes('{"name":"RateLimitError"}')).toThrow(ApiResponseError);
    expect(() => parseOpenReviewNotes('[]')).toThrow(ApiResponseError);
  });
});

describe('normaliseTitle', () => {
  it('matches an OpenReview title to the arXiv API title of the same paper', () => {
    const arxiv = parseArxivAtom(fixtureText('arxiv-api-atom-2.xml')).papers[0];
    const or = parseOpenReviewNotes(fixtureText('openreview-api-notes-constructed.json')).papers[0];
    expect(normaliseTitle(or?.title ?? '')).toBe(normaliseTitle(arxiv?.title ?? ''));
  });

  it('ignores case, accents, TeX and punctuation but not words', () => {
    expect(normaliseTitle('Sparse $k$-Means: Fast & Exact')).toBe('sparse k means fast and exact');
    expect(normaliseTitle('Sparse k-means — fast and exact')).toBe('sparse k means fast and exact');
    expect(normaliseTitle('Réseaux \\emph{Profonds}')).toBe(normaliseTitle('Reseaux profonds'));
    expect(normaliseTitle('Sparse k-means')).not.toBe(normaliseTitle('Sparse c-means'));
  });
});

describe('OpenReview URLs', () => {
  it('batches forum ids, dropping invalid and duplicate ones', () => {
    const ids = Array.from({ length: 120 }, (_, i) => `Forum${String(i).padStart(5, '0')}`);
    const urls = openreviewNotesUrl([...ids, 'openreview:Forum00001', 'bad id!']);
    expect(urls).toHaveLength(3);
    const first = new URL(urls[0] ?? '');
    expect(first.origin + first.pathname).toBe('https://api2.openreview.net/notes');
    expect(first.searchParams.get('ids')?.split(',')).toHaveLength(50);
    expect(new URL(urls[2] ?? '').searchParams.get('limit')).toBe('20');
    expect(openreviewNotesUrl([])).toEqual([]);
  });

  it('builds a venue query', () => {
    expect(openreviewVenueNotesUrl('ICLR.cc/2025/Conference', { offset: 1000 })).toBe(
      'https://api2.openreview.net/notes?content.venueid=ICLR.cc%2F2025%2FConference&limit=1000&offset=1000',
    );
  });
});
