/** The reading list page updates live while papers are saved in other tabs (issue 2). */
import { expect, fixturePage, sidebar, test } from './fixtures';

const CURRENT = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';

test('reading list shows saved papers newest first and updates live; remove works', async ({
  context,
  extensionId,
  openRouted,
}) => {
  const list = await context.newPage();
  await list.goto(`chrome-extension://${extensionId}/reading-list.html`);
  await expect(list.getByRole('main')).toBeVisible();

  const page = await openRouted(CURRENT, fixturePage('arxiv-list-new-2026-1.html'));
  const items = sidebar(page).getByRole('listitem');
  const t1 = ((await page.locator('dl#articles dd div.list-title').nth(0).textContent()) ?? '')
    .trim()
    .replace(/^Title:\s*/, '');
  const t2 = ((await page.locator('dl#articles dd div.list-title').nth(1).textContent()) ?? '')
    .trim()
    .replace(/^Title:\s*/, '');
  await items.nth(0).getByRole('button', { name: /^Save/ }).click();
  await expect(list.getByText(t1)).toBeVisible();
  await items.nth(1).getByRole('button', { name: /^Save/ }).click();
  await expect(list.getByText(t2)).toBeVisible();

  // newest first
  const text = (await list.getByRole('main').textContent()) ?? '';
  expect(text.indexOf(t2)).toBeLessThan(text.indexOf(t1));

  // link to the abstract page
  await expect(list.getByRole('link', { name: t1, exact: true })).toBeVisible();

  // remove from the reading list -> the sidebar shows it unsaved
  await list
    .getByRole('button', {
      name: new RegExp(`^Remove.*${t1.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    })
    .first()
    .click();
  // (an undo notice may still name it; the entry itself and its link are gone)
  await expect(list.getByRole('link', { name: t1, exact: true })).toHaveCount(0);
  await expect(list.getByRole('link', { name: t2, exact: true })).toBeVisible();
  await list.screenshot({ path: 'test-results/reading-list.png' });
  await expect(items.nth(0).getByRole('button', { name: /^Save/ })).toBeVisible();
});

test('the sidebar links to the reading list', async ({ context, openRouted }) => {
  const page = await openRouted(CURRENT, fixturePage('arxiv-list-new-2026-1.html'));
  const opened = context.waitForEvent('page');
  await sidebar(page)
    .getByRole('button', { name: /reading list/i })
    .or(sidebar(page).getByRole('link', { name: /reading list/i }))
    .first()
    .click();
  const rl = await opened;
  await expect(rl).toHaveURL(/reading-list\.html/);
});
