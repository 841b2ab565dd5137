// A Task as a Pod (DESIGN.md "Task definition to Pod"): bound to the Node placement chose,
// owned by the Task, with a deterministic name so a repeated create is a conflict, not a copy.
// First the checks that refuse a task (security gates, secret references, dependsOn), then
// the translation, which only collects warnings.
import type { V1Pod, V1Toleration } from '@kubernetes/client-node';
import type { Toleration } from '../../api/v1alpha1/cluster.ts';
import { DEFAULT_STOP_TIMEOUT_SECONDS, taskStopTimeoutSeconds } from '../../domain/stop-timeout.ts';
import { toContainer } from './containers.ts';
import { planStartOrder } from './dependencies.ts';
import { checkSecretReferences } from './environment.ts';
import { schedulerName, toPodMetadata, type PodContainerRecord } from './metadata.ts';
import { toPodLevelSpec } from './pod-level.ts';
import { describeSharedPortConflicts } from './ports.ts';
import { toPodResources } from './resources.ts';
import { checkSecurityGates } from './security.ts';
import type { PodWarning, TaskPodInput, TaskPodResult } from './types.ts';
import { describeUnsupportedTaskSettings } from './unsupported.ts';
import { planVolumes } from './volumes.ts';

/** ECS's default stop timeout (the agent's ECS_CONTAINER_STOP_TIMEOUT). */
export const defaultStopTimeoutSeconds = DEFAULT_STOP_TIMEOUT_SECONDS;

export function buildTaskPod(input: TaskPodInput): TaskPodResult {
  const td = input.taskDefinition;
  const refusal = checkSecurityGates(td, input.cluster, input.securityPolicy) ?? checkSecretReferences(td);
  if (refusal !== undefined) return refusal;

  const warnings: PodWarning[] = [];
  const planned = planStartOrder(td, warnings);
  if (!planned.ok) return planned;
  const { order } = planned;
  const all = [...order.initContainers, ...order.containers];
  const volumes = planVolumes(td, new Map(all.map((p) => [p.definition.name, p.podName])), warnings);
  if (!volumes.ok) return volumes;

  const ctx = { td, mounts: volumes.value.mounts, dynamicHostPorts: input.dynamicHostPorts, loadBalancerTargets: input.loadBalancerTargets };
  const initContainers = order.initContainers.map((p) => toContainer(p, ctx, warnings));
  const containers = order.containers.map((p) => toContainer(p, ctx, warnings));
  warnings.push(...describeSharedPortConflicts(td), ...describeUnsupportedTaskSettings(td, input.networkConfiguration));

  const records: PodContainerRecord[] = all.map((p) => ({ name: p.podName, ecsName: p.definition.name, essential: p.definition.essential, role: p.role }));
  const dockerLabels = Object.fromEntries(td.containerDefinitions.flatMap((c) => (c.dockerLabels === undefined ? [] : [[c.name, c.dockerLabels]])));
  const pullSecrets = [...new Set(td.containerDefinitions.flatMap((c) => pullSecretName(c.repositoryCredentials?.credentialsParameter)))];
  const resources = toPodResources(td);

  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: toPodMetadata(input, records, dockerLabels, warnings),
    spec: {
      nodeName: input.node,
      schedulerName,
      // ECS replaces tasks; it never restarts them.
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // SIGTERM, then SIGKILL after the longest stopTimeout; Kubernetes stops app containers
      // before sidecars, the reverse of the start order, as ECS does.
      terminationGracePeriodSeconds: taskStopTimeoutSeconds(td.containerDefinitions),
      ...toPodLevelSpec(td, warnings),
      ...(input.tolerations !== undefined && input.tolerations.length > 0 ? { tolerations: input.tolerations.map(toV1Toleration) } : {}),
      ...(pullSecrets.length > 0 ? { imagePullSecrets: pullSecrets.map((name) => ({ name })) } : {}),
      ...(resources !== undefined ? { resources } : {}),
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers,
      ...(volumes.value.volumes.length > 0 ? { volumes: volumes.value.volumes } : {}),
    },
  };
  return { ok: true, pod, warnings };
}

/** repositoryCredentials naming a Secret (not an ARN) is the Pod's image pull secret. */
function pullSecretName(parameter: string | undefined): string[] {
  return parameter === undefined || parameter.startsWith('arn:') ? [] : [parameter];
}

function toV1Toleration(t: Toleration): V1Toleration {
  const toleration: V1Toleration = {};
  if (t.key !== undefined) toleration.key = t.key;
  if (t.operator !== undefined) toleration.operator = t.operator;
  if (t.value !== undefined) toleration.value = t.value;
  if (t.effect !== undefined) toleration.effect = t.effect;
  if (t.tolerationSeconds !== undefined) toleration.tolerationSeconds = t.tolerationSeconds;
  return toleration;
}
