/** Options page → Topics with the real extension: topics file export/import, and example papers from a listing (issue 3). */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { buildArxivListing, labeledPapers } from '../fixtures/listing-builder';
import { expect, fixturePage, sidebar, test } from './fixtures';

const LISTING = 'https://arxiv.org/list/cond-mat.mtrl-sci/new';
const ML = 'https://arxiv.org/list/cs.LG/new';

async function createTopic(o: Page, name: string, phrase: string) {
  await o.getByRole('button', { name: 'New topic' }).click();
  const form = o.locator('form.topic-form');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Include phrases').fill(phrase);
  await form.getByRole('button', { name: 'Create topic' }).click();
  await expect(o.getByRole('switch', { name })).toBeVisible();
}

test('create a topic, export the topics file, import one with another topic', async ({
  context,
  extensionId,
}) => {
  const o = await context.newPage();
  await o.goto(`chrome-extension://${extensionId}/options.html`);
  await createTopic(o, 'KV cache', 'kv cache');

  const download = o.waitForEvent('download');
  await o.getByRole('button', { name: /^Export topics/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^papersift-topics-\d{4}-\d{2}-\d{2}\.json$/);
  const exported = JSON.parse(readFileSync((await file.path()) as string, 'utf8'));
  expect(exported).toMatchObject({
    format: 'papersift-topics',
    version: 1,
    topics: [{ id: 'user:kv-cache', name: 'KV cache', include: ['kv cache'], examples: [] }],
  });

  // A file with another topic, and the exported one renamed: one added, one replaced.
  const other = {
    ...exported,
    topics: [
      { ...exported.topics[0], name: 'KV caches' },
      {
        id: 'user:speculative-decoding',
        name: 'Speculative decoding',
        include: ['speculative decoding', 'draft model'],
        examples: [{ title: 'Fast inference from transformers via speculative decoding' }],
      },
    ],
  };
  await o.getByLabel(/^Import topics/).setInputFiles({
    name: 'shared-topics.json',
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(other)),
  });
  await expect(o.getByRole('status').filter({ hasText: 'Imported 2 topics (1 replaced)' })).toBeVisible();
  await expect(o.getByRole('switch', { name: 'Speculative decoding' })).toBeVisible();
  await expect(o.getByRole('switch', { name: 'KV caches' })).toBeVisible();
  await expect(o.getByText(/1 example paper/)).toBeVisible();

  // A broken file: the field is named and nothing changes.
  await o.getByLabel(/^Import topics/).setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from(
      JSON.stringify({
        format: 'papersift-topics',
        version: 1,
        topics: [{ id: 'user:x', name: 'X', include: [''] }],
      }),
    ),
  });
  await expect(o.getByRole('alert')).toContainText('topics[0].include[0]: must be a non-empty string');
  await expect(o.getByRole('alert')).toContainText('Nothing was changed');
  await expect(o.getByRole('switch', { name: 'X', exact: true })).toHaveCount(0);
  await o.screenshot({ path: 'test-results/options-topics.png', fullPage: true });
});

test('"Use as example of …" on an arXiv listing adds the paper to the topic', async ({
  context,
  extensionId,
  openRouted,
}) => {
  const o = await context.newPage();
  await o.goto(`chrome-extension://${extensionId}/options.html`);
  await createTopic(o, 'Materials', 'crystal');

  const page = await openRouted(LISTING, fixturePage('arxiv-list-new-2026-1.html'));
  const row = sidebar(page).getByRole('listitem').first();
  const title = ((await page.locator('dl#articles dd div.list-title').first().textContent()) ?? '')
    .trim()
    .replace(/^Title:\s*/, '');
  await row.hover();
  await row.getByRole('button', { name: /^Add topic… to/ }).click();
  await row.getByRole('button', { name: 'Use as example of Materials' }).click();
  await expect(sidebar(page).getByRole('alert')).toContainText('Added as an example of Materials');

  // A saved paper can be picked in the topic form as well.
  const second = sidebar(page).getByRole('listitem').nth(1);
  const secondTitle = ((await page.locator('dl#articles dd div.list-title').nth(1).textContent()) ?? '')
    .trim()
    .replace(/^Title:\s*/, '');
  await second.getByRole('button', { name: /^Save / }).click();
  await expect(second.getByRole('button', { name: /^Saved: / })).toBeVisible();

  await o.reload();
  await o.getByRole('button', { name: 'Edit topic Materials' }).click();
  const examples = o.getByRole('list', { name: 'Example papers' });
  await expect(examples).toContainText(title);
  await expect(o.getByRole('button', { name: `Remove example ${title}` })).toBeVisible();

  const search = o.getByRole('combobox', { name: /^Search saved papers/ });
  await search.fill(secondTitle.split(/\s+/).slice(0, 3).join(' '));
  await expect(o.getByRole('option', { name: secondTitle })).toBeVisible();
  await o.screenshot({ path: 'test-results/options-topic-examples.png', fullPage: true });
  await search.press('Enter');
  await expect(examples.getByRole('listitem')).toHaveCount(2);
  await o.getByRole('button', { name: 'Save topic' }).click();
  await expect(o.getByText(/2 example papers/)).toBeVisible();
});

test('"Not MoE" on a listing shows up on the options page; undoing it there brings the chip back', async ({
  context,
  extensionId,
  openRouted,
}) => {
  const html = buildArxivListing(labeledPapers().slice(0, 40), { kind: 'new', category: 'cs.LG' });
  const page = await openRouted(ML, html);
  const bar = sidebar(page);
  await expect(bar.getByRole('listitem')).toHaveCount(40);
  const first = bar
    .getByRole('listitem')
    .filter({ has: page.getByText('MoE', { exact: true }) })
    .first();
  const id = (await first.getAttribute('data-id')) ?? '';
  const row = bar.locator(`li[data-id="${id}"]`);
  const title = ((await row.locator('a.title').textContent()) ?? '').trim();
  expect(title).not.toBe('');
  await row.hover();
  await row.getByRole('button', { name: 'Not MoE' }).click();
  await expect(row.getByText('MoE', { exact: true })).toHaveCount(0);

  const o = await context.newPage();
  await o.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(o.getByText('1 correction in all')).toBeVisible();
  const disclosure = o.getByRole('button', { name: 'Corrections (1)' });
  await disclosure.click();
  await expect(disclosure).toHaveAttribute('aria-expanded', 'true');
  const list = o.getByRole('list', { name: 'Corrections of MoE' });
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText(title);
  await expect(list).toContainText('is not MoE');
  await expect(list.getByRole('link', { name: title })).toHaveAttribute(
    'href',
    `https://arxiv.org/abs/${id.replace(/^arxiv:/, '')}`,
  );
  await o.screenshot({ path: 'test-results/options-corrections.png', fullPage: true });
  await o.getByRole('button', { name: `Undo correction ${title}` }).click();
  await expect(list.getByRole('listitem')).toHaveCount(0);
  await expect(o.getByRole('button', { name: 'Corrections (0)' }).first()).toBeVisible();
  await expect(o.getByText(/corrections? in all/)).toHaveCount(0);
  await expect(o.getByRole('alert')).toHaveCount(0);

  await page.reload();
  const again = sidebar(page).locator(`li[data-id="${id}"]`);
  await expect(again).toBeVisible();
  await expect(again.getByText('MoE', { exact: true })).toBeVisible();
});
