/**
 * The Python parser: web-tree-sitter with the packaged grammar, initialised once, and a parse-tree
 * cache per document so that typing a character re-parses incrementally (about a millisecond on a
 * 10,000-line file) instead of from scratch.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Language, Parser, Tree } from 'web-tree-sitter';
import { findAsset } from '../assets';
import { textEdit } from './textEdit';

let parserPromise: Promise<Parser> | undefined;
let readyParser: Parser | undefined;

/** Initialises web-tree-sitter and the Python grammar once; later calls return the same parser. */
export function getParser(): Promise<Parser> {
  parserPromise ??= createParser().catch((e: unknown) => {
    parserPromise = undefined; // let a later call retry (e.g. after a transient read error)
    throw e;
  });
  return parserPromise;
}

async function createParser(): Promise<Parser> {
  const runtimeWasm = findAsset('web-tree-sitter.wasm');
  await Parser.init({ locateFile: (f: string) => path.join(path.dirname(runtimeWasm), f) });
  const parser = new Parser();
  parser.setLanguage(await Language.load(fs.readFileSync(findAsset('tree-sitter-python.wasm'))));
  readyParser = parser;
  return parser;
}

/** The parser if `getParser()` has finished, for the synchronous helpers; throws otherwise. */
export function parserIfReady(): Parser {
  if (!readyParser) {
    throw new Error('The Python parser is not initialised yet: await getParser() first.');
  }
  return readyParser;
}

interface CachedTree {
  text: string;
  version?: number;
  tree: Tree;
}

/** Documents whose trees we keep; the least recently used one is dropped beyond this. */
const MAX_CACHED_DOCUMENTS = 16;
const cache = new Map<string, CachedTree>();
const ANONYMOUS_KEY = '\0anonymous';

/** Which document a text belongs to, so its previous tree can be reused. */
export interface DocumentIdentity {
  /** Stable per document (e.g. its URI); omitted = one shared anonymous slot. */
  key?: string;
  /** The document's version; the same key+version+text reuses the tree untouched. */
  version?: number;
}

/**
 * Parses `text`, incrementally when the same document was parsed before (the edit is computed from
 * the common prefix and suffix of the old and new text).
 * The returned tree belongs to the cache: use it before the next `parseDocument` call for the same
 * key and never `delete()` it.
 */
export async function parseDocument(text: string, id: DocumentIdentity = {}): Promise<Tree> {
  return parseDocumentSync(await getParser(), text, id);
}

/** `parseDocument` for callers that already hold the initialised parser. */
export function parseDocumentSync(parser: Parser, text: string, id: DocumentIdentity = {}): Tree {
  const key = id.key ?? ANONYMOUS_KEY;
  const old = cache.get(key);
  cache.delete(key); // re-inserted below: Map order doubles as the LRU order
  if (old && old.text === text) {
    old.version = id.version;
    cache.set(key, old);
    return old.tree;
  }
  let tree: Tree | null;
  if (old) {
    old.tree.edit(textEdit(old.text, text));
    tree = parser.parse(text, old.tree);
    old.tree.delete();
  } else {
    tree = parser.parse(text);
  }
  if (!tree) {
    throw new Error('tree-sitter returned no tree');
  }
  cache.set(key, { text, version: id.version, tree });
  evictOldest();
  return tree;
}

/** Parses a text that is not a cached document (e.g. a snippet); the caller must `delete()` the tree. */
export function parseDetached(parser: Parser, text: string): Tree {
  const tree = parser.parse(text);
  if (!tree) {
    throw new Error('tree-sitter returned no tree');
  }
  return tree;
}

/** Forgets a document's tree (e.g. when the editor closes it). */
export function forgetDocument(key: string): void {
  cache.get(key)?.tree.delete();
  cache.delete(key);
}

function evictOldest(): void {
  while (cache.size > MAX_CACHED_DOCUMENTS) {
    const [oldestKey, oldest] = cache.entries().next().value as [string, CachedTree];
    oldest.tree.delete();
    cache.delete(oldestKey);
  }
}
