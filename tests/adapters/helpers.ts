import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';

// vitest provides __dirname in test modules (import.meta.url is not a file: URL under happy-dom).
export const FIXTURES = join(__dirname, '..', 'fixtures', 'pages');

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

// A browser's DOMParser builds an inert document: no scripts run, no stylesheets load. happy-dom's
// global one tries to fetch the pages' stylesheets, so parse in a window configured like that.
const window = new Window({
  settings: {
    disableJavaScriptEvaluation: true,
    disableJavaScriptFileLoading: true,
    disableCSSFileLoading: true,
    disableIframePageLoading: true,
    handleDisabledFileLoadingAsSuccess: true,
  },
});

export function htmlDoc(html: string): Document {
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

export function fixtureDoc(name: string): Document {
  return htmlDoc(fixtureText(name));
}
