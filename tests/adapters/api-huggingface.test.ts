import { describe, expect, it } from 'vitest';
import { ApiResponseError } from '../../lib/api/errors';
import {
  hfDailyPapersUrl,
  hfPaperSearchUrl,
  parseHfDailyPapers,
  parseHfPaperList,
  parseHfPaperSearch,
} from '../../lib/api/huggingface-api';
import { fixtureText } from './helpers';

describe('Hugging Face API parsers', () => {
  it('parses /api/daily_papers (30 and 5 papers, all with abstracts)', () => {
    const one = parseHfDailyPapers(fixtureText('hf-api-daily_papers-1.json'));
    expect(one).toHaveLength(30);
    expect(one[0]).toEqual({
      id: 'arxiv:2606.00467',
      title:
        'On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance',
      authors: ['Etienne Casanova', 'Rafal Kocielnik', 'R. Michael Alvarez'],
      abstract: expect.stringMatching(
        /^Large Language Models \(LLMs\) are increasingly used for zero-shot annotation/,
      ),
      url: 'https://arxiv.org/abs/2606.00467',
      pdfUrl: 'https://arxiv.org/pdf/2606.00467',
      published: '2026-05-30',
      site: 'huggingface',
    });
    const two = parseHfDailyPapers(fixtureText('hf-api-daily_papers-2.json'));
    expect(two).toHaveLength(5);
    expect(two[0]?.title).toBe(
      'OmniScope: Modality-Decoupled Token Compression for Omnimodal Large Language Models',
    );
    for (const p of [...one, ...two]) {
      expect(p.abstract.length).toBeGreaterThan(100);
      expect(p.abstract).not.toMatch(/\s{2}|\n/);
    }
  });

  it('parses /api/papers/search (constructed), skipping items without an arXiv id', () => {
    const { papers, skipped } = parseHfPaperList(fixtureText('hf-api-papers-search-constructed.json'));
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2607.23193', expect.any(String), expect.any(String)]);
    expect(skipped).toBe(1);
    expect(parseHfPaperSearch(fixtureText('hf-api-papers-search-constructed.json'))).toEqual(papers);
  });

  it('accepts already-parsed JSON and {dailyPapers} objects', () => {
    const json = JSON.parse(fixtureText('hf-api-daily_papers-2.json'));
    expect(parseHfDailyPapers(json)).toHaveLength(5);
    expect(parseHfDailyPapers({ dailyPapers: json })).toHaveLength(5);
  });

  it('throws ApiResponseError on bad JSON or a non-list', () => {
    expect(() => parseHfDailyPapers('{"truncated": [')).toThrow(ApiResponseError);
    expect(() => parseHfDailyPapers('<html>rate limited</html>')).toThrow(ApiResponseError);
    expect(() => parseHfDailyPapers('{"error":"Invalid date"}')).toThrow(ApiResponseError);
    expect(() => parseHfDailyPapers('null')).toThrow(ApiResponseError);
  });

  it('skips malformed items without failing the rest', () => {
    const body = JSON.stringify([
      null,
      42,
      { paper: { id: '2401.00001' } },
      {
        paper: {
          id: '2401.00002',
          title: '  A   title ',
          summary: 'S',
          authors: [{ name: 'A' }, { nope: 1 }, 'B'],
        },
      },
      { paper: { id: '2401.00002', title: 'dup' } },
    ]);
    const { papers, skipped } = parseHfPaperList(body);
    expect(skipped).toBe(3);
    expect(papers).toHaveLength(1);
    expect(papers[0]).toMatchObject({
      id: 'arxiv:2401.00002',
      title: 'A title',
      abstract: 'S',
      authors: ['A', 'B'],
    });
  });

  it('builds API URLs', () => {
    expect(hfDailyPapersUrl({ date: '2026-07-28', limit: 50 })).toBe(
      'https://huggingface.co/api/daily_papers?date=2026-07-28&limit=50',
    );
    expect(hfPaperSearchUrl('mixture of experts')).toBe(
      'https://huggingface.co/api/papers/search?q=mixture+of+experts',
    );
  });
});
