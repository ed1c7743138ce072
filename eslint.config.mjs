// typescript-eslint's and eslint-plugin-vue's maintained recommended configs; zero warnings allowed.
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import { importX } from 'eslint-plugin-import-x'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.data/**',
      '**/coverage/**',
      '**/artifacts/**',
      'client/src/uni_modules/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser, uni: 'readonly', wx: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // No import cycles in the workspace's own code; the resolver follows each package's tsconfig
    // paths (client's `@/…`) and the `shared` workspace package, .vue files included.
    files: ['{client,server,shared}/**/*.{ts,mts,vue}'],
    plugins: { 'import-x': importX },
    // import-x parses each imported file with the importer's parser options: a .ts file importing a
    // .vue one must hand vue-eslint-parser its inner TS parser too (typescript-eslint ignores it).
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    settings: {
      'import-x/extensions': ['.ts', '.mts', '.js', '.mjs', '.vue'],
      // Imported .vue files are parsed as Vue SFCs (with TS inside), not as TypeScript.
      'import-x/parsers': { 'vue-eslint-parser': ['.vue'], '@typescript-eslint/parser': ['.ts', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['client/tsconfig.json', 'server/tsconfig.json', 'shared/tsconfig.json'],
          noWarnOnMultipleProjects: true,
          extensions: ['.ts', '.mts', '.d.ts', '.js', '.mjs', '.vue', '.json'],
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
)
