/**
 * arXiv pages only, at document_start: reserves the sidebar's box before the page's own first
 * layout (lib/sidebar-frame.ts, issue 6). The sidebar itself is entrypoints/papers.content, which
 * runs once the document is parsed and mounts into this frame, or takes it away.
 */
import { defineContentScript } from '#imports';
import { insertSidebarFrame } from '../lib/sidebar-frame';

export default defineContentScript({
  // The arXiv pages papers.content runs on (Hugging Face and OpenReview render client-side, and
  // their lists are short: they get no frame).
  matches: ['https://arxiv.org/list/*', 'https://arxiv.org/search/*', 'https://arxiv.org/abs/*'],
  runAt: 'document_start',
  main() {
    insertSidebarFrame(document);
  },
});
