/**
 * What the sandbox loads before running a sample: the file's imports, constant-like assignments and
 * top-level definitions, verbatim — never its other statements (no `main()`, no `if __name__`).
 */
import type { Node } from 'web-tree-sitter';
import { asDefinition } from './definitions';
import { getParser, parseDetached, parserIfReady } from './parser';
import { isGuardedImport, isImport, isSimpleAssignment } from './statements';
import type { OffsetRange } from '../types';

/**
 * The module source of `text` for execution: imports, simple constant assignments and top-level
 * `def`/`class` statements (decorators included), in file order, each verbatim.
 * Statements with syntax errors (or an empty block) are dropped, as is any statement overlapping `exclude`.
 * Needs the parser: `await getParser()` once before (or use `loadModuleSourceForExecution`).
 */
export function moduleSourceForExecution(text: string, exclude: OffsetRange[] = []): string {
  const tree = parseDetached(parserIfReady(), text);
  try {
    return keptStatements(tree.rootNode, exclude)
      .map((n) => n.text)
      .join('\n');
  } finally {
    tree.delete();
  }
}

/** `moduleSourceForExecution` that initialises the parser first. */
export async function loadModuleSourceForExecution(text: string, exclude: OffsetRange[] = []): Promise<string> {
  await getParser();
  return moduleSourceForExecution(text, exclude);
}

function keptStatements(root: Node, exclude: OffsetRange[]): Node[] {
  return root.namedChildren.filter(
    (n): n is Node =>
      !!n && !n.hasError && !hasEmptyBlock(n) && isExecutable(n) && !exclude.some((r) => n.startIndex < r.end && r.start < n.endIndex),
  );
}

/** tree-sitter accepts a block with no statements (`for x in y:` then nothing); Python does not. */
export function hasEmptyBlock(node: Node): boolean {
  return node.descendantsOfType('block').some((b) => b.namedChildren.every((c) => !c || c.type === 'comment'));
}

function isExecutable(node: Node): boolean {
  return isImport(node) || isGuardedImport(node) || isSimpleAssignment(node) || asDefinition(node) !== undefined;
}
