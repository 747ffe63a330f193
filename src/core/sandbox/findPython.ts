import { execFile } from 'child_process';
import { errorMessage } from '../errorMessage';

/** No usable Python 3.8+ interpreter (audit hooks need 3.8). */
export class PythonNotFoundError extends Error {
  constructor(tried: string[], detail: string) {
    super(
      `Passk needs Python 3.8 or newer to run docstring examples, but found none (tried ${tried.join(', ')}). ` +
        `Install Python, select an interpreter in the Python extension, or set passk.python.path. ${detail}`.trim(),
    );
    this.name = 'PythonNotFoundError';
  }
}

// Version, executable, then the prefixes and sys.path (what the macOS profile lets the worker read), one a line.
const PROBE =
  'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable); ' +
  'print("\\n".join([sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix] + [p for p in sys.path if p]))';
const PROBE_TIMEOUT_MS = 5000;

/**
 * Finds a Python interpreter: `preferred` if given and it works, else `python3`, else `python` on PATH.
 * Returns the interpreter's own path (`sys.executable`, so wrappers such as pyenv shims are not paid for on
 * every start), its version and the folders it reads (prefixes, sys.path). Throws `PythonNotFoundError` with a clear message.
 */
export async function findPython(preferred?: string): Promise<{ python: string; version: string; roots: string[] }> {
  const candidates = [preferred, 'python3', 'python'].filter((c): c is string => !!c && c.trim() !== '');
  const problems: string[] = [];
  for (const candidate of candidates) {
    try {
      const [version = '', executable, ...roots] = (await probe(candidate)).split('\n').map((l) => l.trim());
      const [major, minor] = version.split('.').map(Number);
      if (major === 3 && (minor ?? 0) >= 8) {
        return { python: executable || candidate, version, roots: roots.filter((r) => r.startsWith('/')) };
      }
      problems.push(`${candidate} is Python ${version}`);
    } catch (e) {
      problems.push(`${candidate}: ${errorMessage(e).split('\n')[0]}`);
    }
  }
  throw new PythonNotFoundError(candidates, problems.join('; '));
}

function probe(python: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', PROBE], { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (err, stdout) => {
      if (err) {
        reject(err);
      } else {
        resolve(stdout.trim());
      }
    });
  });
}
