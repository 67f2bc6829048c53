import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist', 'dist-*', 'node_modules', 'bench-out', 'test-results', 'src/cli/.bench.bundle.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests build hostile and random inputs on purpose.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // Pure modules must run in Node and workers: no React, three or DOM.
    files: ['src/model/**', 'src/layout/**', 'src/traffic/**', 'src/solver/**', 'src/share/**', 'src/cli/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['react', 'react-dom', 'three', '@react-three/*', '**/view/**', '**/ui/**', '**/state/**'],
          // The bench bundle renames an imported `performance` (performance2), and a function
          // handed to page.evaluate then fails in the browser: the global is the same clock.
          paths: [{ name: 'node:perf_hooks', importNames: ['performance'], message: 'use the global performance' }],
        },
      ],
    },
  },
);
