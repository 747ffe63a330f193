/** Cursor-marked fixtures: `║` marks the cursor in a text. */
import * as fs from 'fs';
import * as path from 'path';

/** The cursor marker used in fixtures. */
export const CURSOR = '║';

/** Splits a cursor-marked text into the text and the cursor offset. */
export function atCursor(marked: string): { text: string; offset: number } {
  const offset = marked.indexOf(CURSOR);
  if (offset === -1 || marked.indexOf(CURSOR, offset + 1) !== -1) {
    throw new Error('a fixture needs exactly one cursor marker ║');
  }
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** Reads test/fixtures/python/<name> (the tests run from out/test/unit/...). */
export function pythonFixture(name: string): string {
  return fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'python', name), 'utf8');
}

/** All cursor offsets of a text with several `║` markers, in the text without any marker. */
export function cursors(marked: string): { text: string; offsets: number[] } {
  const parts = marked.split(CURSOR);
  const offsets: number[] = [];
  let at = 0;
  for (const part of parts.slice(0, -1)) {
    at += part.length;
    offsets.push(at);
  }
  return { text: parts.join(''), offsets };
}
