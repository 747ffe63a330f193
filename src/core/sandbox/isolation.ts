import { execFile } from 'child_process';

/** How the worker is cut off from the network, beyond the audit hook that refuses sockets. */
export type NetworkIsolation = 'namespace' | 'user-namespace' | 'none';

let cached: Promise<{ kind: NetworkIsolation; prefix: string[] }> | undefined;

/**
 * Finds out once whether `unshare -n` (as root / with CAP_SYS_ADMIN) or `unshare -rn` (unprivileged user
 * namespaces) works here; the worker is then started inside a fresh network namespace with no interfaces
 * up, so even a socket opened past the audit hook reaches nothing, not even 127.0.0.1.
 */
export function networkIsolation(): Promise<{ kind: NetworkIsolation; prefix: string[] }> {
  cached ??= detect();
  return cached;
}

async function detect(): Promise<{ kind: NetworkIsolation; prefix: string[] }> {
  if (process.platform !== 'linux') {
    return { kind: 'none', prefix: [] };
  }
  if (await works(['-n', 'true'])) {
    return { kind: 'namespace', prefix: ['unshare', '-n', '--'] };
  }
  if (await works(['-rn', 'true'])) {
    return { kind: 'user-namespace', prefix: ['unshare', '-rn', '--'] };
  }
  return { kind: 'none', prefix: [] };
}

function works(args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('unshare', args, { timeout: 3000 }, (err) => resolve(!err));
  });
}
