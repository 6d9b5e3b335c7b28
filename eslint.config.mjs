import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const noVscode = { name: 'vscode', message: 'The core and the CLI must not depend on VS Code: convert at the edge in src/extension.' };
const noEditorAdapters = { group: ['**/extension/**', '**/extension'], message: 'The core and the CLI must not depend on the editor adapters.' };
const nodeMessage = 'The core must not use Node built-ins (it also runs in the browser): take what it needs through a host interface, with the Node adapter in src/node.';
const noNodeBuiltins = builtinModules.filter((name) => !name.startsWith('_') && !name.includes('/')).map((name) => ({ name, message: nodeMessage }));
const noNodePrefix = { group: ['node:*', ...builtinModules.filter((name) => !name.startsWith('_') && !name.includes('/')).map((name) => `${name}/*`)], message: nodeMessage };
const noNodeAdapters = { group: ['**/node/**', '**/node'], message: 'The core must not depend on the Node adapters in src/node.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.cache/**', 'out/**', '.vscode-test/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['src/core/**/*.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noEditorAdapters] }] },
  },
  {
    // The core runs in Node and in the browser (vscode.dev): no Node built-in, no Node adapter.
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode, ...noNodeBuiltins], patterns: [noEditorAdapters, noNodePrefix, noNodeAdapters] }] },
  },
  {
    // The Node adapters (file system, git, PDF files) must not reach the editor either.
    files: ['src/node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noEditorAdapters] }] },
  },
  {
    files: ['esbuild.js', 'scripts/**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
