/**
 * Does a docstring match the real code? Every parameter documented and none invented; a Returns
 * (or Yields) section when the body returns a value, none when it cannot; each exception the body
 * raises itself listed under Raises.
 */
import { normaliseParamName, readSections } from './sections';
import type { DocstringStyle, DocTarget, SignatureCheck } from './types';

/** What the check reads from a target: the parameters always, the body facts when known. */
export type CheckedTarget = Pick<DocTarget, 'params'> & Partial<Pick<DocTarget, 'kind' | 'returnsValue' | 'yields' | 'raises'>>;

/** The parameter names a docstring for `target` should document, in signature order. */
export function documentableParams(target: Pick<DocTarget, 'params'>): string[] {
  return target.params
    .filter((p) => p.kind !== 'positional-only-marker' && p.kind !== 'keyword-only-marker')
    .map((p) => normaliseParamName(p.name))
    .filter((name) => name !== '');
}

/**
 * Compares what `docText` documents with `target`. A `plain` docstring need not have sections
 * (PEP 257 prose), so nothing counts as missing there, but a name it lists in a section that the
 * signature lacks is still invented.
 */
export function checkSignature(docText: string, target: CheckedTarget, style: DocstringStyle): SignatureCheck {
  const expected = documentableParams(target);
  const sections = readSections(docText);
  const invented = sections.params.filter((name) => !expected.includes(name));
  const sectioned = style !== 'plain';
  const missing = sectioned ? expected.filter((name) => !sections.params.includes(name)) : [];
  const missingSections: string[] = [];
  const extraSections: string[] = [];
  if (sectioned && target.kind !== 'class') {
    const produces = target.returnsValue === true || target.yields === true;
    if (produces && !sections.hasReturns) {
      missingSections.push(target.yields ? 'Yields' : 'Returns');
    }
    if (target.returnsValue === false && target.yields === false && sections.hasReturns) {
      extraSections.push('Returns');
    }
    const raised = (target.raises ?? []).filter((name) => !sections.raises.some((r) => sameException(r, name)));
    missingSections.push(...raised.map((name) => `Raises ${name}`));
  }
  const ok = missing.length + invented.length + missingSections.length + extraSections.length === 0;
  return { missing, invented, missingSections, extraSections, ok };
}

/** `ValueError` and `builtins.ValueError` name the same exception. */
function sameException(a: string, b: string): boolean {
  return a.split('.').pop() === b.split('.').pop();
}
