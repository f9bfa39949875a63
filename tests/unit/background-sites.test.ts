/** 'settings.sites': the options page's site switches as the content script asks for them. */
import { describe, expect, it } from 'vitest';
import { SITES_KEY } from '../../storage/reading-list';
import { setSetting } from '../../storage/settings';
import { backgroundHarness, contentScriptAt } from './background-harness';

function setup() {
  const { db, attempt } = backgroundHarness({
    now: 1,
    sender: contentScriptAt('https://openreview.net/group?id=x'),
  });
  return { db, attempt, ask: () => attempt('settings.sites', {}) };
}

describe('settings.sites', () => {
  it('every site is on until the user switches one off', async () => {
    const { ask } = setup();
    expect(await ask()).toEqual({
      ok: true,
      value: { sites: { arxiv: true, huggingface: true, openreview: true } },
    });
  });

  it('reports what the options page stored; a missing or malformed switch means on', async () => {
    const { db, ask } = setup();
    await setSetting(db, SITES_KEY, { arxiv: true, huggingface: false });
    expect(await ask()).toEqual({
      ok: true,
      value: { sites: { arxiv: true, huggingface: false, openreview: true } },
    });
    await setSetting(db, SITES_KEY, 'nonsense');
    expect(await ask()).toEqual({
      ok: true,
      value: { sites: { arxiv: true, huggingface: true, openreview: true } },
    });
  });

  it('settings.get keeps its answer (existing callers)', async () => {
    const { db, attempt } = setup();
    await setSetting(db, SITES_KEY, { arxiv: false });
    expect(await attempt('settings.get', { site: 'arxiv' })).toEqual({
      ok: true,
      value: { filter: [] },
    });
  });
});
