/**
 * A small, strict-enough XML parser for API responses in the MV3 service worker, which has no
 * DOMParser. One linear pass over the input (every loop advances), so it always terminates; anything
 * that is not well-formed enough to trust (unclosed or mismatched tags, truncated markup) throws
 * XmlError. Not supported on purpose: DTD entity declarations (never expanded, so no entity bombs).
 */

export class XmlError extends Error {
  constructor(
    detail: string,
    readonly offset: number,
  ) {
    super(`Malformed XML at offset ${offset}: ${detail}`);
    this.name = 'XmlError';
  }
}

export interface XmlElement {
  /** Qualified name as written, e.g. `arxiv:primary_category`. */
  name: string;
  /** Local part of the name (`primary_category`). */
  local: string;
  /** Namespace URI resolved from the `xmlns` declarations in scope ('' when none). */
  ns: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const NAME = /[A-Za-z_:][-\w.:\u00b7\u00c0-\uffff]*/y;
const ATTR = /\s*([A-Za-z_:][-\w.:\u00b7\u00c0-\uffff]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;
const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five XML entities and numeric character references; unknown entities stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z]{2,8});/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code =
        ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[ref] ?? whole;
  });
}

/** Parses a document and returns its root element. */
export function parseXml(xml: string): XmlElement {
  const src = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const root: XmlElement = { name: '#document', local: '#document', ns: '', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  const nsStack: Array<Record<string, string>> = [{ xml: 'http://www.w3.org/XML/1998/namespace' }];
  let i = 0;
  const n = src.length;

  const need = (marker: string, from: number, what: string): number => {
    const at = src.indexOf(marker, from);
    if (at < 0) throw new XmlError(`unterminated ${what}`, from);
    return at;
  };

  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const text = src.slice(i, textEnd);
      const top = stack[stack.length - 1] as XmlElement;
      if (stack.length > 1) top.children.push(decodeEntities(text));
      else if (text.trim() !== '') throw new XmlError('text outside the root element', i);
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<?', i)) {
      i = need('?>', i + 2, 'processing instruction') + 2;
    } else if (src.startsWith('<!--', i)) {
      i = need('-->', i + 4, 'comment') + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const end = need(']]>', i + 9, 'CDATA section');
      if (stack.length === 1) throw new XmlError('CDATA outside the root element', i);
      (stack[stack.length - 1] as XmlElement).children.push(src.slice(i + 9, end));
      i = end + 3;
    } else if (src.startsWith('<!', i)) {
      // DOCTYPE (possibly with an internal subset in [...]): skipped, its entities are never expanded.
      const bracket = src.indexOf('[', i);
      const close = src.indexOf('>', i);
      if (close < 0) throw new XmlError('unterminated declaration', i);
      i = bracket >= 0 && bracket < close ? need(']', bracket, 'DOCTYPE subset') : i;
      i = need('>', i, 'declaration') + 1;
    } else if (src.startsWith('</', i)) {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(src);
      if (!m) throw new XmlError('bad end tag', i);
      const close = need('>', NAME.lastIndex, 'end tag');
      if (src.slice(NAME.lastIndex, close).trim() !== '') throw new XmlError('bad end tag', i);
      const open = stack.pop();
      nsStack.pop();
      if (!open || stack.length === 0 || open.name !== m[0]) {
        throw new XmlError(`</${m[0]}> does not close <${open?.name ?? '(nothing)'}>`, i);
      }
      i = close + 1;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(src);
      if (!m) throw new XmlError("'<' that starts no tag", i);
      const name = m[0];
      let j = NAME.lastIndex;
      const attrs: Record<string, string> = {};
      for (;;) {
        ATTR.lastIndex = j;
        const a = ATTR.exec(src);
        if (!a) break;
        attrs[a[1] as string] = decodeEntities(a[2] ?? a[3] ?? '');
        j = ATTR.lastIndex;
      }
      while (j < n && /\s/.test(src[j] as string)) j++;
      const selfClosing = src.startsWith('/>', j);
      if (!selfClosing && src[j] !== '>') {
        throw new XmlError(j >= n ? `unterminated <${name}>` : `unexpected character in <${name}>`, j);
      }
      i = j + (selfClosing ? 2 : 1);

      const scope = { ...(nsStack[nsStack.length - 1] as Record<string, string>) };
      for (const [k, v] of Object.entries(attrs)) {
        if (k === 'xmlns') scope[''] = v;
        else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
      }
      const colon = name.indexOf(':');
      const prefix = colon < 0 ? '' : name.slice(0, colon);
      const el: XmlElement = {
        name,
        local: colon < 0 ? name : name.slice(colon + 1),
        ns: scope[prefix] ?? '',
        attrs,
        children: [],
      };
      const parent = stack[stack.length - 1] as XmlElement;
      if (parent === root && root.children.some((c) => typeof c !== 'string')) {
        throw new XmlError('more than one root element', lt);
      }
      parent.children.push(el);
      if (!selfClosing) {
        stack.push(el);
        nsStack.push(scope);
      }
    }
  }
  if (stack.length > 1) {
    throw new XmlError(`unclosed <${(stack[stack.length - 1] as XmlElement).name}> (truncated document?)`, n);
  }
  const top = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!top) throw new XmlError('no root element', 0);
  return top;
}

/** Child elements of `el` with this namespace and local name. */
export function childrenNamed(el: XmlElement, ns: string, local: string): XmlElement[] {
  return el.children.filter(
    (c): c is XmlElement => typeof c !== 'string' && c.local === local && c.ns === ns,
  );
}

export function childNamed(el: XmlElement, ns: string, local: string): XmlElement | undefined {
  return childrenNamed(el, ns, local)[0];
}

/** Concatenated text of an element and its descendants. */
export function textContent(el: XmlElement | undefined): string {
  if (!el) return '';
  let out = '';
  for (const c of el.children) out += typeof c === 'string' ? c : textContent(c);
  return out;
}
