/**
 * The product on real saved arXiv listing pages (issue 2), driven as a user and a screen
 * reader would: roles and accessible names only.
 */
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, fixturePage, sidebar, test } from './fixtures';

const CURRENT = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const OLD = 'https://arxiv.org/list/cs/new';
const ML = 'https://arxiv.org/list/cs.LG/new';

/** A cs.LG-like /new page: real page chrome and entry markup, real labeled abstracts. */
function mlListing() {
  return buildArxivListing(labeledPapers().slice(0, 40), { kind: 'new', category: 'cs.LG' });
}

test('current layout: one sidebar item per paper, with its title', async ({ openRouted }) => {
  const page = await openRouted(CURRENT, fixturePage('arxiv-list-new-2026-1.html'));
  const bar = sidebar(page);
  await expect(bar).toBeVisible();
  await expect(bar.getByRole('listitem')).toHaveCount(101);
  const hostTitles = await page.locator('dl#articles dd div.list-title').allInnerTexts();
  expect(hostTitles).toHaveLength(101);
  const firstTitle = hostTitles[0]?.replace(/^Title:\s*/, '').trim() ?? '';
  await expect(bar.getByRole('listitem').first()).toContainText(firstTitle);
});

test('the page lays out its entries near the viewport only, at about their height, and shows each one scrolled to', async ({
  openRouted,
}) => {
  const page = await openRouted(CURRENT, fixturePage('arxiv-list-new-2026-1.html'));
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(101);
  const dds = page.locator('dl#articles > dd');
  expect(await dds.evaluateAll((els) => els.map((el) => getComputedStyle(el).contentVisibility))).toEqual(
    Array(101).fill('auto'),
  );
  // The last entry, scrolled to, is drawn with its title (nothing stays blank).
  const last = dds.last();
  await last.scrollIntoViewIfNeeded();
  await expect(last.locator('div.list-title')).toBeVisible();
  expect((await last.boundingBox())?.height ?? 0).toBeGreaterThan(60);
  // With the entries' estimated heights the page is about as long as with all of them laid out.
  const height = () => page.evaluate(() => document.documentElement.scrollHeight);
  const skipped = await height();
  await page.evaluate(() => document.querySelector('style[data-papersift-frame]')?.remove());
  const laidOut = await height();
  expect(skipped / laidOut).toBeGreaterThan(0.8);
  expect(skipped / laidOut).toBeLessThan(1.25);
});

test('old (pre-2024) layout is parsed too', async ({ openRouted }) => {
  const page = await openRouted(OLD, fixturePage('arxiv-list-new-old-1.html'));
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(87);
});

test('the sidebar lives in an open shadow root and the page CSS does not reach it', async ({
  openRouted,
}) => {
  const page = await openRouted(CURRENT, fixturePage('arxiv-list-new-2026-1.html'));
  await expect(sidebar(page)).toBeVisible();
  const inShadow = await page.evaluate(() =>
    [...document.querySelectorAll('*')].some((el) =>
      el.shadowRoot?.querySelector('[aria-label="PaperSift"]'),
    ),
  );
  expect(inShadow).toBe(true);
  // On arXiv it sits in the box reserved before the page's first layout (lib/sidebar-frame.ts).
  expect(await page.locator('papersift-frame > papersift-sidebar').count()).toBe(1);
  await page.addStyleTag({
    content: 'aside, li, button { display: none !important; color: red !important; }',
  });
  await expect(sidebar(page).getByRole('listitem').first()).toBeVisible();
});

test('topic chips and per-topic filters hide and show host entries without moving them', async ({
  openRouted,
}) => {
  const page = await openRouted(ML, mlListing());
  const bar = sidebar(page);
  await expect(bar.getByRole('listitem')).toHaveCount(40);
  const moeItems = bar.getByRole('listitem').filter({ has: page.getByText('MoE', { exact: true }) });
  const moeCount = await moeItems.count();
  expect(moeCount).toBeGreaterThan(0);
  expect(moeCount).toBeLessThan(40);

  // Document order of the host entries (textContent: hidden entries have no rendered text).
  const order = async () =>
    (await page.locator('dl#articles > dt a[title="Abstract"]').allTextContents()).map((t) => t.trim());
  const before = await order();
  const toggle = bar
    .getByRole('button', { name: /^MoE/ })
    .or(bar.getByRole('checkbox', { name: /^MoE/ }))
    .first();
  await toggle.click();
  await expect(page.locator('dl#articles > dt:visible')).toHaveCount(moeCount);
  await expect(page.locator('dl#articles > dd:visible')).toHaveCount(moeCount);
  expect(await order()).toEqual(before); // hidden, never moved or re-parented

  // remembered per site
  await page.reload();
  await expect(sidebar(page).getByRole('listitem').first()).toBeVisible();
  await expect(page.locator('dl#articles > dt:visible')).toHaveCount(moeCount);

  const toggleAgain = sidebar(page)
    .getByRole('button', { name: /^MoE/ })
    .or(sidebar(page).getByRole('checkbox', { name: /^MoE/ }))
    .first();
  await toggleAgain.click();
  await expect(page.locator('dl#articles > dt:visible')).toHaveCount(40);
});

test('save a paper: marked saved, also after a reload and in another tab', async ({
  context,
  openRouted,
}) => {
  const html = fixturePage('arxiv-list-new-2026-1.html');
  const page = await openRouted(CURRENT, html);
  const item = sidebar(page).getByRole('listitem').nth(2);
  const save = item.getByRole('button', { name: /^Save/ });
  await save.click();
  await expect(
    item
      .getByRole('button', { name: /^(Saved|Remove)/ })
      .or(item.locator('button[aria-pressed="true"]'))
      .first(),
  ).toBeVisible();

  const other = await context.newPage();
  await other.goto(CURRENT);
  const otherItem = sidebar(other).getByRole('listitem').nth(2);
  await expect(
    otherItem
      .getByRole('button', { name: /^(Saved|Remove)/ })
      .or(otherItem.locator('button[aria-pressed="true"]'))
      .first(),
  ).toBeVisible();

  await page.reload();
  const reloaded = sidebar(page).getByRole('listitem').nth(2);
  await expect(
    reloaded
      .getByRole('button', { name: /^(Saved|Remove)/ })
      .or(reloaded.locator('button[aria-pressed="true"]'))
      .first(),
  ).toBeVisible();
  await expect(sidebar(page).getByRole('listitem').nth(3).locator('button[aria-pressed="true"]')).toHaveCount(
    0,
  );
});
