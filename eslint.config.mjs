// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** A no-restricted-imports option that refuses these modules (names or globs), with the layer's rule as the message. */
function layer(message, ...patterns) {
  return { patterns: patterns.map((group) => ({ group: [group], message })) };
}

const EVAL = { selector: "CallExpression[callee.name='eval']", message: 'Never eval text.' };
/** A run's table can hold 200,000 rows: spread into an argument list, that overflows the stack. */
const SPREAD_INTO_ARGUMENTS = {
  selector: "CallExpression[callee.property.name=/^(push|unshift|splice|max|min|fromCharCode|apply|append|prepend|replaceChildren)$/] > SpreadElement",
  message: 'Do not spread an array into push/splice/Math.max/append/replaceChildren…: past ~120k items it overflows the stack. Use a loop, reduce, or appendAll (webview/ui/dom.ts).',
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.tools/**', '.vscode-test/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', process: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', URL: 'readonly', __dirname: 'readonly', require: 'readonly',
        module: 'writable', AbortController: 'readonly', AbortSignal: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly',
        performance: 'readonly', structuredClone: 'readonly', fetch: 'readonly', document: 'readonly', window: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', EVAL],
    },
  },
  {
    // mocha loads reporters with require(); this one stays CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Product code handles run tables of any size; tests and benches build small arrays on purpose.
    files: ['src/**', 'webview/**'],
    rules: { 'no-restricted-syntax': ['error', EVAL, SPREAD_INTO_ARGUMENTS] },
  },
  // The layers and which way imports go (ARCHITECTURE.md): core ← cli; core ← shared ← extension; shared ← webview.
  {
    files: ['src/core/**'],
    rules: { 'no-restricted-imports': ['error', layer('src/core is the engine: plain Node, no VS Code, no webview messages, no CLI.', 'vscode', '**/shared/**', '**/extension/**', '**/cli/**', '**/webview/**')] },
  },
  {
    files: ['src/cli/**'],
    rules: { 'no-restricted-imports': ['error', layer('src/cli is the engine\'s command line: it imports src/core only.', 'vscode', '**/shared/**', '**/extension/**', '**/webview/**')] },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', layer('src/shared holds the webview messages: plain data and guards, loaded in the browser too.', 'vscode', 'node:*', '**/extension/**', '**/cli/**', '**/webview/**')],
    },
  },
  {
    files: ['src/extension/**'],
    rules: { 'no-restricted-imports': ['error', layer('src/extension uses the engine (src/core) and the messages (src/shared), never the CLI or webview code.', '**/cli/**', '**/webview/**')] },
  },
  {
    files: ['webview/**'],
    rules: {
      'no-restricted-imports': ['error', layer('webview code runs in the browser: it talks to the extension through src/shared only.', 'vscode', 'node:*', '**/src/core/**', '**/src/extension/**', '**/src/cli/**')],
    },
  },
);
