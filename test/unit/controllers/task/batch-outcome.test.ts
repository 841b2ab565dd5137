import { describe, expect, it } from 'vitest';
import type { NormalizedTaskDefinition } from '../../../../src/api/v1alpha1/normalize-task-definition.ts';
import type { TaskStatus } from '../../../../src/api/v1alpha1/task.ts';
import { computeBatchOutcome, withBatchOutcome } from '../../../../src/controllers/task/batch-outcome.ts';

const td = { family: 'job', containerDefinitions: [{ name: 'app', essential: true }, { name: 'sidecar', essential: false }] } as unknown as NormalizedTaskDefinition;
const stopped = (containers: TaskStatus['containers'], extra: Partial<TaskStatus> = {}): TaskStatus => ({ lastStatus: 'STOPPED', containers, ...extra });

describe('computeBatchOutcome', () => {
  it.each([
    { name: 'every essential container exited 0', status: stopped([{ name: 'app', exitCode: 0 }, { name: 'sidecar', exitCode: 143 }]), want: { status: 'True', reason: 'Completed' } },
    {
      name: 'an essential container exited 1',
      status: stopped([{ name: 'app', exitCode: 1 }], { stopCode: 'EssentialContainerExited' }),
      want: { status: 'False', reason: 'EssentialContainerFailed', message: 'Essential container app exited with code 1' },
    },
    {
      name: 'the task never started',
      status: stopped([{ name: 'app' }], { stopCode: 'TaskFailedToStart', stoppedReason: 'Task failed to start' }),
      want: { status: 'False', reason: 'TaskFailedToStart', message: 'Task failed to start' },
    },
    { name: 'stopped by a user while running', status: stopped([{ name: 'app' }], { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' }), want: { status: 'False', reason: 'UserInitiated' } },
  ])('$name', ({ status, want }) => {
    expect(computeBatchOutcome(status, td)).toMatchObject({ type: 'Succeeded', ...want });
  });

  it('without the task definition every container counts', () => {
    expect(computeBatchOutcome(stopped([{ name: 'app', exitCode: 0 }, { name: 'sidecar', exitCode: 2 }]), undefined)).toMatchObject({ status: 'False' });
  });

  it('adds nothing before the task stops, and is idempotent after', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const running: TaskStatus = { lastStatus: 'RUNNING', containers: [{ name: 'app' }] };
    expect(withBatchOutcome(running, td, now)).toBe(running);
    const once = withBatchOutcome(stopped([{ name: 'app', exitCode: 0 }]), td, now);
    expect(withBatchOutcome(once, td, new Date('2026-01-02T00:00:00Z'))).toEqual(once);
  });
});
