import * as fs from 'fs';
import * as zlib from 'zlib';
import { at, EvalInputError } from './inputError';
import { errorMessage } from '../errorMessage';

/** One parsed JSON line with its 1-based line number. */
export interface JsonLine {
  line: number;
  value: Record<string, unknown>;
}

/** Reads a JSONL file (gzip-compressed when its name ends in `.gz`); blank lines are skipped. */
export function readJsonl(file: string): JsonLine[] {
  return parseJsonl(readText(file), file);
}

/** Parses JSONL text; each bad line is an `EvalInputError` naming `file:line`. */
export function parseJsonl(text: string, file: string): JsonLine[] {
  const out: JsonLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') {
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw at(file, i + 1, `not valid JSON (${errorMessage(e)})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw at(file, i + 1, 'expected a JSON object');
    }
    out.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  return out;
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new EvalInputError(`${file}: cannot read (${code === 'ENOENT' ? 'no such file' : code ?? 'error'})`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      return zlib.gunzipSync(bytes).toString('utf8');
    } catch {
      throw new EvalInputError(`${file}: not a valid gzip file`);
    }
  }
  if (file.endsWith('.gz')) {
    throw new EvalInputError(`${file}: named .gz but not gzip-compressed`);
  }
  return bytes.toString('utf8');
}

/** A required string field, or an error naming the line. */
export function stringField(obj: JsonLine, name: string, file: string): string {
  const v = obj.value[name];
  if (typeof v !== 'string') {
    throw at(file, obj.line, v === undefined ? `missing field "${name}"` : `field "${name}" must be a string`);
  }
  return v;
}
