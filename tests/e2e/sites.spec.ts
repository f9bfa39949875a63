/**
 * Every supported page kind, in Chromium with the built extension (issue 4): sidebar count equals
 * the page's papers; Hugging Face client-side navigation gives exactly one sidebar; title-only
 * pages fetch abstracts from the (routed) arXiv API and refine their chips.
 */
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, fixturePage, sidebar, test } from './fixtures';

test('arXiv search with 200 results shows 200 papers', async ({ openRouted }) => {
  const page = await openRouted(
    'https://arxiv.org/search/?query=distributed+systems&searchtype=abstract&abstracts=show&size=200',
    fixturePage('arxiv-search-1.html'),
  );
  const items = sidebar(page).getByRole('listitem');
  await expect(items).toHaveCount(200);
  // "More"/"Less" link text is not part of the abstract
  await expect(sidebar(page).getByText(/△ Less|▽ More/)).toHaveCount(0);
});

for (const [url, file, id] of [
  ['https://arxiv.org/abs/2106.09608', 'arxiv-abs-2021-1.html', '2106.09608'],
  ['https://arxiv.org/abs/2609.22268', 'arxiv-abs-2026-1.html', '2609.22268'],
] as const) {
  test(`arXiv abstract page ${id} shows its one paper with Save`, async ({ openRouted }) => {
    const page = await openRouted(url, fixturePage(file));
    const items = sidebar(page).getByRole('listitem');
    await expect(items).toHaveCount(1);
    const title = (await page.locator('meta[name="citation_title"]').getAttribute('content')) ?? '';
    await expect(items.first()).toContainText(title.trim());
    await expect(items.first().getByRole('button', { name: /^Save/ })).toBeVisible();
  });
}

test('Hugging Face daily page: 13 papers, and client-side navigation keeps one sidebar', async ({
  context,
  openRouted,
}) => {
  const daily = fixturePage('hf-papers-daily-1.html');
  const page = await openRouted('https://huggingface.co/papers', daily);
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(13);

  // The site swaps its content and pushes a new URL without a page load.
  const trending = fixturePage('hf-papers-trending-constructed.html');
  await context.route('https://huggingface.co/papers/trending', (r) =>
    r.fulfill({ status: 200, contentType: 'text/html', body: trending }),
  );
  await page.evaluate((html) => {
    const next = new DOMParser().parseFromString(html, 'text/html');
    // Keep PaperSift's own host element; replace everything the site renders.
    for (const child of [...document.body.children]) {
      if (child.localName !== 'papersift-sidebar') child.remove();
    }
    for (const child of [...next.body.children]) document.body.prepend(document.adoptNode(child));
    history.pushState({}, '', '/papers/trending');
  }, trending);
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(8);
  await expect(sidebar(page)).toHaveCount(1);
  expect(await page.locator('papersift-sidebar').count()).toBe(1);
});

test('OpenReview venue page (constructed from openreview-web markup) lists its rendered notes', async ({
  openRouted,
}) => {
  const page = await openRouted(
    'https://openreview.net/group?id=ICLR.cc/2025/Conference',
    fixturePage('openreview-group-constructed.html'),
  );
  await expect(sidebar(page).getByRole('listitem').first()).toBeVisible();
  const count = await sidebar(page).getByRole('listitem').count();
  expect(count).toBeGreaterThanOrEqual(4);
});

/** An arXiv API Atom feed answering `id_list` with the labeled abstracts of those ids. */
function atomFor(ids: string[], byId: Map<string, { title: string; abstract?: string }>): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries = ids
    .map((id) => {
      const p = byId.get(id);
      if (!p) return '';
      return `<entry><id>http://arxiv.org/abs/${id}v1</id><title>${esc(p.title)}</title><summary>${esc(
        p.abstract ?? '',
      )}</summary><author><name>A. Author</name></author><link title="pdf" href="https://arxiv.org/pdf/${id}v1" rel="related" type="application/pdf"/><arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"/><published>2026-09-10T00:00:00Z</published></entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/"><opensearch:totalResults>${ids.length}</opensearch:totalResults>${entries}</feed>`;
}

test('title-only /pastweek page: title chips at once, abstracts fetched from the arXiv API refine them', async ({
  context,
  openRouted,
}) => {
  const papers = labeledPapers().slice(0, 40);
  const byId = new Map(papers.map((p, i) => [`2609.${String(i + 1).padStart(5, '0')}`, p]));
  const requests: string[] = [];
  await context.route('https://export.arxiv.org/**', (route) => {
    const url = new URL(route.request().url());
    requests.push(url.href);
    const ids = (url.searchParams.get('id_list') ?? '').split(',').filter(Boolean);
    return route.fulfill({ status: 200, contentType: 'application/atom+xml', body: atomFor(ids, byId) });
  });
  const page = await openRouted(
    'https://arxiv.org/list/cs.LG/pastweek?skip=0&show=50',
    buildArxivListing(papers, { kind: 'pastweek' }),
  );
  const bar = sidebar(page);
  await expect(bar.getByRole('listitem')).toHaveCount(40);
  // The abstract of a paper whose title never names its topic arrives and adds the chip.
  await expect.poll(() => requests.length, { timeout: 15_000 }).toBeGreaterThan(0);
  const first = new URL(requests[0] ?? '');
  expect(first.searchParams.get('max_results')).toBeTruthy();
  expect((first.searchParams.get('id_list') ?? '').split(',').length).toBe(40);
  // "Steered Generation via Gradient Descent on Sparse Features" (labeled SAE, core): its title
  // alone does not say SAE, its abstract does.
  const steered = bar.getByRole('listitem').filter({ hasText: 'Steered Generation via Gradient Descent' });
  await steered.scrollIntoViewIfNeeded(); // rows far below the fold may skip rendering (content-visibility)
  await expect(steered.getByText('SAE', { exact: true })).toHaveCount(1, { timeout: 25_000 });

  // A revisit costs no request: the abstracts are cached.
  const before = requests.length;
  await page.reload();
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(40);
  await page.waitForTimeout(1500);
  expect(requests.length).toBe(before);
});
