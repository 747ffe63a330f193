/**
 * Model-written tests (CodeT, Chen et al. 2022): the model continues a prompt that ends in
 * `assert `; each continuation holds zero or more assert statements. We split them at every line that
 * starts with `assert ` (CodeT splits at `assert `), keep the first statement of each piece when the
 * parser reads it as a clean `assert` that calls the function, and drop junk.
 */
import type { Node, Parser } from 'web-tree-sitter';
import { getParser, parseDetached } from '../python/parser';

/** One distinct test and how many times the model wrote it (CodeT weighs tests by their frequency). */
export interface ModelTest {
  /** The statement, e.g. `assert add(1, 2) == 3`. */
  source: string;
  weight: number;
}

/** Limits of {@link extractTests}. */
export interface ExtractOptions {
  /** Tests kept from each continuation, in order (CodeT's `test_case_limit`, 5). */
  perContinuation?: number;
  /** Distinct tests kept over all continuations, the most often written first. */
  maxTests?: number;
}

/** CodeT's defaults: the first 5 tests of each continuation, no cap on the pool. */
export const CODET_TESTS_PER_CONTINUATION = 5;

/**
 * The distinct valid tests of `continuations` (each the text the model wrote after `assert `),
 * weighted by how many continuations wrote them, most frequent first (ties: first written first).
 */
export async function extractTests(continuations: readonly string[], fnName: string, opts: ExtractOptions = {}): Promise<ModelTest[]> {
  const parser = await getParser();
  const perContinuation = opts.perContinuation ?? CODET_TESTS_PER_CONTINUATION;
  const counts = new Map<string, number>();
  for (const text of continuations) {
    for (const test of testsOf(parser, text, fnName).slice(0, perContinuation)) {
      counts.set(test, (counts.get(test) ?? 0) + 1);
    }
  }
  const tests = [...counts].map(([source, weight]) => ({ source, weight }));
  // A stable sort keeps first-written order among equal weights.
  tests.sort((a, b) => b.weight - a.weight);
  return opts.maxTests === undefined ? tests : tests.slice(0, opts.maxTests);
}

/** The valid tests of one continuation, in order (duplicates within it are kept once). */
export function testsOf(parser: Parser, continuation: string, fnName: string): string[] {
  const out: string[] = [];
  for (const piece of assertPieces(`assert ${continuation}`)) {
    const test = validTest(parser, piece, fnName);
    if (test !== undefined && !out.includes(test)) {
      out.push(test);
    }
  }
  return out;
}

/**
 * The text split before every line that starts with `assert ` after any indentation (CodeT splits at
 * every `assert `, so asserts the model indented count too); each piece starts at its `assert`.
 */
function assertPieces(text: string): string[] {
  const pieces: string[][] = [];
  for (const line of text.split('\n')) {
    const stripped = line.trimStart();
    if (stripped.startsWith('assert ') || stripped.startsWith('assert\t')) {
      pieces.push([stripped]);
    } else {
      pieces[pieces.length - 1]?.push(line);
    }
  }
  return pieces.map((lines) => lines.join('\n'));
}

/** The piece's first statement when it is a clean assert that calls `fnName` and is not a placeholder. */
function validTest(parser: Parser, piece: string, fnName: string): string | undefined {
  const tree = parseDetached(parser, piece);
  try {
    const first = tree.rootNode.firstNamedChild;
    if (!first || first.type !== 'assert_statement' || first.hasError || first.isMissing || !oneLogicalLine(first, piece)) {
      return undefined;
    }
    if (!callsFunction(first, fnName) || hasPlaceholder(first)) {
      return undefined;
    }
    return first.text.trim();
  } finally {
    tree.delete();
  }
}

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);

/**
 * Whether the statement is one logical line as Python reads it: every line break between its tokens lies
 * inside brackets or follows a backslash. (tree-sitter accepts `assert` + newline + an indented
 * expression, which Python rejects; CodeT drops what does not compile.)
 */
function oneLogicalLine(statement: Node, source: string): boolean {
  let depth = 0;
  let previous: Node | undefined;
  for (const token of leaves(statement)) {
    if (previous && token.startPosition.row > previous.endPosition.row && depth === 0) {
      const between = source.slice(previous.endIndex, token.startIndex);
      if (!/\\\r?\n/.test(between)) {
        return false;
      }
    }
    if (OPENING.has(token.type)) {
      depth++;
    } else if (CLOSING.has(token.type)) {
      depth--;
    }
    previous = token;
  }
  return true;
}

/** The statement's tokens in source order (a string is one token: its inner line breaks are its own). */
function leaves(node: Node): Node[] {
  if (node.childCount === 0 || node.type === 'string') {
    return [node];
  }
  return node.children.flatMap((c) => (c ? leaves(c) : []));
}

/** Whether some call in the statement calls `fnName` (directly or as `x.fnName`). */
function callsFunction(node: Node, fnName: string): boolean {
  return node.descendantsOfType('call').some((call) => {
    const callee = call?.childForFieldName('function');
    if (!callee) {
      return false;
    }
    if (callee.type === 'identifier') {
      return callee.text === fnName;
    }
    return callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === fnName;
  });
}

/** `____`-style names: the model's fill-in-the-blank placeholders, never a real test. */
function hasPlaceholder(node: Node): boolean {
  return node.descendantsOfType('identifier').some((id) => id !== null && /^_{2,}$/.test(id.text));
}
