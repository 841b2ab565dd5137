// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The pure core must not reach Kubernetes, logging or metrics (STYLE.md: dependencies point inward). */
const pureCoreRestrictions = {
  patterns: [
    { group: ['**/kube/**', '**/controllers/**', '**/metrics/**', '**/log/**', '**/cmd/**', '**/localcluster/**'], message: 'The pure core (placement, scheduler, domain) does no I/O: take data in, return data.' },
  ],
  paths: [
    { name: '@kubernetes/client-node', message: 'Only src/kube/ talks to the API server.' },
    { name: 'pino', message: 'The pure core returns data; controllers log.' },
    { name: 'prom-client', message: 'The pure core returns data; controllers record metrics.' },
    { name: 'node:fs', message: 'The pure core does no I/O.' },
    { name: 'node:child_process', message: 'The pure core does no I/O.' },
    { name: 'node:net', message: 'The pure core does no I/O.' },
    { name: 'node:http', message: 'The pure core does no I/O.' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', '.stevedore/', 'charts/', 'crds/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', { paths: [{ name: '@kubernetes/client-node', message: 'Import the Kubernetes client only in src/kube/ and src/localcluster/.' }] }],
    },
  },
  {
    files: ['src/localcluster/**', 'test/**', 'hack/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  // Layers point downward: runtime <- kube <- controllers <- operator <- cmd.
  {
    files: ['src/runtime/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/kube/**', '**/controllers/**', '**/operator/**', '**/cmd/**'], message: 'src/runtime is the bottom layer: queue, backoff, timers, keys, errors.' }], paths: [{ name: '@kubernetes/client-node', message: 'Only src/kube/ talks to the API server.' }] }] },
  },
  {
    files: ['src/kube/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/controllers/**', '**/operator/**', '**/cmd/**'], message: 'src/kube is below the controllers: take what it needs from src/runtime or as arguments.' }] }] },
  },
  {
    files: ['src/controllers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@kubernetes/client-node', message: 'Import the Kubernetes client only in src/kube/ and src/localcluster/.' }],
          patterns: [{ group: ['**/operator/**', '**/cmd/**'], message: 'Controllers take their contract from src/controllers/controller-contract.ts, never from the Manager.' }],
        },
      ],
    },
  },
  {
    files: ['src/placement/**', 'src/scheduler/**', 'src/domain/**'],
    rules: { 'no-restricted-imports': ['error', pureCoreRestrictions] },
  },
);
