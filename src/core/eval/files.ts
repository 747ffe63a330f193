import * as fs from 'fs';
import * as path from 'path';

/** Writes a file atomically: a temporary file beside it, then a rename (readers never see half a file). */
export function writeFileAtomic(file: string, data: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file);
}

/**
 * An append-only JSONL journal of finished work, read back on a re-run so finished items are skipped.
 * A torn last line (the process stopped mid-write) is ignored.
 */
export class Journal<T> {
  constructor(readonly file: string) {}

  /** Every complete record in the journal (none when it does not exist). */
  read(): T[] {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const out: T[] = [];
    for (const line of text.split('\n')) {
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // torn or blank line
      }
    }
    return out;
  }

  /** Appends records, one line each. */
  append(records: readonly T[]): void {
    if (records.length === 0) {
      return;
    }
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const text = this.endsWithNewline() ? '' : '\n';
    fs.appendFileSync(this.file, text + records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  }

  private endsWithNewline(): boolean {
    try {
      const fd = fs.openSync(this.file, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        if (size === 0) {
          return true;
        }
        const b = Buffer.alloc(1);
        fs.readSync(fd, b, 0, 1, size - 1);
        return b[0] === 0x0a;
      } finally {
        fs.closeSync(fd);
      }
    } catch {
      return true;
    }
  }
}
