// Lint: the layering rules of ARCHITECTURE.md, enforced. Each layer may import only what lies
// below it; `npm test` runs this before any test.
import tseslint from 'typescript-eslint';

/** A no-restricted-imports rule from gitignore-style patterns, with the reason shown on a hit. */
const only = (message, ...group) => ['error', { patterns: [{ group, message }] }];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-vsix/**', 'node_modules/**', 'test-output/**'] },
  {
    files: ['src/**/*.ts', 'media/**/*.ts', 'test/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      // A leading underscore names a value that is deliberately unused (`for await (const _chunk …)`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': only(
        'src/domain is pure: no VS Code, sql.js, Node or other layers; time comes from a Clock.',
        'vscode',
        'sql.js',
        'node:*',
        'fs',
        'path',
        'os',
        '../*',
      ),
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': only(
        'src/app holds use cases over ports: no VS Code, adapters, UI, wire formats or exports.',
        'vscode',
        'sql.js',
        'node:*',
        '../storage/*',
        '../watchers/*',
        '../logs/*',
        '../ui/*',
        '../export/*',
        '../shared/protocol',
        '../container',
        '../extension',
      ),
    },
  },
  {
    files: ['src/shared/**/*.ts', 'src/export/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': only(
        'src/shared and src/export are pure formats: only the domain below them.',
        'vscode',
        'sql.js',
        'node:*',
        '../app/*',
        '../storage/*',
        '../watchers/*',
        '../logs/*',
        '../ui/*',
      ),
    },
  },
  {
    files: ['media/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['vscode', 'node:*'], message: 'The webview runs in a browser.' },
            { regex: '^(\\.\\./)+src/(?!shared/)', message: 'The webview shares only src/shared with the extension.' },
          ],
        },
      ],
    },
  },
);
