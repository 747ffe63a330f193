/**
 * macOS: the Seatbelt profile (SBPL) the worker is launched under, `sandbox-exec -p PROFILE python worker.py`.
 *
 * Seatbelt cannot be narrowed per job the way Landlock + seccomp are on Linux (a sandboxed process cannot
 * apply a second profile), so one profile covers the whole worker: the worker forks a template per module
 * context and the template a child per job, which is why `process-fork` is allowed. What it gives:
 * - file writes only beneath the sandbox's temp dir (every scratch dir is beneath it) and to /dev/null;
 * - file reads only beneath the given roots (interpreter prefixes, sys.path, workspace, worker.py's
 *   folder) and the system paths below; metadata (stat) of their ancestors, so path lookups work;
 * - no network of any kind;
 * - exec of the interpreter only (sandbox-exec applies the profile, then execs it): no other program;
 * - signals only within the sandbox (Node and every other process are out of reach).
 * The jobs are further held by the Python-level guards (audit hook: no fork, exec, ctypes, signals to the
 * worker) and rlimits (RLIMIT_NPROC = 0 for non-root), as under `bestEffort`; see worker.py.
 */

/** What the profile is built from: absolute, symlink-resolved paths (Seatbelt matches resolved paths). */
export interface SeatbeltPaths {
  /** The only place writes may go: the sandbox's temp dir. */
  scratchDir: string;
  /** Read (file-read*) beneath each: interpreter prefixes, sys.path, workspace folders, worker.py's folder. */
  readRoots: readonly string[];
  /** The interpreter binaries the launch may exec (the interpreter and, for framework builds, its app stub). */
  interpreters: readonly string[];
}

/**
 * What Python and its standard library read on macOS besides the interpreter's own prefix: the OS
 * (dyld shared cache, system libraries and frameworks), Homebrew's libraries (openssl, sqlite, ...),
 * time zones, users and groups, protocols/services, random devices. No home directory, no /tmp.
 */
export const SEATBELT_SYSTEM_READ_PATHS: readonly string[] = [
  '/System', '/usr/lib', '/usr/share', '/Library/Frameworks/Python.framework',
  '/opt/homebrew/Cellar', '/opt/homebrew/opt', '/usr/local/Cellar', '/usr/local/opt', '/usr/local/lib',
  '/private/var/db/timezone', '/private/var/db/dyld', '/private/etc/localtime', '/private/etc/passwd',
  '/private/etc/group', '/private/etc/protocols', '/private/etc/services',
  '/dev/urandom', '/dev/random', '/dev/zero', '/dev/fd',
];

/** Sysctls Python reads (os.cpu_count, os.uname, platform): hardware and OS identity, no process lists. */
const SYSCTLS = ['kern.hostname', 'kern.version', 'kern.argmax', 'kern.maxfilesperproc', 'kern.usrstack64', 'kern.secure_kernel', 'machdep.cpu.brand_string', 'sysctl.proc_cputype', 'vm.loadavg'];
const SYSCTL_PREFIXES = ['hw.', 'kern.os'];
/** pwd/getpass (libinfo) and time-zone change notifications: local system services, not the network. */
const MACH_SERVICES = ['com.apple.system.opendirectoryd.libinfo', 'com.apple.system.notification_center'];

/**
 * A string literal of SBPL (a Scheme dialect): backslash and double quote escaped. Control characters
 * are refused rather than escaped: no path Passk passes has them, and a wrong escape would change the rule.
 */
export function sbplString(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(text)) {
    throw new Error(`Seatbelt profile: a path with a control character cannot be allowed: ${JSON.stringify(text)}`);
  }
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** The profile text for `sandbox-exec -p`. Throws for a relative path (it would match nothing or too much). */
export function seatbeltProfile(paths: SeatbeltPaths): string {
  const all = [paths.scratchDir, ...paths.readRoots, ...paths.interpreters];
  const relative = all.find((p) => !p.startsWith('/'));
  if (relative !== undefined) {
    throw new Error(`Seatbelt profile: paths must be absolute: ${JSON.stringify(relative)}`);
  }
  const reads = unique([...paths.readRoots, ...paths.interpreters, ...SEATBELT_SYSTEM_READ_PATHS]).filter((p) => p !== '/');
  const lines = [
    '(version 1)',
    '(deny default)',
    '; the launch: sandbox-exec applies this profile, then execs the interpreter; nothing else may be run',
    `(allow process-exec ${paths.interpreters.map((p) => `(literal ${sbplString(p)})`).join(' ')})`,
    '; the pool: the worker forks a template per module context, the template a child per job',
    '(allow process-fork)',
    '(allow signal (target same-sandbox))',
    '(allow process-info* (target self))',
    `(allow sysctl-read ${[...SYSCTLS.map((n) => `(sysctl-name ${sbplString(n)})`), ...SYSCTL_PREFIXES.map((n) => `(sysctl-name-prefix ${sbplString(n)})`)].join(' ')})`,
    `(allow mach-lookup ${MACH_SERVICES.map((n) => `(global-name ${sbplString(n)})`).join(' ')})`,
    '; reads: beneath the roots; stat of their ancestors so path lookups (realpath, getcwd) work',
    ...reads.map((p) => `(allow file-read* (subpath ${sbplString(p)}))`),
    ...ancestors([paths.scratchDir, ...reads, ...paths.interpreters]).map((p) => `(allow file-read-metadata (literal ${sbplString(p)}))`),
    '; writes: beneath the scratch dir only (and /dev/null)',
    `(allow file-read* file-write* (subpath ${sbplString(paths.scratchDir)}))`,
    '(allow file-read* file-write-data (literal "/dev/null"))',
    '; no network at all, whatever an earlier rule allows (the last matching rule wins)',
    '(deny network*)',
  ];
  return lines.join('\n') + '\n';
}

/** Every proper ancestor directory of the paths, "/" included, each once, in a stable order. */
function ancestors(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const parts = p.split('/').filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      out.push('/' + parts.slice(0, i).join('/'));
    }
  }
  return unique(out);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
