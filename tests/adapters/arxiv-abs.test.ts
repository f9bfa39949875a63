import { describe, expect, it } from 'vitest';
import { arxivAbs } from '../../entrypoints/papers.content/adapters/arxiv-abs';
import { LayoutNotRecognisedError } from '../../entrypoints/papers.content/adapters/types';
import { fixtureDoc } from './helpers';

describe('arxiv-abs', () => {
  it('reads the 2021 page (old chrome)', () => {
    const url = new URL('https://arxiv.org/abs/2106.09608');
    const page = arxivAbs.parse(fixtureDoc('arxiv-abs-2021-1.html'), url);
    expect(page.kind).toBe('abs');
    expect(page.entries).toHaveLength(1);
    expect(page.expectedCount).toBe(1);
    expect(page.warnings).toEqual([]);
    const e = page.entries[0];
    expect(e?.paper).toMatchObject({
      id: 'arxiv:2106.09608',
      title: 'Learning Knowledge Graph-based World Models of Textual Environments',
      authors: ['Prithviraj Ammanabrolu', 'Mark O. Riedl'],
      url: 'https://arxiv.org/abs/2106.09608',
      pdfUrl: 'https://arxiv.org/pdf/2106.09608',
      version: 2,
      categories: ['cs.LG', 'cs.AI', 'cs.CL'],
      published: '2021-06-17',
      site: 'arxiv',
    });
    expect(e?.paper.abstract).toMatch(
      /^World models improve a learning agent's ability to efficiently operate in/,
    );
    expect(e?.paper.abstract).not.toMatch(/\s{2}|^Abstract:/);
    expect(e?.nodes.map((n) => n.id)).toEqual(['abs']);
  });

  it('reads the 2026 page (ds-site-header chrome)', () => {
    const url = new URL('https://arxiv.org/abs/2609.22268');
    const page = arxivAbs.parse(fixtureDoc('arxiv-abs-2026-1.html'), url);
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0]?.paper).toMatchObject({
      id: 'arxiv:2609.22268',
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      authors: ['Théo Andrieux', 'Andreas Ntinos', 'Manas V. Upadhyay'],
      version: 1,
      categories: ['cond-mat.mtrl-sci'],
      published: '2026-09-09',
    });
    expect(page.entries[0]?.paper.abstract).toMatch(/^Accurately modelling the temporal evolution/);
    expect(page.titleOnly).toBe(false);
  });

  it('takes the version from a versioned URL', () => {
    const page = arxivAbs.parse(
      fixtureDoc('arxiv-abs-2021-1.html'),
      new URL('https://arxiv.org/abs/2106.09608v1'),
    );
    expect(page.entries[0]?.paper.version).toBe(1);
    expect(page.entries[0]?.paper.id).toBe('arxiv:2106.09608');
  });

  it('falls back to the visible block when the citation meta tags are gone', () => {
    const doc = fixtureDoc('arxiv-abs-2026-1.html');
    for (const m of Array.from(doc.querySelectorAll('meta[name^="citation_"]'))) m.remove();
    const page = arxivAbs.parse(doc, new URL('https://arxiv.org/abs/2609.22268'));
    expect(page.entries[0]?.paper).toMatchObject({
      id: 'arxiv:2609.22268',
      title: 'Efficient spectral Galerkin framework for nonlinear transient heat transfer in finite domains',
      pdfUrl: 'https://arxiv.org/pdf/2609.22268',
    });
    expect(page.entries[0]?.paper.abstract).toMatch(/^Accurately modelling/);
  });

  it('throws LayoutNotRecognisedError when #abs and the meta tags are gone', () => {
    const doc = fixtureDoc('arxiv-abs-2026-1.html');
    for (const m of Array.from(doc.querySelectorAll('meta[name^="citation_"], #abs, #abs-outer, #content')))
      m.remove();
    expect(() => arxivAbs.parse(doc, new URL('https://arxiv.org/abs/2609.22268'))).toThrow(
      LayoutNotRecognisedError,
    );
  });
});
