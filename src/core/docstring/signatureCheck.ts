/**
 * Does a docstring document exactly the real parameters? Every parameter documented, none invented.
 */
import { normaliseParamName, readSections } from './sections';
import type { DocstringStyle, DocTarget, SignatureCheck } from './types';

/** The parameter names a docstring for `target` should document, in signature order. */
export function documentableParams(target: Pick<DocTarget, 'params'>): string[] {
  return target.params
    .filter((p) => p.kind !== 'positional-only-marker' && p.kind !== 'keyword-only-marker')
    .map((p) => normaliseParamName(p.name))
    .filter((name) => name !== '');
}

/**
 * Compares what `docText` documents with `target`'s signature. A `plain` docstring need not list the
 * parameters (PEP 257 prose), so nothing counts as missing there, but a name it lists in a section
 * that the signature lacks is still invented.
 */
export function checkSignature(
  docText: string,
  target: Pick<DocTarget, 'params'>,
  style: DocstringStyle,
): SignatureCheck {
  const expected = documentableParams(target);
  const documented = readSections(docText).params;
  const invented = documented.filter((name) => !expected.includes(name));
  const missing = style === 'plain' ? [] : expected.filter((name) => !documented.includes(name));
  return { missing, invented, ok: missing.length === 0 && invented.length === 0 };
}
