// One ECS container definition as a Pod container, in the role the start order gave it.
import type { V1Container, V1VolumeMount } from '@kubernetes/client-node';
import type { PlannedContainer } from './dependencies.ts';
import { toEnv } from './environment.ts';
import { toReadinessProbe, toStartupProbe } from './health.ts';
import { toTargetHealthProbe } from './load-balancing.ts';
import { toContainerPorts } from './ports.ts';
import { toContainerResources } from './resources.ts';
import { toSecurityContext } from './security.ts';
import type { LoadBalancerTarget, PodWarning, TaskDefinition } from './types.ts';
import { containerField } from './types.ts';
import { describeUnsupportedContainerSettings } from './unsupported.ts';

export interface ContainerContext {
  td: TaskDefinition;
  mounts: ReadonlyMap<string, V1VolumeMount[]>;
  dynamicHostPorts: ReadonlyMap<string, number> | undefined;
  loadBalancerTargets: readonly LoadBalancerTarget[] | undefined;
}

export function toContainer(planned: PlannedContainer, ctx: ContainerContext, warnings: PodWarning[]): V1Container {
  const c = planned.definition;
  if (planned.podName !== c.name) {
    warnings.push({ field: containerField(c, 'name'), message: `Kubernetes container names are lowercase RFC 1123 labels: '${c.name}' is '${planned.podName}' in the Pod.` });
  }
  warnings.push(...describeUnsupportedContainerSettings(c));
  const container: V1Container = { name: planned.podName, image: c.image };
  // A native sidecar: started in order, kept running beside the app containers.
  if (planned.role === 'sidecar') container.restartPolicy = 'Always';
  if (c.entryPoint !== undefined) container.command = [...c.entryPoint];
  if (c.command !== undefined) container.args = [...c.command];
  if (c.workingDirectory !== undefined) container.workingDir = c.workingDirectory;
  const env = toEnv(c, warnings);
  if (env !== undefined) container.env = env;
  const ports = toContainerPorts(c, ctx.td, ctx.dynamicHostPorts, warnings);
  if (ports !== undefined) container.ports = ports;
  const resources = toContainerResources(c, ctx.td, warnings);
  if (resources !== undefined) container.resources = resources;
  const mounts = ctx.mounts.get(c.name) ?? [];
  if (mounts.length > 0) container.volumeMounts = mounts;
  // Ordinary init containers cannot have probes (dependencies.ts warns).
  if (c.healthCheck !== undefined && planned.role !== 'init') {
    container.readinessProbe = toReadinessProbe(c.healthCheck);
    if (planned.gatesOnHealth) container.startupProbe = toStartupProbe(c.healthCheck);
  } else if (planned.role !== 'init') {
    const probe = toTargetHealthProbe(c.name, ctx.loadBalancerTargets);
    if (probe !== undefined) container.readinessProbe = probe;
  }
  const securityContext = toSecurityContext(c, warnings);
  if (securityContext !== undefined) container.securityContext = securityContext;
  if (c.interactive === true) container.stdin = true;
  if (c.pseudoTerminal === true) container.tty = true;
  return container;
}
