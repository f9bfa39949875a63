/**
 * Issue 7, "Messages are validated" and "Minimal permissions":
 *  - fuzz: arbitrary JSON (and near-valid messages with one field mangled) sent to handleMessage
 *    from any sender never throws out of it, and a message it refuses never writes, broadcasts or
 *    fetches;
 *  - host permissions: only the supported sites and the APIs the background calls, no <all_urls>,
 *    in wxt.config.ts and in the built manifest when there is one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundDeps, SenderLike } from '../../entrypoints/background/deps';
import { handleMessage } from '../../entrypoints/background/handle-message';
import { ARXIV_API_QUERY } from '../../lib/api/arxiv-atom';
import { OPENREVIEW_API } from '../../lib/api/openreview-api';
import { ARXIV_API } from '../../lib/fetch/queue';
import type { MessageType } from '../../lib/protocol';
import type { Paper } from '../../lib/types';
import { PaperSiftDB } from '../../storage/db';
import { savePaper } from '../../storage/papers';

const EXT_ID = 'papersift-fuzz';
const ORIGIN = `chrome-extension://${EXT_ID}/`;
const TYPES: MessageType[] = [
  'papers.state',
  'papers.save',
  'papers.remove',
  'settings.get',
  'settings.setFilter',
  'readingList.open',
  'papers.dismiss',
  'papers.update',
  'papers.bulkUpdate',
  'papers.bulkRemove',
  'papers.restore',
  'papers.notifyChanged',
  'abstracts.request',
  'topics.list',
  'topics.save',
  'topics.delete',
  'topics.correct',
  'topics.undoCorrection',
  'topics.corrections',
  'topics.reset',
  'classifier.config',
  'classify.batch',
];

const stored: Paper = {
  id: 'arxiv:2609.00001',
  title: 'Routing in sparse mixture of experts layers',
  authors: ['A. Author'],
  abstract: 'An abstract.',
  url: 'https://arxiv.org/abs/2609.00001',
  site: 'arxiv',
};

/** One valid payload per type, to mangle one field at a time. */
const VALID: Partial<Record<MessageType, Record<string, unknown>>> = {
  'papers.state': { ids: [stored.id] },
  'papers.save': { paper: stored, topics: ['moe'] },
  'papers.remove': { id: stored.id },
  'settings.setFilter': { site: 'arxiv', filter: ['moe'] },
  'papers.dismiss': { paper: stored, topics: [] },
  'papers.update': { id: stored.id, edit: { notes: 'x' } },
  'papers.bulkUpdate': { ids: [stored.id], edit: { starred: true } },
  'papers.bulkRemove': { ids: [stored.id] },
  'abstracts.request': { ids: [stored.id, 'openreview:Xq7Rk2mWp1'], replace: true },
  'topics.save': { topic: { id: 'user:q', name: 'Q', include: ['quantiz'] } },
  'topics.correct': { paperId: stored.id, topic: 'moe', label: 1, title: 'T', abstract: '' },
  'classify.batch': { inputs: [{ title: 'Routing in a mixture of experts', abstract: '' }] },
};

let db: PaperSiftDB;
let writes = 0;
const effects = { broadcasts: 0, fetches: 0, opened: 0 };
let deps: BackgroundDeps;

beforeAll(async () => {
  db = new PaperSiftDB(`fuzz-${crypto.randomUUID()}`);
  db.use({
    stack: 'dbcore',
    name: 'count-writes',
    create: (down) => ({
      ...down,
      table: (name) => {
        const t = down.table(name);
        return {
          ...t,
          mutate: (req) => {
            writes++;
            return t.mutate(req);
          },
        };
      },
    }),
  });
  await savePaper(db, stored, ['moe'], 1);
  deps = {
    db,
    extensionId: EXT_ID,
    extensionOrigin: ORIGIN,
    broadcast: {
      all: () => void effects.broadcasts++,
      tab: () => void effects.broadcasts++,
    },
    openReadingList: async () => void effects.opened++,
    now: () => 2,
    abstracts: {
      request: async () => {
        effects.fetches++;
        return { cached: [], queued: 0 };
      },
    },
    log: () => {},
  };
});
afterAll(async () => {
  await db.delete();
});

const senders: fc.Arbitrary<SenderLike> = fc.oneof(
  fc.constant<SenderLike>({
    id: EXT_ID,
    url: 'https://arxiv.org/list/cs.LG/new',
    tab: { id: 4 },
    frameId: 0,
  }),
  fc.constant<SenderLike>({ id: EXT_ID, url: `${ORIGIN}reading-list.html`, tab: { id: 5 } }),
  fc.constant<SenderLike>({ id: 'another-extension', url: `${ORIGIN}reading-list.html`, tab: { id: 6 } }),
  fc.constant<SenderLike>({}),
  fc.record({
    id: fc.oneof(fc.constant(EXT_ID), fc.string()),
    url: fc.option(fc.webUrl(), { nil: undefined }),
  }),
);

/** Anything a hostile page or a buggy sender could put in a message. */
const junk = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    withNullPrototype: true,
    withObjectString: true,
    withBigInt: true,
    withMap: true,
    withSet: true,
  }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    '<img src=x onerror=alert(1)>',
    'arxiv:2401.01234&start=0',
    'openreview:../../etc',
    'javascript:alert(1)',
    -1,
    Number.NaN,
    1e308,
    'x'.repeat(30_000),
  ),
);

async function sendAndWatch(raw: unknown, sender: SenderLike) {
  const before = { writes, ...effects };
  let threw: unknown;
  let result: unknown;
  try {
    result = await handleMessage(raw, sender, deps);
  } catch (e) {
    threw = e;
  }
  return {
    threw,
    result: result as { ok: boolean; error?: string } | undefined,
    wrote: writes - before.writes,
    effects:
      effects.broadcasts -
      before.broadcasts +
      effects.fetches -
      before.fetches +
      effects.opened -
      before.opened,
  };
}

function refusedDidNothing(r: Awaited<ReturnType<typeof sendAndWatch>>) {
  expect(r.threw).toBeUndefined();
  expect(typeof r.result?.ok).toBe('boolean');
  if (r.result?.ok === false) {
    expect(typeof r.result.error).toBe('string');
    expect(r.wrote).toBe(0);
    expect(r.effects).toBe(0);
  }
}

describe('message validation fuzz', () => {
  it('arbitrary messages never throw out of handleMessage, and a refused one never writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(junk, fc.record({ type: fc.oneof(fc.constantFrom(...TYPES), fc.string()), payload: junk })),
        senders,
        async (raw, sender) => refusedDidNothing(await sendAndWatch(raw, sender)),
      ),
      { numRuns: 400 },
    );
  });

  it('valid messages with one field replaced by junk never throw, and when refused write nothing', async () => {
    const types = Object.keys(VALID) as MessageType[];
    const content: SenderLike = {
      id: EXT_ID,
      url: 'https://openreview.net/group?id=x',
      tab: { id: 4 },
      frameId: 0,
    };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...types), fc.nat(), junk, async (type, pick, value) => {
        const payload = structuredClone(VALID[type] ?? {});
        const keys = Object.keys(payload);
        const key = keys[pick % keys.length] ?? 'ids';
        const inner = payload[key];
        const target =
          inner && typeof inner === 'object' && !Array.isArray(inner) && pick % 2
            ? (inner as Record<string, unknown>)
            : payload;
        const fields = Object.keys(target);
        const field = target === payload ? key : (fields[pick % fields.length] ?? key);
        target[field] = value;
        refusedDidNothing(await sendAndWatch({ type, payload }, content));
      }),
      { numRuns: 400 },
    );
  });

  it('nothing leaks into Object.prototype and the stored paper survives the fuzzing', async () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Refused messages from a foreign sender, however valid, never touch it.
    const r = await sendAndWatch(
      { type: 'papers.bulkRemove', payload: { ids: [stored.id] } },
      { id: 'evil' },
    );
    expect(r.result).toMatchObject({ ok: false });
    expect(r.wrote).toBe(0);
  });
});

describe('host permissions are minimal', () => {
  const ALLOWED = [
    'https://arxiv.org/*',
    'https://export.arxiv.org/*',
    'https://huggingface.co/*',
    'https://openreview.net/*',
    'https://api2.openreview.net/*',
  ];
  // Comment lines dropped: they may name what is NOT asked for ("no <all_urls>").
  const configText = readFileSync(resolve(process.cwd(), 'wxt.config.ts'), 'utf8').replace(
    /^\s*\/\/.*$/gm,
    '',
  );
  const declared = [
    ...(/HOST_PERMISSIONS\s*=\s*\[([\s\S]*?)\]/.exec(configText)?.[1] ?? '').matchAll(/'([^']+)'/g),
  ].map((m) => m[1]);
  const covers = (pattern: string, url: string) =>
    new RegExp(`^${pattern.replace(/[.?+^$()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(url);

  it('wxt.config.ts asks for the supported sites and their APIs only, and uses every one', () => {
    expect(declared.length).toBeGreaterThan(0);
    expect([...declared].sort()).toEqual([...ALLOWED].sort());
    expect(configText).not.toMatch(/<all_urls>|\*:\/\/\*\/|https?:\/\/\*\//);
    // Every API the background fetches is covered, so no broader grant is ever needed.
    for (const api of [ARXIV_API, ARXIV_API_QUERY, `${OPENREVIEW_API}/notes?ids=x`]) {
      expect(
        declared.some((p) => p && covers(p, api)),
        api,
      ).toBe(true);
    }
  });

  const manifestPath = resolve(process.cwd(), '.output/chrome-mv3/manifest.json');
  it.skipIf(!existsSync(manifestPath))(
    'the built manifest matches: no <all_urls>, content scripts on supported pages only',
    () => {
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        permissions?: string[];
        optional_permissions?: string[];
        host_permissions?: string[];
        optional_host_permissions?: string[];
        content_scripts?: { matches: string[] }[];
        web_accessible_resources?: { matches: string[] }[];
      };
      expect(JSON.stringify(manifest)).not.toMatch(/<all_urls>|\*:\/\/\*\//);
      expect([...(manifest.host_permissions ?? [])].sort()).toEqual([...ALLOWED].sort());
      expect(manifest.optional_host_permissions ?? []).toEqual([]);
      expect(manifest.permissions ?? []).toEqual(['storage']);
      const pages = manifest.content_scripts?.flatMap((c) => c.matches) ?? [];
      expect(pages.length).toBeGreaterThan(0);
      for (const m of [...pages, ...(manifest.web_accessible_resources?.flatMap((w) => w.matches) ?? [])]) {
        expect(m).toMatch(/^https:\/\/(arxiv\.org|huggingface\.co|openreview\.net)\//);
      }
    },
  );
});
