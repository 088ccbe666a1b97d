// One lint config for the workspace. Module boundaries (Nx tags) encode the dependency rules of the README's
// "Projects" and "Architecture" sections: apps import libs, libs never import apps, the browser never gets Node-only
// code, production code never gets test support.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const nodeBuiltins = { group: ['node:*'], message: 'Node built-ins are not available in the browser.' };
const testingEntries = {
  group: ['@storepay/db/testing', '@storepay/payments-core/testing', '@storepay/payments-core/testing/*'],
  message: 'Test support is for tests, test-*.ts helpers and testing/ folders; production code never imports it.',
};
/** Where test support may be imported: tests and their helpers. */
const testSupportFiles = [
  '**/*.test.{ts,tsx}',
  '**/*.spec.ts',
  '**/test-*.ts',
  '**/testing/**',
  'apps/*/src/test/**',
  'apps/*/tooling/**',
];
const paymentsCoreServer = {
  group: ['@storepay/payments-core/server', '@storepay/payments-core/server/*'],
  message: 'payments-core/server is Node-only; browser code imports "@storepay/payments-core".',
};

/**
 * The dependency rules as Nx tag constraints. `devTools` lets the libraries' and the API's tests (and the database
 * library's scripts) use tools such as the Stripe emulator and the migration tooling, which their production code must never
 * import. `buildConfig` is for the web apps' Vite configs, which run in Node. `browserTestPage` is for
 * browser pages that a Node project's e2e suite builds (they render React and Stripe.js like a shop would).
 */
function moduleBoundaries({ devTools = false, browserTestPage = false, buildConfig = false } = {}) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints: [
        {
          sourceTag: 'type:app',
          onlyDependOnLibsWithTags: devTools
            ? ['type:core', 'type:db', 'type:emails', 'type:tool']
            : ['type:core', 'type:db', 'type:emails'],
          bannedExternalImports: ['@prisma/*', 'prisma', 'pg', '@electric-sql/*', 'pglite-prisma-adapter'],
        },
        {
          // The emails render React on the server: no framework, database or Stripe.
          sourceTag: 'type:emails',
          onlyDependOnLibsWithTags: ['type:core'],
          bannedExternalImports: ['fastify', '@fastify/*', '@prisma/*', 'prisma', 'pg', 'stripe', '@stripe/*'],
        },
        {
          sourceTag: 'type:core',
          onlyDependOnLibsWithTags: devTools ? ['type:core', 'type:tool'] : ['type:core'],
          bannedExternalImports: [
            'fastify',
            '@fastify/*',
            'react',
            'react-dom',
            'react-router',
            '@tanstack/*',
            '@prisma/*',
            'prisma',
            'pg',
            '@electric-sql/*',
            '@stripe/*',
            'pino',
          ],
        },
        {
          sourceTag: 'type:db',
          onlyDependOnLibsWithTags: devTools ? ['type:core', 'type:db', 'type:tool'] : ['type:core', 'type:db'],
          bannedExternalImports: ['fastify', '@fastify/*', 'react', 'react-dom', 'stripe', '@stripe/*'],
        },
        { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:core', 'type:db', 'type:tool'] },
        { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:core', 'type:db', 'type:tool'] },
        ...(buildConfig
          ? []
          : [
              {
                sourceTag: 'platform:browser',
                onlyDependOnLibsWithTags: ['platform:universal'],
                bannedExternalImports: [
                  'stripe',
                  'fastify',
                  '@fastify/*',
                  'pino',
                  '@prisma/*',
                  'pg',
                  '@electric-sql/*',
                ],
              },
            ]),
        ...(browserTestPage
          ? []
          : [{ sourceTag: 'platform:node', bannedExternalImports: ['@stripe/react-stripe-js', 'react-dom'] }]),
        { sourceTag: 'scope:admin', bannedExternalImports: ['@stripe/react-stripe-js', '@stripe/stripe-js'] },
      ],
    },
  ];
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.nx/**',
      '**/.data/**',
      '**/coverage/**',
      '**/generated/**',
      '**/test-results/**',
      '**/playwright-report/**',
      // Lint fixtures, linted on purpose by tools/workspace-checks (with `ignore: false`).
      'tools/workspace-checks/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { '@nx': nx },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': moduleBoundaries(),
    },
  },
  // Type-aware rules on every TypeScript file of the projects: promises are awaited or voided on purpose, switches
  // over a union handle every member, and nothing typed `any` flows on unchecked.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.{ts,tsx}'] })),
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Fastify plugins and handlers, and implementations of interfaces that return promises, are async by contract
      // whether or not they await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  // Tests read JSON bodies (typed `any`) field by field in their assertions: the unsafe-`any` rules stay for
  // production code.
  {
    files: [
      '**/*.test.{ts,tsx}',
      '**/*.spec.ts',
      'e2e/**/*.ts',
      '**/test-*.ts',
      '**/testing/**/*.ts',
      'apps/*/src/test/**',
    ],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests stringify what a fetch mock received (a string, URL or Request) and throw odd values on purpose.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  // No import cycles inside a project (Nx's graph refuses cycles between projects).
  {
    files: [
      'apps/*/src/**/*.{ts,tsx}',
      'libs/*/src/**/*.ts',
      'tools/*/src/**/*.{ts,tsx}',
      'tools/workspace-checks/fixtures/cycle/*.ts',
    ],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Test files and the API's test support modules (test-*.ts, never imported by production code).
    files: [
      'libs/db/scripts/**/*.ts',
      'libs/*/src/**/*.test.ts',
      'apps/api/src/**/*.test.ts',
      'apps/api/src/**/test-*.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ devTools: true }) },
  },
  {
    files: ['tools/stripe-emulator/src/stripe-js/e2e/test-page/**/*.{ts,tsx}'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ browserTestPage: true }) },
  },
  {
    // The web apps' Vite configs run in Node at build and serve time, never in the browser: they may use tools.
    files: ['apps/storefront/vite.config.ts', 'apps/admin/vite.config.ts'],
    rules: { '@nx/enforce-module-boundaries': moduleBoundaries({ devTools: true, buildConfig: true }) },
  },
  // Browser apps: no Node built-ins, no Node-only entry of payments-core; and no test support outside tests.
  {
    files: ['apps/storefront/src/**/*.{ts,tsx}', 'apps/admin/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, paymentsCoreServer] }],
    },
  },
  {
    files: ['apps/storefront/src/**/*.{ts,tsx}', 'apps/admin/src/**/*.{ts,tsx}'],
    ignores: testSupportFiles,
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, paymentsCoreServer, testingEntries] }] },
  },
  // The API's production code: repositories and use cases, never the Prisma client behind @storepay/db/testing.
  {
    files: ['apps/api/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: [...testSupportFiles, 'libs/*/src/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [testingEntries] }] },
  },
  // payments-core "." entry: browser-safe. Only src/stripe/** may import the Stripe SDK; only src/server/** and
  // src/stripe/** may use Node.
  {
    files: ['libs/payments-core/src/**/*.ts'],
    ignores: ['libs/payments-core/src/stripe/**', 'libs/payments-core/src/server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'stripe', message: 'Only libs/payments-core/src/stripe/** imports the Stripe SDK.' }],
          patterns: [
            nodeBuiltins,
            {
              group: ['**/server', '**/server/*', '**/stripe/*'],
              message: 'The browser-safe entry must not reach Node-only modules (server/, stripe/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/payments-core/src/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'stripe', message: 'Only libs/payments-core/src/stripe/** imports the Stripe SDK.' }] },
      ],
    },
  },
  prettier,
);
