import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// Host access is limited to the supported sites and the public metadata APIs they use
// (issue 4, issue 7: no <all_urls>).
export const HOST_PERMISSIONS = [
  'https://arxiv.org/*',
  'https://export.arxiv.org/*',
  'https://huggingface.co/*',
  'https://openreview.net/*',
  'https://api2.openreview.net/*',
];

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false })],
    build: { target: 'es2022' },
  }),
  manifest: ({ browser }) => ({
    name: 'PaperSift',
    description:
      'Triage ML papers on arXiv, Hugging Face and OpenReview: local topic chips, filters and a reading list.',
    permissions: ['storage'],
    host_permissions: HOST_PERMISSIONS,
    action: { default_title: 'PaperSift' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'papersift@papersift.dev',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
