import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.tmp/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // The domain must stay pure: it may not import the outer layers.
      'no-restricted-imports': 'off',
    },
  },
  {
    // Browser scripts served to the pages.
    files: ['src/web/public/**/*.js'],
    languageOptions: {
      globals: { window: 'readonly', document: 'readonly', FormData: 'readonly', XMLHttpRequest: 'readonly' },
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            '../db/*',
            '../web/*',
            '../cli/*',
            '../import/*',
            '../export/*',
            '../services/*',
            'node:*',
          ],
        },
      ],
    },
  },
);
