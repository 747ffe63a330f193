/**
 * Whether and what to complete in a function: the whole body right after the docstring (or an empty
 * body), the rest of a partly written body, or nothing when the function is already finished.
 */
import type { Node } from 'web-tree-sitter';
import type { Decision } from '../types';
import { isBlank } from '../python/text';

/** Statements after which a body is finished when nothing follows them. */
const TERMINAL_TYPES = new Set(['return_statement', 'raise_statement', 'pass_statement']);

/** Decides from the body so far, the function's text after the cursor and its last statement. */
export function decide(fnNode: Node, name: string, bodySoFar: string, suffixInFunction: string, offset: number): Decision {
  if (isBlank(bodySoFar)) {
    return isBlank(suffixInFunction) ? { kind: 'body' } : { kind: 'rest' };
  }
  if (isBlank(suffixInFunction) && endsWithTerminal(fnNode, offset)) {
    return { kind: 'none', reason: `function ${name} is already complete` };
  }
  return { kind: 'rest' };
}

/** The body's last statement before the cursor returns, raises, passes or is `...`, and is well-formed. */
function endsWithTerminal(fnNode: Node, offset: number): boolean {
  const statements = (fnNode.childForFieldName('body')?.namedChildren ?? []).filter(
    (s): s is Node => !!s && s.type !== 'comment' && s.startIndex < offset,
  );
  const last = statements[statements.length - 1];
  if (!last || last.hasError || last.endIndex > offset) {
    return false;
  }
  if (last.type === 'return_statement' && last.namedChildCount === 0 && last.endIndex === offset) {
    return false; // a bare `return` being typed: its value probably comes next
  }
  return TERMINAL_TYPES.has(last.type) || (last.type === 'expression_statement' && last.text === '...');
}
