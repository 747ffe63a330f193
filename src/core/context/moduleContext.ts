/**
 * The module context a body may use: imports, top-level assignments, and the other top-level
 * definitions summarised by signature and first docstring line.
 */
import type { Node } from 'web-tree-sitter';
import type { DefinitionSummary, ModuleContext } from '../types';
import { asDefinition, docstringOf, firstDocLine, headerText } from '../python/definitions';
import { assignmentOf, isGuardedImport, isImport } from '../python/statements';

/** Longer assignments (big tables) are left out: they would eat the prompt's budget. */
const MAX_CONSTANT_CHARS = 500;

/** Summarises the top level of a file, leaving out statements overlapping `exclude` (the cursor's). */
export function moduleContext(root: Node, text: string, exclude?: [number, number]): ModuleContext {
  const ctx: ModuleContext = { imports: [], constants: [], definitions: [] };
  for (const stmt of root.namedChildren) {
    if (!stmt || stmt.hasError || (exclude && stmt.startIndex < exclude[1] && exclude[0] < stmt.endIndex)) {
      continue;
    }
    if (isImport(stmt) || isGuardedImport(stmt)) {
      ctx.imports.push(stmt.text);
    } else if (assignmentOf(stmt) && stmt.text.length <= MAX_CONSTANT_CHARS) {
      ctx.constants.push(stmt.text);
    } else {
      const summary = summarize(stmt, text);
      if (summary) {
        ctx.definitions.push(summary);
      }
    }
  }
  return ctx;
}

function summarize(stmt: Node, text: string): DefinitionSummary | undefined {
  const def = asDefinition(stmt);
  if (!def) {
    return undefined;
  }
  const summary: DefinitionSummary = {
    kind: def.kind,
    name: def.node.childForFieldName('name')?.text ?? '',
    signature: headerText(def.node, text),
  };
  const doc = firstDocLine(docstringOf(def.node));
  if (doc) {
    summary.firstDocLine = doc;
  }
  return summary;
}

/** The top-level statement that contains `node`. */
export function topLevelStatementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'module') {
    n = n.parent;
  }
  return n;
}

interface Memo {
  before: string;
  after: string;
  result: ModuleContext;
}

/** Documents whose last module context is remembered. */
const MAX_MEMOS = 16;
const memos = new Map<string, Memo>();

/**
 * `moduleContext`, reused while only the excluded statement changes — typing inside a function
 * leaves the rest of the module as it was, and re-reading a 10,000-line module on every key costs
 * far more than comparing the text around the function.
 */
export function moduleContextFor(key: string, rootOf: () => Node, text: string, exclude: [number, number]): ModuleContext {
  const before = text.slice(0, exclude[0]);
  const after = text.slice(exclude[1]);
  const memo = memos.get(key);
  if (memo && memo.before === before && memo.after === after) {
    return memo.result;
  }
  const result = moduleContext(rootOf(), text, exclude);
  memos.delete(key);
  memos.set(key, { before, after, result });
  if (memos.size > MAX_MEMOS) {
    memos.delete(memos.keys().next().value as string);
  }
  return result;
}
