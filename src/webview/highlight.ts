/**
 * The candidates panel's Python highlighter: splits code into [kind, text] tokens whose texts concatenate
 * back to the input exactly, and splits out revealed hidden characters (`⟪U+202E⟫`, src/core/view/text.ts)
 * even inside strings and comments, where such characters hide. Pure: no DOM, so Node tests run it as is.
 */
import { HIDDEN_MARKER_SOURCE } from '../core/view/text';

/** What a token is; the panel colours each kind but `ws`, `name`, `punct`. */
export type TokenKind =
  | 'ws'
  | 'hidden'
  | 'comment'
  | 'string'
  | 'number'
  | 'decorator'
  | 'keyword'
  | 'builtin'
  | 'function'
  | 'class'
  | 'name'
  | 'op'
  | 'punct'
  | 'other';

/** One token: its kind and its exact text. */
export type Token = [TokenKind, string];

const KEYWORDS = new Set(
  (
    'False None True and as assert async await break class continue def del elif else except finally for ' +
    'from global if import in is lambda nonlocal not or pass raise return try while with yield match case'
  ).split(' '),
);
const BUILTINS = new Set(
  (
    'abs all any ascii bin bool bytearray bytes callable chr dict dir divmod enumerate filter float format ' +
    'frozenset getattr hasattr hash hex id input int isinstance issubclass iter len list map max min next ' +
    'object oct ord pow print range repr reversed round set setattr slice sorted str sum super tuple type ' +
    'vars zip self cls Exception ValueError TypeError KeyError IndexError'
  ).split(' '),
);

const HIDDEN_SPLIT = new RegExp(`(${HIDDEN_MARKER_SOURCE})`);
const HIDDEN_EXACT = new RegExp(`^${HIDDEN_MARKER_SOURCE}$`);

/** Ordered rules: the first that matches at the current position wins. */
const RULES: [TokenKind, RegExp][] = [
  ['ws', /[ \t\r\n]+/y],
  ['hidden', new RegExp(HIDDEN_MARKER_SOURCE, 'y')],
  ['comment', /#[^\r\n]*/y],
  // Triple-quoted strings may span lines; an unterminated one runs to the end of the code.
  ['string', /(?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$))/y],
  // Single-quoted strings end at their quote or at the end of the line (unterminated).
  ['string', /(?:[rRbBuUfF]{1,2})?(?:"(?:\\.|[^"\\\r\n])*"?|'(?:\\.|[^'\\\r\n])*'?)/y],
  ['number', /(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?[jJ]?)/y],
  ['decorator', /@[A-Za-z_][\w.]*/y],
  // ⟪ and ⟫ (U+27EA, U+27EB) are left out: they delimit a revealed hidden character.
  ['name', /[A-Za-z_\u00C0-\u27E9\u27EC-\uFFFF][\w\u00C0-\u27E9\u27EC-\uFFFF]*/y],
  ['op', /\*\*=?|\/\/=?|->|:=|<<=?|>>=?|[<>!=]=|[-+*/%@&|^~<>=]=?/y],
  ['punct', /[()[\]{},:;.]/y],
];

/** Splits Python source into tokens (see {@link TokenKind}); `def`/`class` colour the name after them. */
export function tokenizePython(code: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let previousWord = '';
  while (pos < code.length) {
    const [kind, text] = matchAt(code, pos);
    const finalKind = kind === 'name' ? nameKind(text, previousWord) : kind;
    if (kind !== 'ws') {
      previousWord = kind === 'name' ? text : '';
    }
    tokens.push([finalKind, text]);
    pos += text.length;
  }
  return tokens;
}

function matchAt(code: string, pos: number): Token {
  for (const [kind, rule] of RULES) {
    rule.lastIndex = pos;
    const m = rule.exec(code);
    if (m && m[0].length > 0) {
      return [kind, m[0]];
    }
  }
  // One code point of anything else (keeps surrogate pairs together).
  return ['other', String.fromCodePoint(code.codePointAt(pos) ?? 0)];
}

function nameKind(word: string, previousWord: string): TokenKind {
  if (previousWord === 'def') {
    return 'function';
  }
  if (previousWord === 'class') {
    return 'class';
  }
  if (KEYWORDS.has(word)) {
    return 'keyword';
  }
  return BUILTINS.has(word) ? 'builtin' : 'name';
}

/** The tokens to draw: hidden-character markers split out of every token, empty parts dropped. */
export function highlightParts(code: string): Token[] {
  const parts: Token[] = [];
  for (const [kind, text] of tokenizePython(code)) {
    for (const part of text.split(HIDDEN_SPLIT)) {
      if (part !== '') {
        parts.push([HIDDEN_EXACT.test(part) ? 'hidden' : kind, part]);
      }
    }
  }
  return parts;
}
