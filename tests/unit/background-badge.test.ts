import { describe, expect, it } from 'vitest';
import type { SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import { badgeText } from '../../entrypoints/background/handlers/settings';
import { backgroundHarness, contentScriptAt } from './background-harness';

const tab = (id: number): SenderLike => contentScriptAt(undefined, id);

function setup() {
  const badges: [number, string][] = [];
  const { deps } = backgroundHarness({
    now: 1,
    overrides: {
      setBadge: async (tabId, text) => {
        badges.push([tabId, text]);
      },
    },
  });
  return { deps, badges };
}

describe('toolbar badge: papers of the page that match the user topics', () => {
  it('is set for the sending tab only, empty for none', async () => {
    const { deps, badges } = setup();
    expect(await handleMessage({ type: 'page.matches', payload: { count: 12 } }, tab(4), deps)).toEqual({
      ok: true,
      value: { ok: true },
    });
    await handleMessage({ type: 'page.matches', payload: { count: 0 } }, tab(5), deps);
    expect(badges).toEqual([
      [4, '12'],
      [5, ''],
    ]);
  });

  it('refuses counts that are not whole numbers, without touching the badge', async () => {
    const { deps, badges } = setup();
    for (const count of [-1, 1.5, '3', 1e9]) {
      const r = await handleMessage({ type: 'page.matches', payload: { count } }, tab(4), deps);
      expect(r.ok).toBe(false);
    }
    expect(badges).toEqual([]);
  });

  it('keeps the text short', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(999)).toBe('999');
    expect(badgeText(2000)).toBe('999+');
  });
});
