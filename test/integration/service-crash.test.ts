// The operator killed with SIGKILL in the middle of a rollout: the restarted operator finishes
// the same deployment and never creates a task beyond what the plan allows (deterministic task
// names; the deployment is recorded before its tasks are created).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { createSandbox, healthyContainer, isLive, kwok, primaryOf, waitForSteady, type ServiceSandbox } from './service-helpers.ts';

let operator: RunningOperator;
let s: ServiceSandbox;

beforeAll(async () => {
  operator = await startOperator();
  s = await createSandbox('svc-crash', 3);
});

afterAll(async () => {
  await s.cleanup();
  expect(await operator.stop(), operator.output().slice(-4000)).toBe(0);
});

describe('an operator crash mid-rollout', () => {
  it('completes the rollout after a SIGKILL with no extra task', async () => {
    const desired = 6;
    // Pods take 2 s to start, so the rollout is still going when the operator dies.
    const template = { metadata: { annotations: kwok({ 'start-after': '2s' }) } };
    const spec = { desiredCount: desired, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 }, taskTemplate: template };
    s.registerTaskDefinition('shop', [healthyContainer('registry.example/shop:1')]);
    s.applyService('shop', { taskDefinition: 'shop', ...spec });
    const first = await waitForSteady(s, 'shop', desired);
    const oldId = primaryOf(first)?.id;

    s.registerTaskDefinition('shop', [healthyContainer('registry.example/shop:2')]);
    const newId = await eventually(
      async () => {
        const svc = await s.readService('shop');
        const id = primaryOf(svc)?.id;
        expect(id).not.toBe(oldId);
        const started = (await s.tasksOf('shop')).filter((t) => t.spec.startedBy === id);
        expect(started.length).toBeGreaterThan(0);
        return id as string;
      },
      { timeoutMs: 30_000, intervalMs: 50 },
    );
    await operator.kill();
    const atKill = await s.tasksOf('shop');
    const svcAtKill = await s.readService('shop');
    expect(primaryOf(svcAtKill)?.rolloutState).toBe('IN_PROGRESS');
    operator = await startOperator();

    let maxLive = atKill.filter(isLive).length;
    const done = await eventually(
      async () => {
        const tasks = await s.tasksOf('shop');
        maxLive = Math.max(maxLive, tasks.filter(isLive).length);
        const svc = await s.readService('shop');
        expect(primaryOf(svc)).toMatchObject({ id: newId, rolloutState: 'COMPLETED', runningCount: desired });
        expect(svc.status?.deployments).toHaveLength(1);
        return tasks;
      },
      { timeoutMs: 90_000, intervalMs: 100 },
    );
    // Exactly `desired` tasks ever started for the new deployment, none of them twice.
    const ofNew = done.filter((t) => t.spec.startedBy === newId);
    expect(ofNew).toHaveLength(desired);
    expect(ofNew.filter(isLive)).toHaveLength(desired);
    expect(maxLive).toBeLessThanOrEqual(desired * 2);
    // No third deployment was ever minted: every task belongs to the old or the new one.
    for (const t of done) expect([oldId, newId]).toContain(t.spec.startedBy);
  });
});
