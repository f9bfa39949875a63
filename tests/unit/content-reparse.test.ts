import { afterEach, describe, expect, it, vi } from 'vitest';
import { HIDDEN_CLASS } from '../../entrypoints/papers.content/host-page';
import { createReparser } from '../../entrypoints/papers.content/reparse';

const settle = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  document.body.innerHTML = '<div id="app"><ul><li class="note">a</li></ul></div>';
  const reparse = vi.fn();
  const r = createReparser({
    target: document.body,
    ownClass: HIDDEN_CLASS,
    ignore: (n) => n instanceof Element && n.localName === 'papersift-sidebar',
    reparse,
    setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
    clearTimeout: (id) => clearTimeout(id),
    debounceMs: 20,
  });
  r.observe();
  return { r, reparse };
}

describe('createReparser (client-rendered pages)', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('re-parses once after a burst of DOM changes has settled', async () => {
    const { r, reparse } = setup();
    const ul = document.querySelector('ul') as HTMLUListElement;
    for (let i = 0; i < 5; i++) {
      const li = document.createElement('li');
      li.textContent = `note ${i}`;
      ul.append(li);
      await settle();
    }
    expect(reparse).not.toHaveBeenCalled();
    await new Promise((res) => setTimeout(res, 60));
    expect(reparse).toHaveBeenCalledTimes(1);
    r.disconnect();
  });

  it('reacts to tab switches (class/hidden changes) but not to its own hiding class or sidebar host', async () => {
    const { r, reparse } = setup();
    const li = document.querySelector('li') as HTMLLIElement;
    li.classList.add(HIDDEN_CLASS);
    li.classList.remove(HIDDEN_CLASS);
    document.body.append(document.createElement('papersift-sidebar'));
    await new Promise((res) => setTimeout(res, 60));
    expect(reparse).not.toHaveBeenCalled();

    (document.querySelector('#app') as HTMLElement).hidden = true;
    await new Promise((res) => setTimeout(res, 60));
    expect(reparse).toHaveBeenCalledTimes(1);
    li.classList.add('active');
    await new Promise((res) => setTimeout(res, 60));
    expect(reparse).toHaveBeenCalledTimes(2);
    r.disconnect();
  });

  it('stops after disconnect', async () => {
    const { r, reparse } = setup();
    r.disconnect();
    document.querySelector('ul')?.append(document.createElement('li'));
    await new Promise((res) => setTimeout(res, 60));
    expect(reparse).not.toHaveBeenCalled();
  });
});
