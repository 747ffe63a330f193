/** Reads test/fixtures/postprocess/cases.txt (format in that folder's README). */
import * as fs from 'fs';
import * as path from 'path';

export interface PostprocessCase {
  name: string;
  document: string;
  sample: string;
  /** undefined when the sample must be dropped. */
  expected?: string;
}

export const FIXTURE_DIR = path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'postprocess');

const visible = (s: string): string => s.replace(/·/g, ' ').replace(/→/g, '\t');

/** Parses every case of a fixture file. */
export function readCases(file = 'cases.txt'): PostprocessCase[] {
  const text = fs.readFileSync(path.join(FIXTURE_DIR, file), 'utf8');
  return text
    .split(/^### /m)
    .slice(1)
    .map((chunk) => {
      const [name = '', ...rest] = chunk.split('\n');
      const sections = sectionsOf(rest.join('\n'));
      const expected = sections.expected ?? '';
      return {
        name: name.trim(),
        document: visible(sections.document ?? '') + '\n',
        sample: visible(sections.sample ?? ''),
        expected: expected === '<dropped>' ? undefined : visible(expected),
      };
    });
}

function sectionsOf(body: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of body.split(/^--- /m).slice(1)) {
    const nl = part.indexOf('\n');
    out[part.slice(0, nl).trim()] = part.slice(nl + 1).replace(/\n$/, '');
  }
  return out;
}
