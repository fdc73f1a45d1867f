// ESLint 9 flat config: JS + TypeScript (not type-aware, to stay fast) + Vue, Prettier owns formatting.
// The local `zhongshu/layers` rule keeps the architecture's layers apart (docs: architecture.md).
import { builtinModules } from 'node:module'
import { dirname, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import { defineConfig } from 'eslint/config'
import prettier from 'eslint-config-prettier'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const ROOT = dirname(fileURLToPath(import.meta.url))

/**
 * Who may import what. A file belongs to the first layer whose folder contains it; `forbid` lists
 * target layers (folders), plus `electron` (the Electron module) and `node` (Node built-ins).
 */
const LAYERS = [
  {
    folder: 'electron/contract',
    forbid: [
      'electron',
      'node',
      'electron/engine',
      'electron/host',
      'electron/main',
      'electron/preload',
      'electron/sim',
      'renderer',
    ],
    why: 'the contract is isomorphic (engine and renderer share it), so it depends on nothing but libraries',
  },
  {
    folder: 'electron/engine',
    forbid: ['electron', 'electron/main', 'electron/preload', 'renderer'],
    why: 'the engine is plain Node and knows nothing of the shell or the UI',
  },
  {
    folder: 'electron/host',
    forbid: ['electron', 'electron/main', 'electron/preload', 'renderer'],
    why: 'the host runs the engine as plain Node (browser mode, tests, Electron child)',
  },
  {
    folder: 'electron/sim',
    forbid: ['electron', 'electron/main', 'electron/preload', 'renderer'],
    why: 'the simulator plays the county platform over MQTT and runs as plain Node',
  },
  {
    folder: 'electron/main',
    forbid: ['electron/engine', 'electron/host', 'electron/sim', 'renderer'],
    why: 'the shell starts the engine as a separate process by path, never in-process',
  },
  {
    folder: 'electron/preload',
    forbid: ['node', 'electron/engine', 'electron/host', 'electron/main', 'electron/sim', 'renderer'],
    why: 'the preload is sandboxed: only contextBridge and its own files',
  },
  {
    folder: 'renderer',
    forbid: [
      'electron',
      'node',
      'electron/engine',
      'electron/host',
      'electron/main',
      'electron/sim',
      'electron/preload',
    ],
    // The bridge's types (window.zhongshu) are pure and shared on purpose.
    allow: ['electron/preload/bridge'],
    why: 'the UI reaches the engine only through the contract client',
  },
  {
    folder: '',
    forbid: ['electron'],
    why: 'only electron/main and electron/preload may use Electron',
  },
]

const TARGET_FOLDERS = LAYERS.map((layer) => layer.folder).filter(Boolean)
const NODE_BUILTINS = new Set(builtinModules)

const toPosix = (path) => path.split(sep).join('/')
const isWithin = (path, folder) => path === folder || path.startsWith(`${folder}/`)

/** What an import specifier points at: 'electron', 'node', a layer folder, or a file path. */
function importTarget(specifier, fromFile) {
  if (specifier === 'electron' || specifier.startsWith('electron/')) return { kind: 'electron' }
  if (specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0])) return { kind: 'node' }
  if (!specifier.startsWith('.')) return null // a package
  const path = toPosix(relative(ROOT, resolve(dirname(fromFile), specifier)))
  return { kind: 'file', path, folder: TARGET_FOLDERS.find((folder) => isWithin(path, folder)) }
}

const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the architecture layers apart (contract → engine → host/main; renderer → contract)' },
    schema: [],
    messages: { forbidden: '{{from}} must not import {{target}}: {{why}}.' },
  },
  create(context) {
    const file = toPosix(relative(ROOT, context.filename))
    const layer = LAYERS.find((candidate) => candidate.folder === '' || isWithin(file, candidate.folder))
    if (!layer) return {}
    const from = layer.folder || 'this file'

    function check(node, specifier) {
      if (typeof specifier !== 'string') return
      const target = importTarget(specifier, context.filename)
      if (!target) return
      const name = target.kind === 'file' ? target.folder : target.kind
      if (!name || !layer.forbid.includes(name)) return
      if (
        target.kind === 'file' &&
        layer.allow?.some((allowed) => target.path.replace(/\.[cm]?[jt]s$/, '') === allowed)
      ) {
        return
      }
      const shown =
        target.kind === 'electron' ? "'electron'" : target.kind === 'node' ? `Node built-in '${specifier}'` : name
      context.report({ node, messageId: 'forbidden', data: { from, target: shown, why: layer.why } })
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportEqualsDeclaration: (node) =>
        node.moduleReference.type === 'TSExternalModuleReference' &&
        check(node.moduleReference.expression, node.moduleReference.expression.value),
      'CallExpression[callee.name="require"]': (node) =>
        node.arguments[0]?.type === 'Literal' && check(node.arguments[0], node.arguments[0].value),
    }
  },
}

const NO_RAW_HTML = 'Render text through Vue bindings; raw HTML from events is an injection risk.'

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'playwright-report/',
      'bench/results/',
      'coverage/',
      '.data/',
      '.tmp/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'], sourceType: 'module' },
    },
  },
  {
    plugins: { zhongshu: { rules: { layers: layersRule } } },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: globals.node },
    rules: {
      'zhongshu/layers': 'error',
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      eqeqeq: ['error', 'smart'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // TypeScript checks names itself; core no-undef does not understand types.
    files: ['**/*.ts', '**/*.vue'],
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['renderer/**', 'tests/e2e/**', 'tests/pages/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['renderer/**'],
    rules: {
      'vue/no-v-html': 'error',
      'vue/no-v-text-v-html-on-component': 'error',
      'vue/no-restricted-v-bind': ['error', { argument: '/^(innerHTML|outerHTML|srcdoc)$/i', message: NO_RAW_HTML }],
      'vue/multi-word-component-names': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
          message: NO_RAW_HTML,
        },
        {
          selector: 'AssignmentExpression > MemberExpression.left[property.value=/^(innerHTML|outerHTML)$/]',
          message: NO_RAW_HTML,
        },
        { selector: 'CallExpression[callee.property.name="insertAdjacentHTML"]', message: NO_RAW_HTML },
        {
          selector: 'CallExpression[callee.object.name="document"][callee.property.name=/^(write|writeln)$/]',
          message: NO_RAW_HTML,
        },
      ],
    },
  },
  prettier,
)
