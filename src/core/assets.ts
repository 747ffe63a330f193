import * as fs from 'fs';
import * as path from 'path';

/**
 * Finds a file the core loads at run time (grammar wasm, the sandbox worker).
 * The bundle keeps them beside itself in dist/; the compiled tests (out/src/core/...) find them in
 * the repository's resources/, src/ or node_modules/. Nothing is downloaded.
 */
export function findAsset(name: string): string {
  for (const dir of assetDirs()) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) {
      return candidate;
    }
  }
  throw new Error(`Passk is missing its file ${name}; reinstall the extension.`);
}

function assetDirs(): string[] {
  const dirs = [__dirname];
  const root = packageRoot(__dirname);
  if (root) {
    dirs.push(
      path.join(root, 'dist'),
      path.join(root, 'resources'),
      path.join(root, 'src', 'core', 'sandbox'),
      path.join(root, 'node_modules', 'web-tree-sitter'),
    );
  }
  return dirs;
}

function packageRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'resources'))) {
      return dir;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}
