import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_TAG, insertSidebarFrame, removeSidebarFrame, sidebarFrame } from '../../lib/sidebar-frame';

afterEach(() => removeSidebarFrame(document));

describe('sidebar frame (arXiv, document_start)', () => {
  it('is one invisible fixed box after the body, taking no clicks', () => {
    const bodyKids = document.body.children.length;
    insertSidebarFrame(document);
    insertSidebarFrame(document); // a second run (extension reloaded) adds none
    const frames = document.querySelectorAll(FRAME_TAG);
    expect(frames).toHaveLength(1);
    const frame = sidebarFrame(document) as HTMLElement;
    expect(frame.parentElement).toBe(document.documentElement);
    expect(frame.previousElementSibling).toBe(document.body);
    expect(document.body.children).toHaveLength(bodyKids); // nothing shifted inside the page
    expect(frame.style.getPropertyValue('position')).toBe('fixed');
    expect(frame.style.getPropertyPriority('position')).toBe('important');
    expect(frame.style.getPropertyValue('pointer-events')).toBe('none');
    expect(frame.hasAttribute('aria-hidden')).toBe(false); // the sidebar inside stays accessible
    expect(frame.childNodes).toHaveLength(0);
    // The page's body becomes its own paint layer (a sidebar frame does not redraw the page).
    expect(document.querySelectorAll('style[data-papersift-frame]')).toHaveLength(1);
    expect(getComputedStyle(document.body).getPropertyValue('isolation')).toBe('isolate');
  });

  it('waits for the body when the document has none yet', async () => {
    const doc = document.implementation.createHTMLDocument('');
    doc.body.remove();
    insertSidebarFrame(doc);
    expect(sidebarFrame(doc)).toBeNull();
    doc.documentElement.append(doc.createElement('body'));
    await new Promise((r) => setTimeout(r, 0));
    expect(sidebarFrame(doc)?.previousElementSibling?.localName).toBe('body');
  });

  it('is taken away when the page gets no sidebar', () => {
    insertSidebarFrame(document);
    removeSidebarFrame(document);
    expect(sidebarFrame(document)).toBeNull();
    expect(document.querySelector('style[data-papersift-frame]')).toBeNull();
  });
});
