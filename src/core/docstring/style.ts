/**
 * Which docstring convention a file already uses, so new docstrings match their neighbours.
 */
import type { DocstringStyle, DocstringStyleSetting } from './types';

const GOOGLE_HEADER = /^[ \t]*(Args|Arguments|Parameters|Returns|Yields|Raises|Attributes|Examples?|Note|Notes):[ \t]*$/m;
const NUMPY_HEADER = /^[ \t]*(Parameters|Returns|Yields|Raises|Attributes|See Also|Notes|Examples|Other Parameters)[ \t]*\r?\n[ \t]*-{3,}[ \t]*$/m;
const REST_FIELD = /^[ \t]*:(param|type|returns?|rtype|raises?|except|exception|yields?|ivar|cvar|var)\b[^:\n]*:/m;
const TRIPLE_QUOTED = /("""|''')([\s\S]*?)\1/g;

/**
 * Classifies one docstring's text. `plain` when it has no recognisable sections; undefined for a
 * one-liner (which says nothing about the file's convention).
 */
export function styleOf(docText: string): DocstringStyle | undefined {
  if (NUMPY_HEADER.test(docText)) {
    return 'numpy';
  }
  if (REST_FIELD.test(docText)) {
    return 'rest';
  }
  if (GOOGLE_HEADER.test(docText)) {
    return 'google';
  }
  return docText.trim().includes('\n') ? 'plain' : undefined;
}

/**
 * The style most of the file's multi-line docstrings use, or undefined when the file has none.
 * Sectioned styles win over `plain`: a file with one Google docstring and several prose ones is a
 * Google file whose short functions needed no sections.
 */
export function detectStyle(fileText: string): DocstringStyle | undefined {
  const votes = new Map<DocstringStyle, number>();
  for (const match of fileText.matchAll(TRIPLE_QUOTED)) {
    const style = styleOf(match[2] ?? '');
    if (style) {
      votes.set(style, (votes.get(style) ?? 0) + 1);
    }
  }
  let best: DocstringStyle | undefined;
  let bestVotes = 0;
  for (const style of ['google', 'numpy', 'rest'] as const) {
    const n = votes.get(style) ?? 0;
    if (n > bestVotes) {
      best = style;
      bestVotes = n;
    }
  }
  return best ?? (votes.has('plain') ? 'plain' : undefined);
}

/** The style to write: the setting itself, or for `auto` the file's style, else `fallback`. */
export function resolveStyle(
  setting: DocstringStyleSetting,
  fileText: string,
  fallback: DocstringStyle = 'google',
): DocstringStyle {
  return setting === 'auto' ? (detectStyle(fileText) ?? fallback) : setting;
}
