/**
 * Which pages get a sidebar: Hugging Face and OpenReview navigate client-side, so the script runs
 * host-wide there and mounts only on supported pages (issue 4); a site switched off on the options
 * page gets no sidebar and no host-page changes (issue 5).
 */
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, fixturePage, sidebar, test } from './fixtures';

const MODELS =
  '<!doctype html><html><head><title>Models</title></head><body><main><h1>Models</h1></main></body></html>';

test('Hugging Face: nothing on /models, a sidebar after client-side navigation to /papers, gone again after leaving', async ({
  openRouted,
}) => {
  const page = await openRouted('https://huggingface.co/models', MODELS);
  await page.waitForTimeout(1000);
  expect(await page.locator('papersift-sidebar').count()).toBe(0);

  const daily = fixturePage('hf-papers-daily-1.html');
  await page.evaluate((html) => {
    const next = new DOMParser().parseFromString(html, 'text/html');
    for (const child of [...document.body.children]) child.remove();
    for (const child of [...next.body.children]) document.body.append(document.adoptNode(child));
    history.pushState({}, '', '/papers');
  }, daily);
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(13, { timeout: 15_000 });
  expect(await page.locator('papersift-sidebar').count()).toBe(1);

  // Filter the page, then leave: the host page gets every entry back and the sidebar goes.
  await sidebar(page).getByRole('button', { name: /^MoE/ }).first().click();
  await page.evaluate(() => history.pushState({}, '', '/models'));
  await expect(page.locator('papersift-sidebar')).toHaveCount(0, { timeout: 5_000 });
  expect(await page.locator('.papersift-hidden, [class*="papersift"]').count()).toBe(0);
});

test('OpenReview: the script loads on any page but mounts nothing where there are no papers', async ({
  openRouted,
}) => {
  const page = await openRouted('https://openreview.net/profile?id=~Ada_Lovelace1', MODELS);
  await page.waitForTimeout(1000);
  expect(await page.locator('papersift-sidebar').count()).toBe(0);
});

test('a site switched off in the options gets no sidebar and no host changes; on again, it does', async ({
  context,
  extensionId,
  openRouted,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const arxivSwitch = options.getByRole('switch', { name: 'arXiv' });
  await expect(arxivSwitch).toHaveAttribute('aria-checked', 'true');
  await arxivSwitch.click();
  await expect(arxivSwitch).toHaveAttribute('aria-checked', 'false');

  const url = 'https://arxiv.org/list/cs.LG/new';
  const html = buildArxivListing(labeledPapers().slice(0, 20), { kind: 'new', category: 'cs.LG' });
  const page = await openRouted(url, html);
  await page.waitForTimeout(1500);
  expect(await page.locator('papersift-sidebar').count()).toBe(0);
  // The box reserved at document_start is taken away again.
  expect(await page.locator('papersift-frame').count()).toBe(0);
  // No host changes: no injected style, no hidden entries, no classes of ours.
  expect(
    await page.evaluate(
      () =>
        document.querySelectorAll(
          '[class*="papersift"], style[wxt-shadow-root-document-styles], style[data-papersift-frame]',
        ).length,
    ),
  ).toBe(0);

  // Other sites are unaffected.
  const hf = await openRouted('https://huggingface.co/papers', fixturePage('hf-papers-daily-1.html'));
  await expect(sidebar(hf).getByRole('listitem')).toHaveCount(13);

  await arxivSwitch.click();
  await expect(arxivSwitch).toHaveAttribute('aria-checked', 'true');
  await page.reload();
  await expect(sidebar(page).getByRole('listitem')).toHaveCount(20);
});
