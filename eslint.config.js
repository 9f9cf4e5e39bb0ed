// Lint: TypeScript rules plus the import boundaries of STYLE.md §1 — src-shared runs
// anywhere, src-main/core never sees Electron, src-renderer never sees Node.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'stream', 'url', 'util', 'zlib', 'worker_threads'];
const NATIVE = ['better-sqlite3', '@napi-rs/keyring', 'fluent-ffmpeg', 'ffmpeg-static', 'ffprobe-static', 'node-cron', 'ws', 'drizzle-orm', 'drizzle-orm/*'];

const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'bench/.out/**', 'build/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'migrations/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      ...restrict([...NODE_BUILTINS, ...NATIVE, 'electron', 'react', 'react-dom', '**/src-main/**', '**/src-renderer/**'], 'src-shared runs everywhere: no Node, DOM, Electron or app code.'),
      'no-console': 'error',
    },
  },
  {
    files: ['src-main/core/**/*.ts', 'src-main/server/**/*.ts', 'src-main/cli/**/*.ts'],
    rules: {
      ...restrict(['electron', '**/electron/**', '**/src-renderer/**', 'react', 'react-dom'], 'The core and its non-Electron shells never import Electron or the renderer.'),
      'no-console': 'error',
    },
  },
  {
    files: ['src-main/electron/**/*.ts'],
    rules: { ...restrict(['**/src-renderer/**', 'react', 'react-dom'], 'The Electron shell does not import the renderer.'), 'no-console': 'error' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...restrict([...NODE_BUILTINS, ...NATIVE, 'electron', '**/src-main/**'], 'The renderer runs in a browser sandbox: it reaches the core only through the api client.'),
      'no-console': 'error',
    },
  },
);
