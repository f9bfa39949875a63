/**
 * Token-pattern rule engine: weighted phrase patterns over tokens, with context conditions.
 *
 * Why tokens and not one regex per phrase: a few hundred regexes over every abstract would cost far
 * more than the 3x-a-tokenise-pass budget (issue 3). Here each distinct word is looked up once in a
 * cache that says which rules can start at it and which context groups it belongs to, so matching a
 * document costs about one hash-table probe per token (keys computed by the tokeniser).
 *
 * Pattern syntax (one string, tokens separated by spaces; hyphens count as spaces):
 *   word      exact token            word*    token starting with "word"
 *   *word     token ending in "word" *word*   token containing "word"
 *   #         a number               _        any one token
 *   (a|b*)    alternatives           x?       optional token (not allowed first)
 */
import { type TokenBuffer, wordAt } from './tokenize';

export interface RuleDef {
  /** Pattern, see module doc. */
  p: string;
  /** Logit contribution of the first occurrence (title occurrences are multiplied further). */
  w: number;
  /** Only counts when a token of one of these groups is within `win` tokens (same field). */
  near?: string[];
  /** Does not count when a token of one of these groups is within `win` tokens. */
  notNear?: string[];
  /** Window for near / notNear, in tokens either side (default 8). */
  win?: number;
  /** Only counts when the document (title + abstract) contains one of these groups. */
  ifDoc?: string[];
  /** Does not count when the document contains one of these groups. */
  unlessDoc?: string[];
  /**
   * Generic evidence that yields to more specific topics: it is dropped when one of these topics
   * already passes on its own specific evidence ("sparsity levels" in an SAE or sparse-attention paper
   * is not pruning evidence).
   */
  yieldTo?: string[];
  /**
   * Listing cue: counts only in the title of a paper without an abstract (listing pages). A title
   * hints at its topic with coined names and indirect phrasings where an abstract would name it
   * outright; with an abstract present, the abstract's own evidence decides. Keep such weights low
   * (title hits are multiplied by the title weight): one weak cue alone should not make a chip.
   */
  listing?: boolean;
  /** Human-readable reason, kept for maintainers (shown nowhere). */
  why?: string;
}

interface TokenSpec {
  exact: Set<string> | null;
  prefix: string[];
  suffix: string[];
  contains: string[];
  numeric: boolean;
  any: boolean;
  optional: boolean;
  /** Bit index in TokenInfo.bits for specs after the first of a rule (-1: first specs, any-token). */
  bit: number;
}

export interface CompiledRule {
  id: number;
  /** Index of the rule definition (patterns expanded from one definition share it, and its repeat count). */
  def: number;
  topic: number;
  weight: number;
  specs: TokenSpec[];
  near: number;
  notNear: number;
  win: number;
  ifDoc: number;
  unlessDoc: number;
  /** Bit mask of topic indices this rule yields to. */
  yieldTo: number;
  listing: boolean;
  source: string;
}

export interface TokenInfo {
  /** Ids of rules whose first token spec matches this word. */
  first: number[];
  /** Bit set over continuation specs (TokenSpec.bit) this word matches. */
  bits: Uint32Array;
  /** Bit mask of context groups this word belongs to. */
  groups: number;
}

/** Open-addressing word cache keyed by the tokeniser's two 32-bit hashes (no string hashing). */
interface WordCache {
  keysA: Int32Array;
  keysB: Int32Array;
  /** info index + 1; 0 = empty slot */
  slots: Int32Array;
  infos: TokenInfo[];
}

export interface CompiledRuleSet {
  topics: string[];
  rules: CompiledRule[];
  groupSpecs: TokenSpec[][];
  /** Distinct continuation specs, indexed by TokenSpec.bit. */
  contSpecs: TokenSpec[];
  cache: WordCache;
  /** The same specs indexed by their strings (owners: rule ids, group indices, spec bits). */
  firstIndex: SpecIndex;
  groupIndex: SpecIndex;
  contIndex: SpecIndex;
}

/**
 * Token specs indexed by their strings, so a word not in the cache is matched with a few map
 * lookups (one per distinct prefix/suffix length) instead of testing every rule's spec:
 * a cold cache (the first page a content script classifies: every distinct word of 2,000
 * abstracts) spent ~2/3 of its classification time there (issue 6). Same answers as testing each spec.
 */
interface SpecIndex {
  exact: Map<string, number[]>;
  prefix: Map<string, number[]>;
  prefixLens: number[];
  suffix: Map<string, number[]>;
  suffixLens: number[];
  contains: [string, number][];
  numeric: number[];
  any: number[];
}

function buildSpecIndex(entries: Iterable<readonly [TokenSpec, number]>): SpecIndex {
  const ix: SpecIndex = {
    exact: new Map(),
    prefix: new Map(),
    prefixLens: [],
    suffix: new Map(),
    suffixLens: [],
    contains: [],
    numeric: [],
    any: [],
  };
  const add = (m: Map<string, number[]>, k: string, owner: number) => {
    const list = m.get(k);
    if (list) list.push(owner);
    else m.set(k, [owner]);
  };
  for (const [spec, owner] of entries) {
    if (spec.any) {
      ix.any.push(owner);
      continue;
    }
    for (const w of spec.exact ?? []) add(ix.exact, w, owner);
    if (spec.numeric) ix.numeric.push(owner);
    for (const p of spec.prefix) add(ix.prefix, p, owner);
    for (const x of spec.suffix) add(ix.suffix, x, owner);
    for (const c of spec.contains) ix.contains.push([c, owner]);
  }
  ix.prefixLens = [...new Set([...ix.prefix.keys()].map((k) => k.length))];
  ix.suffixLens = [...new Set([...ix.suffix.keys()].map((k) => k.length))];
  return ix;
}

/** Calls `visit` for the owner of every spec that matches `w` (an owner may come more than once). */
function visitMatches(ix: SpecIndex, w: string, visit: (owner: number) => void): void {
  const each = (list: readonly number[] | undefined) => {
    if (list) for (const o of list) visit(o);
  };
  each(ix.any);
  each(ix.exact.get(w));
  if (ix.numeric.length && isNumeric(w)) each(ix.numeric);
  for (const n of ix.prefixLens) if (n <= w.length) each(ix.prefix.get(w.slice(0, n)));
  for (const n of ix.suffixLens) if (n <= w.length) each(ix.suffix.get(w.slice(w.length - n)));
  for (const [c, o] of ix.contains) if (w.includes(c)) visit(o);
}

/** Cache slots of the built-in rule set (768 KB); small sets (user topics) use 2^12. */
export const LARGE_CACHE_BITS = 16;
const SMALL_CACHE_BITS = 12;

function createCache(bits: number): WordCache {
  const size = 1 << bits;
  return {
    keysA: new Int32Array(size),
    keysB: new Int32Array(size),
    slots: new Int32Array(size),
    infos: [],
  };
}

function parseToken(raw: string): TokenSpec {
  let t = raw;
  let optional = false;
  if (t.endsWith('?')) {
    optional = true;
    t = t.slice(0, -1);
  }
  if (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
  const spec: TokenSpec = {
    exact: null,
    prefix: [],
    suffix: [],
    contains: [],
    numeric: false,
    any: false,
    optional,
    bit: -1,
  };
  for (const alt0 of t.split('|')) {
    const alt = alt0.trim().toLowerCase();
    if (alt === '') throw new Error(`empty alternative in pattern token "${raw}"`);
    if (alt === '_') spec.any = true;
    else if (alt === '#') spec.numeric = true;
    else if (alt.length > 2 && alt.startsWith('*') && alt.endsWith('*')) spec.contains.push(alt.slice(1, -1));
    else if (alt.endsWith('*')) spec.prefix.push(alt.slice(0, -1));
    else if (alt.startsWith('*')) spec.suffix.push(alt.slice(1));
    else {
      if (!/^[a-z0-9]+$/.test(alt)) throw new Error(`pattern token "${raw}" is not a plain word`);
      spec.exact ??= new Set();
      spec.exact.add(alt);
    }
  }
  return spec;
}

/** Splits a pattern at top-level spaces (hyphens count as spaces), keeping `( … )` groups whole. */
function splitTopLevel(pattern: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of pattern.replace(/-/g, ' ')) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (depth < 0) throw new Error(`unbalanced ")" in pattern "${pattern}"`);
    if (/\s/.test(ch) && depth === 0) {
      if (cur !== '') parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (depth !== 0) throw new Error(`unbalanced "(" in pattern "${pattern}"`);
  if (cur !== '') parts.push(cur);
  return parts;
}

/**
 * Expands groups whose alternatives have several words into plain patterns:
 * "(semi structured|unstructured) sparsity" -> ["semi structured sparsity", "unstructured sparsity"].
 */
export function expandPattern(pattern: string): string[] {
  let out: string[] = [''];
  for (const part of splitTopLevel(pattern)) {
    let body = part;
    let optional = false;
    if (body.endsWith('?')) {
      optional = true;
      body = body.slice(0, -1);
    }
    const grouped = body.startsWith('(') && body.endsWith(')');
    const inner = grouped ? body.slice(1, -1) : body;
    if (!grouped || !/\s/.test(inner)) {
      out = out.map((o) => `${o} ${part}`);
      continue;
    }
    const alts: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of inner) {
      if (ch === '(') depth++;
      if (ch === ')') depth--;
      if (ch === '|' && depth === 0) {
        alts.push(cur);
        cur = '';
      } else cur += ch;
    }
    alts.push(cur);
    const variants = alts.flatMap((a) => expandPattern(a.trim()));
    if (optional) variants.push('');
    out = out.flatMap((o) => variants.map((v) => `${o} ${v}`));
  }
  return out.map((o) => o.trim()).filter((o) => o !== '');
}

/** Parses one plain pattern (no multi-word alternatives: see expandPattern) into token specs. */
export function parsePattern(pattern: string): TokenSpec[] {
  const parts = splitTopLevel(pattern);
  if (parts.length === 0) throw new Error('empty pattern');
  const specs = parts.map(parseToken);
  if (specs[0]?.optional) throw new Error(`pattern "${pattern}" starts with an optional token`);
  return specs;
}

function isNumeric(w: string): boolean {
  const c = w.charCodeAt(0);
  return c >= 48 && c <= 57;
}

export function compileRuleSet(
  topics: string[],
  defs: ReadonlyArray<{ topic: string; rules: readonly RuleDef[] }>,
  groups: Readonly<Record<string, readonly string[]>>,
): CompiledRuleSet {
  const groupNames = Object.keys(groups);
  if (groupNames.length > 30) throw new Error('at most 30 context groups');
  const groupSpecs = groupNames.map((g) => (groups[g] ?? []).map(parseToken));
  const mask = (names: string[] | undefined): number => {
    let m = 0;
    for (const n of names ?? []) {
      const i = groupNames.indexOf(n);
      if (i < 0) throw new Error(`unknown context group "${n}"`);
      m |= 1 << i;
    }
    return m;
  };
  const rules: CompiledRule[] = [];
  let defCount = 0;
  for (const { topic, rules: list } of defs) {
    const ti = topics.indexOf(topic);
    if (ti < 0) throw new Error(`unknown topic "${topic}"`);
    for (const r of list) {
      const def = defCount++;
      for (const p of expandPattern(r.p)) {
        rules.push({
          id: rules.length,
          def,
          topic: ti,
          weight: r.w,
          specs: parsePattern(p),
          near: mask(r.near),
          notNear: mask(r.notNear),
          win: r.win ?? 8,
          ifDoc: mask(r.ifDoc),
          unlessDoc: mask(r.unlessDoc),
          yieldTo: (r.yieldTo ?? []).reduce((m, t) => {
            const i = topics.indexOf(t);
            if (i < 0) throw new Error(`yieldTo: unknown topic "${t}"`);
            return m | (1 << i);
          }, 0),
          listing: r.listing === true,
          source: r.p,
        });
      }
    }
  }
  // Continuation specs get a bit each (shared by identical specs), so matching after the first token
  // is a bit test on the word's cached info instead of string comparisons.
  const contSpecs: TokenSpec[] = [];
  const byKey = new Map<string, number>();
  for (const r of rules) {
    for (let j = 1; j < r.specs.length; j++) {
      const s = r.specs[j] as TokenSpec;
      if (s.any) continue;
      const key = JSON.stringify([[...(s.exact ?? [])], s.prefix, s.suffix, s.contains, s.numeric]);
      let bit = byKey.get(key);
      if (bit === undefined) {
        bit = contSpecs.length;
        byKey.set(key, bit);
        contSpecs.push(s);
      }
      s.bit = bit;
    }
  }
  const firsts: [TokenSpec, number][] = [];
  for (const r of rules) if (r.specs[0] !== undefined) firsts.push([r.specs[0], r.id]);
  return {
    topics,
    rules,
    groupSpecs,
    contSpecs,
    cache: createCache(rules.length > 64 ? LARGE_CACHE_BITS : SMALL_CACHE_BITS),
    firstIndex: buildSpecIndex(firsts),
    groupIndex: buildSpecIndex(groupSpecs.flatMap((specs, g) => specs.map((s) => [s, g] as const))),
    contIndex: buildSpecIndex(contSpecs.map((s, b) => [s, b] as const)),
  };
}

function computeInfo(set: CompiledRuleSet, w: string): TokenInfo {
  const first: number[] = [];
  visitMatches(set.firstIndex, w, (id) => first.push(id));
  if (first.length > 1) {
    // Rule order, each rule once (as a scan of set.rules gives them).
    first.sort((a, b) => a - b);
    let k = 1;
    for (let j = 1; j < first.length; j++) if (first[j] !== first[k - 1]) first[k++] = first[j] as number;
    first.length = k;
  }
  let groups = 0;
  visitMatches(set.groupIndex, w, (g) => {
    groups |= 1 << g;
  });
  const bits = new Uint32Array((set.contSpecs.length + 31) >>> 5);
  visitMatches(set.contIndex, w, (b) => {
    bits[b >>> 5] = (bits[b >>> 5] as number) | (1 << (b & 31));
  });
  return { first, groups, bits };
}

function tokenInfo(set: CompiledRuleSet, buf: TokenBuffer, i: number, ha: number, hb: number): TokenInfo {
  const c = set.cache;
  const mask = c.slots.length - 1;
  let slot = (ha ^ (hb >>> 7)) & mask;
  for (;;) {
    const idx = c.slots[slot] as number;
    if (idx === 0) break;
    if (c.keysA[slot] === ha && c.keysB[slot] === hb) return c.infos[idx - 1] as TokenInfo;
    slot = (slot + 1) & mask;
  }
  const info = computeInfo(set, wordAt(buf, i));
  // Cleared when half full: bounded memory in a long-lived worker, short probe sequences.
  if (c.infos.length >= c.slots.length >> 1) {
    c.slots.fill(0);
    c.infos.length = 0;
    return info;
  }
  c.infos.push(info);
  c.keysA[slot] = ha;
  c.keysB[slot] = hb;
  c.slots[slot] = c.infos.length;
  return info;
}

/** Returns the end token index (exclusive) of a match of specs[j..] starting at token i, or -1. */
function matchFrom(specs: TokenSpec[], j: number, infos: TokenInfo[], i: number, n: number): number {
  if (j === specs.length) return i;
  const spec = specs[j] as TokenSpec;
  if (i < n) {
    const bit = spec.bit;
    const ok = spec.any || ((infos[i] as TokenInfo).bits[bit >>> 5] as number) & (1 << (bit & 31));
    if (ok) {
      const end = matchFrom(specs, j + 1, infos, i + 1, n);
      if (end >= 0) return end;
    }
  }
  if (spec.optional) return matchFrom(specs, j + 1, infos, i, n);
  return -1;
}

/** Raw matches of one document; reused between calls (the engine is not re-entrant). */
export interface HitList {
  length: number;
  rule: number[];
  /** 0 = title, 1 = abstract */
  field: number[];
  startTok: number[];
  endTok: number[];
}

export function createHitList(): HitList {
  return { length: 0, rule: [], field: [], startTok: [], endTok: [] };
}

export interface FieldTokens {
  buf: TokenBuffer;
  /** Per-token group masks, filled by `scanGroups`. */
  groups: number[];
  /** Per-token cache entries, filled by `scanGroups` (one cache probe per token). */
  infos: TokenInfo[];
}

/** Fills per-token cache entries and group masks for one field (tokenised with hashes) and returns the union mask. */
export function scanGroups(set: CompiledRuleSet, f: FieldTokens): number {
  let all = 0;
  const { length, hashA, hashB } = f.buf;
  for (let i = 0; i < length; i++) {
    const info = tokenInfo(set, f.buf, i, hashA[i] as number, hashB[i] as number);
    f.infos[i] = info;
    const g = info.groups;
    f.groups[i] = g;
    all |= g;
  }
  return all;
}

function groupNear(
  groups: number[],
  n: number,
  from: number,
  to: number,
  win: number,
  mask: number,
): boolean {
  const lo = Math.max(0, from - win);
  const hi = Math.min(n, to + win);
  for (let k = lo; k < hi; k++) {
    if (k >= from && k < to) continue;
    if (((groups[k] as number) & mask) !== 0) return true;
  }
  return false;
}

/**
 * Appends the matches of every rule in `set` over one field to `hits`; call `scanGroups` on the field
 * first. `listing`: the field is the title of a paper without abstract (listing rules count).
 */
export function matchField(
  set: CompiledRuleSet,
  f: FieldTokens,
  field: number,
  docGroups: number,
  hits: HitList,
  listing = false,
): void {
  const n = f.buf.length;
  for (let i = 0; i < n; i++) {
    const first = (f.infos[i] as TokenInfo).first;
    if (first.length === 0) continue;
    for (let k = 0; k < first.length; k++) {
      const r = set.rules[first[k] as number] as CompiledRule;
      if (r.listing && !listing) continue;
      if (r.ifDoc !== 0 && (docGroups & r.ifDoc) === 0) continue;
      if (r.unlessDoc !== 0 && (docGroups & r.unlessDoc) !== 0) continue;
      const end = r.specs.length === 1 ? i + 1 : matchFrom(r.specs, 1, f.infos, i + 1, n);
      if (end < 0) continue;
      if (r.near !== 0 && !groupNear(f.groups, n, i, end, r.win, r.near)) continue;
      if (r.notNear !== 0 && groupNear(f.groups, n, i, end, r.win, r.notNear)) continue;
      const h = hits.length++;
      hits.rule[h] = r.id;
      hits.field[h] = field;
      hits.startTok[h] = i;
      hits.endTok[h] = end;
    }
  }
}
