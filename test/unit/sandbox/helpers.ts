import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root (tests run from out/test/unit/sandbox). */
export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'sandbox');

/** A fresh temp dir, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under dir with its size and mtime, to assert nothing changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      const st = fs.lstatSync(p);
      out[path.relative(dir, p)] = `${entry.isDirectory() ? 'd' : 'f'}:${st.size}:${st.mtimeMs}:${st.mode}`;
      if (entry.isDirectory()) {
        walk(p);
      }
    }
  };
  walk(dir);
  return out;
}
