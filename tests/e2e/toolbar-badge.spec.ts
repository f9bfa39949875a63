/** The toolbar button shows how many papers of the current page match the user's topics (issue 5). */
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, sidebar, test } from './fixtures';

test('toolbar badge counts the papers of this page that have a topic chip', async ({
  context,
  openRouted,
}) => {
  const page = await openRouted(
    'https://arxiv.org/list/cs.LG/new',
    buildArxivListing(labeledPapers().slice(0, 40), { kind: 'new', category: 'cs.LG' }),
  );
  const items = sidebar(page).getByRole('listitem');
  await expect(items).toHaveCount(40);
  const chipped = items.filter({
    has: page.getByText(/^(MoE|SAE|Sparse attention|Pruning)$/),
  });
  await expect.poll(() => chipped.count()).toBeGreaterThan(0);
  const expected = String(await chipped.count());
  const [worker] = context.serviceWorkers();
  expect(worker).toBeTruthy();
  await expect
    .poll(
      () =>
        worker?.evaluate(async () => {
          const c = (
            globalThis as unknown as {
              chrome: {
                tabs: { query(q: { url: string }): Promise<{ id?: number }[]> };
                action: { getBadgeText(d: { tabId: number }): Promise<string> };
              };
            }
          ).chrome;
          const [tab] = await c.tabs.query({ url: 'https://arxiv.org/list/*' });
          return tab?.id === undefined ? '' : c.action.getBadgeText({ tabId: tab.id });
        }),
      { timeout: 15_000 },
    )
    .toBe(expected);
});
