// ESLint flat config: typescript-eslint's recommended rules, eslint-plugin-vue for the web app's
// single-file components, with prettier owning formatting.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'coverage/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
    // vue-tsc type-checks the components: it knows the DOM globals that no-undef does not.
    rules: { 'no-undef': 'off' },
  },
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Views are named after their route (ModelerView, TasksView); App is the root.
      'vue/multi-word-component-names': ['error', { ignores: ['App'] }],
    },
  },
);
