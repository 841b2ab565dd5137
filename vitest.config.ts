import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure logic with no I/O; `integration` runs against a real
// kube-apiserver, etcd, kube-controller-manager and kwok started once per run by the
// global setup (a missing control plane fails the run; it never skips).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          // No assertion here is about time, but some start a process or run thousands of
          // property cases: on a shared 2-core machine 5 s (vitest's default) is a timing test.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // The machine has 2 cores shared with the control plane: keep files sequential.
          fileParallelism: false,
        },
      },
    ],
  },
});
