/**
 * Pods built by buildTaskPod are valid Pods: a real API server accepts them (server-side dry
 * run, so no kubelet is involved). This is where names, probes on native sidecars, Pod-level
 * resources against container requests, sysctls and DNS settings meet Kubernetes' own
 * validation, which unit tests can only imitate.
 */
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeTaskDefinition } from '../../src/api/v1alpha1/normalize-task-definition.ts';
import type { TaskDefinitionSpec } from '../../src/api/v1alpha1/task-definition.ts';
import { buildTaskPod, listDynamicPortMappings } from '../../src/kube/task-pod.ts';
import { hostAgent, kitchenSink, shopWeb, vpcService } from '../builders/task-pod-examples.ts';
import { createTestNamespace, testKubeConfig } from './support/kube.ts';

const OPEN = { allowPrivileged: true, allowHostNetwork: true, allowHostPath: true };
const kc = testKubeConfig();
const core = kc.makeApiClient(CoreV1Api);
let namespace = '';

beforeAll(async () => {
  namespace = await createTestNamespace(kc, 'task-pod');
});

afterAll(async () => {
  if (namespace !== '') await core.deleteNamespace({ name: namespace });
});

describe('the API server accepts task Pods', () => {
  it.each<{ name: string; spec: TaskDefinitionSpec }>([
    { name: 'a web app with a proxy sidecar and a migration', spec: shopWeb() },
    { name: 'nearly every mapped setting at once', spec: kitchenSink() },
    { name: 'host networking, PID and IPC', spec: hostAgent() },
    { name: 'awsvpc with task-level resources', spec: vpcService() },
  ])('$name', async ({ spec }) => {
    const normalized = normalizeTaskDefinition(spec, spec.family ?? 'task');
    if (!normalized.ok) throw new Error(normalized.messages.join('; '));
    const td = normalized.taskDefinition;
    const dynamicHostPorts = new Map(listDynamicPortMappings(td).map((m, i) => [m.key, 49153 + i]));
    const result = buildTaskPod({
      task: { name: `${td.family.replace(/_/g, '-')}-1`, namespace, uid: '00000000-0000-0000-0000-000000000001' },
      taskDefinition: td,
      revision: 1,
      cluster: 'default',
      group: `family:${td.family}`,
      node: 'node-1',
      securityPolicy: OPEN,
      dynamicHostPorts,
    });
    if (!result.ok) throw new Error(`${result.reason}: ${result.message}`);
    // The owner (a Task) does not exist in a dry run; the reference itself must still be valid.
    const created = await core.createNamespacedPod({ namespace, body: result.pod, dryRun: 'All' });
    expect(created.metadata?.name).toBe(result.pod.metadata?.name);
  });
});
