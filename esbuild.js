// Bundles the extension and the CLI. Type-checking is its own step (`npm run check-types`).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Files loaded at run time from beside the bundle (nothing is downloaded). */
const runtimeAssets = [
  'node_modules/web-tree-sitter/web-tree-sitter.wasm',
  'resources/tree-sitter-python.wasm',
  'src/core/sandbox/worker.py',
];

function copyAssets() {
  fs.mkdirSync('dist', { recursive: true });
  for (const file of runtimeAssets) {
    if (fs.existsSync(file)) {
      fs.copyFileSync(file, path.join('dist', path.basename(file)));
    }
  }
}

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      copyAssets();
      if (watch) console.log('[watch] build finished');
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'silent',
  // The ESM build of web-tree-sitter calls createRequire(import.meta.url), undefined in CJS output.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs' },
  // node-llama-cpp ships per-platform native binaries: loaded lazily, never bundled.
  external: ['vscode', 'node-llama-cpp'],
  plugins: [problemMatcher],
};

async function main() {
  const contexts = await Promise.all([
    // The candidates webview's script: runs in the browser, under the panel's CSP (one file, no eval).
    esbuild.context({
      ...common,
      entryPoints: ['src/webview/panel.ts'],
      outfile: 'dist/panel.js',
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      alias: {},
      external: [],
    }),
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' }),
    esbuild.context({
      ...common,
      entryPoints: ['src/cli/main.ts'],
      outfile: 'dist/cli.js',
      banner: { js: '#!/usr/bin/env node' },
    }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
