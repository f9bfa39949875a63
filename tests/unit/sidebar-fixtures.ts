/** Shared test data for the sidebar tests: papers, classifications with evidence, a fake background. */
import type { Classification, Evidence } from '../../classifier/types';
import type { MessageType, Request, Response } from '../../lib/protocol';
import { BUILTIN_TOPIC_LABELS, BUILTIN_TOPICS, type Paper } from '../../lib/types';

export const TOPIC_OPTIONS = BUILTIN_TOPICS.map((id) => ({ id, label: BUILTIN_TOPIC_LABELS[id] }));

export function paper(i: number, over: Partial<Paper> = {}): Paper {
  const num = String(i).padStart(5, '0');
  return {
    id: `arxiv:2609.${num}`,
    title: `Paper ${i}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: '',
    url: `https://arxiv.org/abs/2609.${num}`,
    site: 'arxiv',
    ...over,
  };
}

const PHRASES: Record<string, RegExp> = {
  moe: /mixture of experts|\bMoE\b/gi,
  sae: /sparse autoencoders?/gi,
  sparse_attention: /sparse attention/gi,
  pruning: /pruning/gi,
};

/** A deterministic stand-in for the classifier with real-shaped evidence (field + offsets). */
export function fakeClassify(input: { title: string; abstract?: string }): Classification {
  const c: Classification = { topics: [], scores: {}, details: {}, modelVersion: 'test' };
  for (const t of BUILTIN_TOPICS) {
    const positive: Evidence[] = [];
    for (const field of ['title', 'abstract'] as const) {
      const text = (field === 'title' ? input.title : input.abstract) ?? '';
      for (const m of text.matchAll(PHRASES[t] as RegExp)) {
        positive.push({ phrase: m[0], weight: 1.5, field, start: m.index, end: m.index + m[0].length });
      }
    }
    const score = positive.length ? 0.93 : 0.04;
    c.scores[t] = score;
    c.details[t] = { topic: t, score, predicted: score > 0.5, positive, negative: [] };
    if (score > 0.5) c.topics.push(t);
  }
  return c;
}

export interface SentMessage {
  type: MessageType;
  payload: unknown;
}

type Handlers = { [K in MessageType]?: (payload: Request<K>) => Response<K> | Promise<Response<K>> };

/** A fake background: records every request and answers from `handlers` (defaults for the basics). */
export function fakeBackground(handlers: Handlers = {}) {
  const sent: SentMessage[] = [];
  const saved = new Set<string>();
  const defaults: Handlers = {
    'settings.get': () => ({ filter: [] }),
    'settings.setFilter': () => ({ ok: true }),
    'papers.state': ({ ids }) => ({ saved: ids.filter((id) => saved.has(id)), dismissed: [] }),
    'papers.save': ({ paper }) => {
      saved.add(paper.id);
      return { ok: true };
    },
    'papers.remove': ({ id }) => {
      saved.delete(id);
      return { ok: true };
    },
    'readingList.open': () => ({ ok: true }),
  };
  const send = async <K extends MessageType>(type: K, payload: Request<K>): Promise<Response<K>> => {
    sent.push({ type, payload });
    const h = (handlers[type] ?? defaults[type]) as ((p: Request<K>) => Response<K>) | undefined;
    if (!h) throw new Error(`unexpected message ${type}`);
    return h(payload);
  };
  return { send, sent, saved, of: (type: MessageType) => sent.filter((m) => m.type === type) };
}

/** An arXiv-like host listing with `papers.length` dt + dd entries. */
export function hostListing(papers: Paper[]) {
  document.body.innerHTML = '';
  const dl = document.createElement('dl');
  dl.id = 'articles';
  const entries = papers.map((p) => {
    const dt = document.createElement('dt');
    dt.textContent = p.id;
    const dd = document.createElement('dd');
    dd.textContent = p.title;
    dl.append(dt, dd);
    return { paper: p, nodes: [dt, dd] as Element[] };
  });
  document.body.append(dl);
  return { dl, entries };
}

/** Accessible name as the sidebar sets it: aria-label, else the text. */
export function nameOf(el: Element): string {
  return el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
}

export function buttons(root: ParentNode): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')];
}

export function buttonNamed(root: ParentNode, re: RegExp): HTMLButtonElement[] {
  return buttons(root).filter((b) => re.test(nameOf(b)));
}
