/**
 * What the samples do with an unhinted parameter tells its type better than its name: `s.split()` wants a
 * string, `xs.append(1)` a list, `range(n)` an int, `d.items()` a dict. Each sample votes for the type its
 * own code uses the parameter as (when it shows one); the type most samples agree on wins. The samples
 * are only read, never run.
 */
import type { TypeSpec } from './typeHints';

const INT: TypeSpec = { k: 'int' };
const STR: TypeSpec = { k: 'str' };
const INT_LIST: TypeSpec = { k: 'list', of: INT };
const STR_LIST: TypeSpec = { k: 'list', of: STR };
const DICT: TypeSpec = { k: 'dict', key: STR, value: INT };

/** Uses that only a value of one type supports, strongest evidence first; `P` stands for the parameter. */
const USES: readonly (readonly [TypeSpec, readonly string[]])[] = [
  [DICT, ['P\\.(?:items|keys|values)\\(\\)']],
  [STR_LIST, ["['\"][^'\"]*['\"]\\.join\\(P\\)", 'sorted\\(P, key=len\\)']],
  [INT_LIST, ['P\\.(?:append|extend|insert|sort|pop|remove)\\(', '(?:sum|sorted|max|min)\\(P\\)']],
  [STR, ['P\\.(?:split|lower|upper|strip|lstrip|rstrip|isalpha|isdigit|isupper|islower|isspace|replace|startswith|endswith|swapcase|capitalize|title|find)\\(', 'ord\\(P\\)']],
  [INT, ['range\\((?:[^()]*,\\s*)?P\\s*(?:[+-]\\s*\\d+\\s*)?\\)', 'P\\s*(?:%|//|\\*\\*)\\s*\\w', 'P\\s*[<>]=?\\s*-?\\d', '(?:bin|hex|abs)\\(P\\)']],
];

/**
 * The type most samples use `param` as, when at least two samples and a majority of those that show a
 * use agree; undefined otherwise.
 */
export function typeFromUsage(param: string, samples: readonly string[]): TypeSpec | undefined {
  const patterns = USES.map(([type, uses]) => [type, uses.map((u) => new RegExp(`(?<![\\w.])${u.replace(/P/g, escapeRe(param))}`))] as const);
  const votes = new Map<TypeSpec, number>();
  let shown = 0;
  for (const code of samples) {
    const hit = patterns.find(([, res]) => res.some((re) => re.test(code)));
    if (hit) {
      shown++;
      votes.set(hit[0], (votes.get(hit[0]) ?? 0) + 1);
    }
  }
  const [best] = [...votes].sort((a, b) => b[1] - a[1]);
  return best && best[1] >= 2 && best[1] * 2 > shown ? best[0] : undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
