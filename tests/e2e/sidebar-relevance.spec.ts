/** Sort by relevance (issue 3): visible in the sidebar, computed with the reading list in the background. */
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, sidebar, test } from './fixtures';

test('Relevance sort puts papers with chips first and says it uses the reading list', async ({
  openRouted,
}) => {
  const page = await openRouted(
    'https://arxiv.org/list/cs.LG/new',
    buildArxivListing(labeledPapers().slice(0, 30), { kind: 'new', category: 'cs.LG' }),
  );
  const bar = sidebar(page);
  const items = bar.getByRole('listitem');
  await expect(items).toHaveCount(30);
  await items.nth(0).getByRole('button', { name: /^Save/ }).click();
  await expect(items.nth(0).getByRole('button', { name: /^Saved/ })).toBeVisible();

  await bar.getByRole('combobox', { name: 'Sort' }).selectOption('relevance');
  await expect(bar.getByText('Sorted by relevance to your topics and reading list')).toBeVisible();
  const chips = /^(MoE|SAE|Sparse attention|Pruning)$/;
  await expect(items.first().getByText(chips).first()).toBeVisible();
  await expect(items).toHaveCount(30);

  // Remembered for the next visit.
  await page.reload();
  await expect(sidebar(page).getByText('Sorted by relevance to your topics and reading list')).toBeVisible();
  await bar.getByRole('combobox', { name: 'Sort' }).selectOption('page');
  await expect(bar.getByText(/^Sorted by relevance/)).toHaveCount(0);
});
