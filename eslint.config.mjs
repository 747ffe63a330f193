import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'build/**', 'node_modules/**', '**/*.mjs', 'media/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      curly: 'error',
    },
  },
  {
    // The core is plain Node: it runs in the CLI and in unit tests without VS Code.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not import vscode: keep it plain Node.' }],
        patterns: [{ group: ['**/vscode/**', '**/cli/**'], message: 'src/core imports only src/core.' }],
      }],
    },
  },
  {
    // The editor's logic without VS Code (engine, cache, debounce, execution service): unit-tested in
    // plain Node and driven by the benches, so it may import src/core but not vscode.
    files: ['src/vscode/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/vscode/engine runs without VS Code (unit tests, benches): pass what it needs in.' }],
        patterns: [{ regex: '^\\.\\./(?!\\.\\./core(/|$))', message: 'src/vscode/engine imports only src/core and itself.' }],
      }],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }],
        patterns: [{ group: ['**/vscode/**'], message: 'The CLI imports only src/core.' }],
      }],
    },
  },
);
