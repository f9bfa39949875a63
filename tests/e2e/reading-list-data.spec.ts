/** Backup round trip through the real pages: export, delete everything, import; a too-new backup is refused (issue 5, 7). */
import { expect, test } from './fixtures';

test('export backup, delete everything, import it back', async ({ context, extensionId }) => {
  const a = await context.newPage();
  await a.goto(`chrome-extension://${extensionId}/reading-list.html`);
  await a.waitForTimeout(400);
  await a.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((res) => {
      const r = indexedDB.open('papersift');
      r.onsuccess = () => res(r.result);
    });
    const tx = db.transaction(['papers', 'settings'], 'readwrite');
    const now = Date.now();
    for (const i of [1, 2, 3])
      tx.objectStore('papers').put({
        id: `arxiv:2611.0000${i}`,
        title: `Title ${i} <b>x</b>`,
        authors: ['A B'],
        abstract: '',
        url: `https://arxiv.org/abs/2611.0000${i}`,
        site: 'arxiv',
        topics: ['moe'],
        sites: ['arxiv'],
        savedAt: now + i,
        updatedAt: now + i,
        status: 'to-read',
        tags: ['t'],
        notes: 'n',
        starred: i === 2,
      });
    tx.objectStore('settings').put({ key: 'theme', value: 'dark' });
    await new Promise((r) => (tx.oncomplete = r));
  });
  await a.reload();
  await expect(a.locator('.paper-row')).toHaveCount(3);
  const dl = a.waitForEvent('download');
  await a.getByRole('button', { name: 'Export JSON backup' }).click();
  const file = await (await dl).path();
  const o = await context.newPage();
  await o.goto(`chrome-extension://${extensionId}/options.html`);
  await o.getByRole('button', { name: /^Delete everything/ }).click();
  await o.getByRole('dialog').getByRole('button', { name: 'Delete everything' }).click();
  await expect(a.locator('.paper-row')).toHaveCount(0);
  await expect(a.locator('html')).not.toHaveAttribute('data-theme', 'dark');
  await a.getByLabel('Import backup or BibTeX').setInputFiles(file);
  await expect(a.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
  await expect(a.locator('.paper-row')).toHaveCount(3);
  await expect(a.locator('html')).toHaveAttribute('data-theme', 'dark');
  await a.getByLabel('Import backup or BibTeX').setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"papersift-backup","version":9}'),
  });
  await expect(a.getByRole('alert')).toContainText('newer PaperSift (format 9)');
  await expect(a.locator('.paper-row')).toHaveCount(3);
});
