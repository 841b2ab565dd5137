// Properties of deriveTaskStatus over random runs of kwok-like observations (fast-check).
// SAFETY: STOPPED is never left; lastStatus never goes back; a stop cause, once recorded, never
// changes; desiredStatus is STOPPED whenever the task is stopping; the Pod is deleted only for a
// task that is stopping; startedAt is written once; every derivation is idempotent.
// LIVENESS (per run): Started and Stopped are each announced at most once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LastStatus, TaskStatus } from '../../../../src/api/v1alpha1/task.ts';
import { deriveTaskStatus, type TaskStatusInput } from '../../../../src/controllers/task/derive-task-status.ts';
import type { TaskAction } from '../../../../src/controllers/task/task-action.ts';
import { aTaskDefinition, aTaskPod, at, T0, type TaskPodBuilder } from './task-pod-builder.ts';

const taskDefinition = aTaskDefinition(
  { name: 'init', essential: false },
  { name: 'app', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }], healthCheck: { command: ['CMD', 'true'], interval: 5, retries: 2 } },
  { name: 'sidecar', essential: false },
);

type ContainerState = 'creating' | 'pullError' | 'runningReady' | 'runningNotReady' | 'exited0' | 'exited1';
const stateArb = fc.constantFrom<ContainerState>('creating', 'creating', 'pullError', 'runningReady', 'runningNotReady', 'exited0', 'exited1');

const stepArb = fc.record({
  advanceSeconds: fc.integer({ min: 0, max: 120 }),
  placed: fc.boolean(),
  podPresent: fc.constantFrom(true, true, true, false),
  deleting: fc.constantFrom(false, false, false, true),
  init: stateArb,
  app: stateArb,
  sidecar: stateArb,
  stopRequested: fc.constantFrom(false, false, false, false, true),
  nodeGone: fc.constantFrom(false, false, false, false, false, false, false, true),
  nodeNotReady: fc.constantFrom(false, false, false, true),
});
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function withState(builder: TaskPodBuilder, name: string, state: ContainerState): TaskPodBuilder {
  switch (state) {
    case 'creating':
      return builder;
    case 'pullError':
      return builder.waiting(name, 'ErrImagePull', `failed to pull and unpack image "registry.example/${name}:1"`);
    case 'runningReady':
      return builder.running(name, { startedAt: T0, ready: true });
    case 'runningNotReady':
      return builder.running(name, { startedAt: T0, ready: false });
    case 'exited0':
      return builder.terminated(name, 0, { finishedAt: T0 });
    case 'exited1':
      return builder.terminated(name, 1, { finishedAt: T0 });
  }
}

function podOf(step: Step) {
  let builder = aTaskPod().init('init').containers('app', 'sidecar');
  builder = withState(withState(withState(builder, 'init', step.init), 'app', step.app), 'sidecar', step.sidecar);
  if (step.deleting) builder = builder.deleting(T0);
  return builder.build();
}

const ORDER: Record<LastStatus, number> = { PROVISIONING: 0, PENDING: 1, ACTIVATING: 2, RUNNING: 3, DEACTIVATING: 4, STOPPING: 5, DEPROVISIONING: 6, STOPPED: 7 };

describe('deriveTaskStatus over random runs', () => {
  it('keeps its safety properties and is idempotent at every step', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 1, maxLength: 12 }), (steps) => {
        let status: TaskStatus | undefined;
        let seconds = 0;
        let stopRequested = false;
        const announced: TaskAction[] = [];
        for (const step of steps) {
          seconds += step.advanceSeconds;
          stopRequested ||= step.stopRequested;
          // The controller places the task at some point and then creates its Pod.
          const placed = status?.containerInstance !== undefined;
          const input: TaskStatusInput = {
            spec: { taskDefinition: 'web', desiredStatus: stopRequested ? 'STOPPED' : 'RUNNING' },
            status,
            taskDefinition,
            pod: placed && step.podPresent ? podOf(step) : undefined,
            nodeGone: placed && step.nodeGone,
            nodeNotReady: placed && step.nodeNotReady,
            now: at(seconds),
            placementTimeoutMs: 600_000,
            stoppedRetentionMs: 3_600_000,
            createdAt: T0,
          };
          const { status: next, actions } = deriveTaskStatus(input);

          if (status?.lastStatus !== undefined && next.lastStatus !== undefined) {
            expect(ORDER[next.lastStatus]).toBeGreaterThanOrEqual(ORDER[status.lastStatus]);
          }
          if (status?.lastStatus === 'STOPPED') expect(next).toEqual({ ...status, desiredStatus: 'STOPPED' });
          if (status?.stopCode !== undefined) {
            expect(next.stopCode).toBe(status.stopCode);
            expect(next.stoppedReason).toBe(status.stoppedReason);
          }
          if (status?.startedAt !== undefined) expect(next.startedAt).toBe(status.startedAt);
          if (next.lastStatus === 'STOPPING' || next.lastStatus === 'STOPPED') {
            expect(next.stopCode).toBeDefined();
            expect(next.desiredStatus).toBe('STOPPED');
          }
          if (actions.some((a) => a.type === 'deletePod')) expect(next.desiredStatus).toBe('STOPPED');

          const again = deriveTaskStatus({ ...input, status: next });
          expect(again.status).toEqual(next);
          expect(again.actions.filter((a) => a.type === 'event')).toEqual([]);

          announced.push(...actions);
          status = placed || next.lastStatus === 'STOPPED' || !step.placed ? next : { ...next, containerInstance: 'n1' };
        }
        const count = (reason: string) => announced.filter((a) => a.type === 'event' && a.reason === reason).length;
        expect(count('Started')).toBeLessThanOrEqual(1);
        expect(count('Stopped')).toBeLessThanOrEqual(1);
        expect(count('Stopping')).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
