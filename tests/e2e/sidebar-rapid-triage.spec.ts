/**
 * Rapid triage: saves clicked back to back (no wait between clicks, as a user hammering `s` or
 * Playwright with noWaitAfter) must all land, and stay saved after a reload.
 */
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, sidebar, test } from './fixtures';

const ML = 'https://arxiv.org/list/cs.LG/new';

test('ten Save clicks back to back all land and survive a reload', async ({ openRouted }) => {
  const page = await openRouted(
    ML,
    buildArxivListing(labeledPapers().slice(0, 30), { kind: 'new', category: 'cs.LG' }),
  );
  const items = sidebar(page).getByRole('listitem');
  await expect(items).toHaveCount(30);
  for (let i = 0; i < 10; i++) {
    await items.nth(i).getByRole('button', { name: /^Save/ }).click({ noWaitAfter: true });
  }
  for (let i = 0; i < 10; i++) {
    await expect(items.nth(i).getByRole('button', { name: /^Saved/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  }
  // Give the background its turn, then check what was stored, not what the sidebar assumed.
  await page.waitForTimeout(500);
  await page.reload();
  await expect(items).toHaveCount(30);
  for (let i = 0; i < 10; i++) {
    await expect(items.nth(i).getByRole('button', { name: /^Saved/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  }
  await expect(items.nth(10).getByRole('button', { name: /^Save\b/ })).toHaveAttribute(
    'aria-pressed',
    'false',
  );
});

test('rapid dismiss clicks (x key) on several rows all land', async ({ openRouted }) => {
  const page = await openRouted(
    ML,
    buildArxivListing(labeledPapers().slice(0, 30), { kind: 'new', category: 'cs.LG' }),
  );
  const items = sidebar(page).getByRole('listitem');
  await expect(items).toHaveCount(30);
  await items.nth(0).focus();
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('x');
    await page.keyboard.press('j');
  }
  await page.waitForTimeout(500);
  await page.reload();
  await expect(items).toHaveCount(30);
  for (let i = 0; i < 6; i++) await expect(items.nth(i)).toContainText('dismissed');
  await expect(items.nth(6)).not.toContainText('dismissed');
});
