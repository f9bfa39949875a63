/**
 * 2,000-entry arXiv listings built from the REAL markup of the saved page
 * tests/fixtures/pages/arxiv-list-new-2026-1.html (/list/cond-mat.mtrl-sci/new, 22 Sep 2026,
 * 101 entries in 3 sections). All 101 real dt/dd pairs are cloned in turn (so the variety of the
 * real entries stays: cross-list notes, missing HTML links, comments, journal refs, several
 * subjects) with fresh ids 2609.00001…, and the page chrome is kept; only ids, item numbers,
 * titles and abstracts (from bench/corpus.ts, real texts), the category and every stated count
 * change. Built at bench time, never committed (6 MB).
 */
import { readFileSync } from 'node:fs';
import { REAL_LISTING, type Text, texts } from './corpus';

interface Section {
  heading: string;
  pairs: string[];
}

interface RealPage {
  head: string;
  sections: Section[];
  tail: string;
}

function readReal(): RealPage {
  const html = readFileSync(REAL_LISTING, 'utf8');
  const first = html.indexOf("<dl id='articles'>");
  const last = html.lastIndexOf('</dl>') + '</dl>'.length;
  if (first < 0 || last < first) throw new Error(`${REAL_LISTING}: no dl#articles (the saved page changed?)`);
  const sections = [...html.slice(first, last).matchAll(/<dl id='articles'>([\s\S]*?)<\/dl>/g)].map((m) => {
    const body = m[1] ?? '';
    return {
      heading: /<h3>([^<]*)<\/h3>/.exec(body)?.[1] ?? '',
      pairs: [...body.matchAll(/<dt>[\s\S]*?<\/dt>\s*<dd>[\s\S]*?<\/dd>/g)].map((p) => p[0]),
    };
  });
  const count = sections.reduce((n, s) => n + s.pairs.length, 0);
  if (count !== 101) throw new Error(`${REAL_LISTING}: expected 101 entries, found ${count}`);
  return { head: html.slice(0, first), sections, tail: html.slice(last) };
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const idOf = (i: number): string => `2609.${String(i + 1).padStart(5, '0')}`;

function cloneEntry(pair: string, n: number, id: string, text: Text, withAbstract: boolean): string {
  const realId = /title="Abstract" id="([^"]+)"/.exec(pair)?.[1];
  if (!realId) throw new Error('real entry without an Abstract link');
  let out = pair
    .replaceAll(realId, id)
    .replace(/name='item\d+'>\[\d+\]/, `name='item${n}'>[${n}]`)
    .replace(
      /(<span class='descriptor'>Title:<\/span>)[\s\S]*?(<\/div>)/,
      (_m, a: string, b: string) => `${a}\n          ${esc(text.title)}\n        ${b}`,
    );
  out = withAbstract
    ? out.replace(
        /(<p class='mathjax'>)[\s\S]*?(<\/p>)/,
        (_m, a: string, b: string) => `${a}\n          ${esc(text.abstract)}\n        ${b}`,
      )
    : out.replace(/\s*<p class='mathjax'>[\s\S]*?<\/p>/, '');
  return out;
}

const toCsLg = (s: string) =>
  s.replaceAll('cond-mat.mtrl-sci', 'cs.LG').replaceAll('Materials Science', 'Machine Learning');

/** Split `total` like the real page's sections (45 / 21 / 35 of 101). */
function proportional(sizes: number[], total: number): number[] {
  const sum = sizes.reduce((a, b) => a + b, 0);
  const out = sizes.map((s) => Math.floor((s * total) / sum));
  out[0] = (out[0] ?? 0) + total - out.reduce((a, b) => a + b, 0);
  return out;
}

export interface BuiltPage {
  url: string;
  html: string;
  count: number;
  /** The titles and abstracts placed in the page, in page order. */
  texts: Text[];
}

/** /list/cs.LG/new with `total` entries, abstracts included, in the real page's three sections. */
export function buildNewListing(total = 2000): BuiltPage {
  const real = readReal();
  const pool = texts(total);
  const counts = proportional(
    real.sections.map((s) => s.pairs.length),
    total,
  );
  let i = 0;
  const firstItem: number[] = [];
  const dls = real.sections.map((section, s) => {
    const count = counts[s] ?? 0;
    firstItem.push(i + 1);
    const heading = section.heading.replace(
      /showing \d+ of \d+ entries/,
      `showing ${count} of ${count} entries`,
    );
    const entries: string[] = [];
    for (let k = 0; k < count; k++, i++) {
      const pair = section.pairs[k % section.pairs.length] as string;
      entries.push(cloneEntry(toCsLg(pair), i + 1, idOf(i), pool[i] as Text, true));
    }
    return `<dl id='articles'>\n    <h3>${heading}</h3>\n\n\n    ${entries.join('\n    ')}\n</dl>`;
  });
  const fix = (s: string) =>
    toCsLg(s)
      .replace(/Total of \d+ entries/g, `Total of ${total} entries`)
      .replace(/href="#item\d+">New submissions/, `href="#item0">New submissions`)
      .replace(/href="#item\d+">Cross-lists/, `href="#item${firstItem[1] ?? 1}">Cross-lists`)
      .replace(/href="#item\d+">Replacements/, `href="#item${firstItem[2] ?? 1}">Replacements`);
  return {
    url: 'https://arxiv.org/list/cs.LG/new',
    html: fix(real.head) + dls.join('\n\n      ') + fix(real.tail),
    count: total,
    texts: pool,
  };
}

const DAYS = [
  'Fri, 14 Aug 2026',
  'Thu, 13 Aug 2026',
  'Wed, 12 Aug 2026',
  'Tue, 11 Aug 2026',
  'Mon, 10 Aug 2026',
];
/** Uneven like real days (sums to 2,000). */
const DAY_SHARE = [436, 389, 402, 371, 402];

/**
 * /list/cs.LG/pastweek?show=2000: one dl#articles per day headed "Fri, 14 Aug 2026 (showing N of
 * N entries )" (STRUCTURE.md, /recent notes), every p.mathjax removed (title-only page).
 */
export function buildPastweekListing(total = 2000): BuiltPage {
  const real = readReal();
  const pairs = real.sections.flatMap((s) => s.pairs);
  const pool = texts(total, 14);
  const perDay = proportional(DAY_SHARE, total);
  let i = 0;
  const dls = DAYS.map((day, d) => {
    const count = perDay[d] ?? 0;
    const entries: string[] = [];
    for (let k = 0; k < count; k++, i++) {
      entries.push(
        cloneEntry(toCsLg(pairs[i % pairs.length] as string), i + 1, idOf(i), pool[i] as Text, false),
      );
    }
    return `<dl id='articles'>\n    <h3>${day} (showing ${count} of ${count} entries )</h3>\n\n\n    ${entries.join('\n    ')}\n</dl>`;
  });
  let start = 0;
  const dayLinks = DAYS.map((day, d) => {
    const count = perDay[d] ?? 0;
    // like the real /new page: the first link is #item0, the others name their first item
    const li = `  <li><a href="#item${d === 0 ? 0 : start + 1}">${day}</a> (showing first ${count} of ${count} entries)</li>`;
    start += count;
    return li;
  }).join('\n');
  const head = toCsLg(real.head)
    .replace(/<ul>[\s\S]*?<\/ul>/, `<ul>\n${dayLinks}\n</ul>`)
    .replace(/<h3>Showing new listings for [^<]*<\/h3>/, '')
    .replace(/Total of \d+ entries/g, `Total of ${total} entries : <span>1-${total}</span>`)
    .replaceAll('/new?skip=0&amp;show=1000', '/pastweek?skip=0&amp;show=1000');
  const tail = toCsLg(real.tail)
    .replace(/Total of \d+ entries/g, `Total of ${total} entries : <span>1-${total}</span>`)
    .replaceAll('/new?skip=0&amp;show=1000', '/pastweek?skip=0&amp;show=1000');
  return {
    url: 'https://arxiv.org/list/cs.LG/pastweek?show=2000',
    html: head + dls.join('\n\n      ') + tail,
    count: total,
    texts: pool.map((t) => ({ ...t, abstract: '' })),
  };
}
