import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import layering from './eslint-rules/layering.js';

export default tseslint.config(
  {
    ignores: ['out/**', 'node_modules/**', 'bench/results/**', 'test/artifacts/**', 'coverage/**'],
  },
  // The extension-less CLI entry is plain ESM JavaScript.
  { files: ['bin/parley'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      // Prettier owns template layout; these stylistic rules would fight it.
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Only the composition root, the shell and the Electron IPC adapter may touch Electron.
    files: ['main/**/*.ts', 'bin/**'],
    ignores: ['main/index.ts', 'main/shell/**', 'main/ipc/electron-*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message:
                'Only main/index.ts, main/shell/ and main/ipc/electron-*.ts import electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*'],
              message: 'The renderer talks to main only through renderer/src/api.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Imports run downward only; see docs/architecture.md.
    files: ['main/**/*.ts', 'preload/**/*.ts', 'renderer/**/*.{ts,vue}'],
    plugins: { parley: { rules: { layering } } },
    rules: {
      'parley/layering': 'error',
      // Small functions: split by responsibility past this.
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
);
