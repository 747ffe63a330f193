/**
 * What the sandbox loads before running a sample: what a real import of the file would run — every
 * top-level statement, verbatim, except `if __name__ == "__main__":` blocks, the function being
 * completed and statements that do not parse. This is the one place that decides; worker.py runs the
 * result as given, inside the kernel sandbox, and reports each statement that fails or times out.
 */
import type { Node } from 'web-tree-sitter';
import { getParser, parseDetached, parserIfReady } from './parser';
import type { OffsetRange } from '../types';

/**
 * The module source of `text` for execution: its top-level statements but the `__main__` block and the
 * module docstring, in file order, each verbatim.
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
  return node.type !== 'comment' && !isMainGuard(node) && !isBareString(node);
}

/** `if __name__ == "__main__":` (either order of the comparison, either quote). */
function isMainGuard(node: Node): boolean {
  const test = node.type === 'if_statement' ? node.childForFieldName('condition') : null;
  return !!test && test.type === 'comparison_operator' && /^(__name__\s*==\s*(['"])__main__\2|(['"])__main__\3\s*==\s*__name__)$/.test(test.text);
}

/** A docstring or other lone string: nothing to run. */
function isBareString(node: Node): boolean {
  return node.type === 'expression_statement' && node.namedChildCount === 1 && node.firstNamedChild?.type === 'string';
}
