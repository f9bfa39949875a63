/**
 * LaTeX-safe text for BibTeX fields, and the reverse for imports. Non-ASCII stays UTF-8
 * (biber and modern BibTeX read UTF-8); only the ten LaTeX specials are escaped.
 */

const SIMPLE: Record<string, string> = {
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '\\': '\\textbackslash{}',
};

/**
 * BibTeX counts every brace, escaped or not, to find where a field ends, so `\{` is only safe
 * when the text's braces balance; otherwise the braces are written as \textbraceleft{} /
 * \textbraceright{}, which keeps the entry parseable.
 */
function bracesBalance(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 123) depth++;
    else if (c === 125 && --depth < 0) return false;
  }
  return depth === 0;
}

/** Any character latexEscape changes (the specials, and CR of CRLF / CR line ends). */
const NEEDS_ESCAPE = /[&%$#_~^\\{}\r]/;
const SPECIALS = /[&%$#_~^\\{}]/g;
const WITH_BALANCED: Record<string, string> = { ...SIMPLE, '{': '\\{', '}': '\\}' };
const WITH_UNBALANCED: Record<string, string> = {
  ...SIMPLE,
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
};

/**
 * One pass with a precompiled pattern and a replacement table; text without any special (most
 * titles and many abstracts) is returned as it is. The specials are all ASCII, so matching code
 * units gives the same result as walking code points.
 */
export function latexEscape(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  const s = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  const braces = s.includes('{') || s.includes('}');
  const table = !braces || bracesBalance(s) ? WITH_BALANCED : WITH_UNBALANCED;
  return s.replace(SPECIALS, (c) => table[c] as string);
}

const SYMBOL_COMMANDS: Record<string, string> = {
  textbackslash: '\\',
  textasciitilde: '~',
  textasciicircum: '^',
  textbraceleft: '{',
  textbraceright: '}',
  textunderscore: '_',
  textdollar: '$',
  textpercent: '%',
  textampersand: '&',
  textendash: '–',
  textemdash: '—',
  textquoteleft: '‘',
  textquoteright: '’',
  textquotedblleft: '“',
  textquotedblright: '”',
  ss: 'ß',
  o: 'ø',
  O: 'Ø',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  aa: 'å',
  AA: 'Å',
  l: 'ł',
  L: 'Ł',
  i: 'ı',
  j: 'ȷ',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  ldots: '…',
  dots: '…',
};

/** Accent commands and the combining mark each adds. */
const ACCENTS: Record<string, string> = {
  '`': '\u0300',
  "'": '\u0301',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  u: '\u0306',
  '.': '\u0307',
  '"': '\u0308',
  r: '\u030A',
  H: '\u030B',
  v: '\u030C',
  c: '\u0327',
  k: '\u0328',
  d: '\u0323',
  b: '\u0331',
};

const ESCAPABLE = new Set(['&', '%', '$', '#', '_', '{', '}', ' ', ',', '@']);

/**
 * Turns a BibTeX field value (outer delimiters already removed) into plain text: known
 * escapes and accents decoded, grouping braces dropped, whitespace collapsed. Unknown commands
 * (e.g. math `\alpha`) are kept as written.
 */
export function latexUnescape(value: string): string {
  let out = '';
  let i = 0;
  const n = value.length;
  const readArg = (): string => {
    // accent argument: {x}, or a single char, possibly after spaces
    while (i < n && value[i] === ' ') i++;
    if (value[i] === '{') {
      let depth = 1;
      const start = ++i;
      while (i < n && depth > 0) {
        if (value[i] === '{') depth++;
        else if (value[i] === '}') depth--;
        i++;
      }
      return latexUnescape(value.slice(start, i - 1));
    }
    if (value[i] === '\\') {
      // e.g. \'{\i}
      const m = /^\\([a-zA-Z]+)/.exec(value.slice(i));
      if (m?.[1] && SYMBOL_COMMANDS[m[1]] !== undefined) {
        i += m[0].length;
        return SYMBOL_COMMANDS[m[1]] as string;
      }
    }
    const ch = value[i] ?? '';
    i++;
    return ch;
  };
  while (i < n) {
    const ch = value[i] as string;
    if (ch === '\\') {
      const next = value[i + 1];
      if (next === undefined) {
        out += '\\';
        i++;
        continue;
      }
      if (ESCAPABLE.has(next)) {
        out += next === ' ' ? ' ' : next;
        i += 2;
        continue;
      }
      if (next === '\\') {
        out += ' ';
        i += 2;
        continue;
      }
      const accentMark = ACCENTS[next];
      const word = /^[a-zA-Z]+/.exec(value.slice(i + 1))?.[0] ?? '';
      if (accentMark && (!/[a-zA-Z]/.test(next) || word.length === 1)) {
        i += 2;
        const base = readArg();
        out += (base + accentMark).normalize('NFC');
        continue;
      }
      if (word) {
        const symbol = SYMBOL_COMMANDS[word];
        i += 1 + word.length;
        if (symbol !== undefined) {
          out += symbol;
          if (value[i] === '{' && value[i + 1] === '}') i += 2;
          else if (value[i] === ' ') i++;
        } else {
          out += `\\${word}`;
        }
        continue;
      }
      out += `\\${next}`;
      i += 2;
      continue;
    }
    if (ch === '{' || ch === '}') {
      i++;
      continue;
    }
    if (ch === '~') {
      out += '\u00A0';
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return out.replace(/\s+/g, ' ').trim();
}
