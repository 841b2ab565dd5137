// Settings Kubernetes has no place for: each becomes a warning, so nothing is dropped silently.
// (Fields that only matter at registration or to placement, such as versionConsistency,
// placementConstraints, runtimePlatform and requiresCompatibilities, are not the Pod's business.)
import type { NetworkConfiguration } from '../../api/v1alpha1/network-configuration.ts';
import { containerField, type ContainerDefinition, type PodWarning, type TaskDefinition } from './types.ts';

export function describeUnsupportedContainerSettings(c: ContainerDefinition): PodWarning[] {
  const warnings: PodWarning[] = [];
  const warn = (field: string, message: string) => warnings.push({ field: containerField(c, field), message });
  if ((c.ulimits ?? []).length > 0) {
    warn('ulimits', `Kubernetes has no per-container ulimits; the container runtime's defaults apply to ${(c.ulimits ?? []).map((u) => u.name).join(', ')}.`);
  }
  const log = c.logConfiguration;
  if (log !== undefined && (log.logDriver !== 'json-file' || log.options !== undefined || log.secretOptions !== undefined)) {
    warn('logConfiguration', `The ${log.logDriver} log driver and its options are not applied; the kubelet keeps stdout and stderr (kubectl logs), for a log agent on the Node to ship.`);
  }
  if (c.dockerLabels !== undefined) {
    warn('dockerLabels', 'Docker labels cannot be set on a Kubernetes container; they are kept in the Pod annotation ecs.stevedore.dev/docker-labels.');
  }
  if (c.disableNetworking === true) warn('disableNetworking', "A container cannot leave the Pod's network; disableNetworking is not applied.");
  const lp = c.linuxParameters;
  if ((lp?.devices ?? []).length > 0) warn('linuxParameters.devices', 'Host devices cannot be passed to a container without a device plugin; not applied.');
  if (lp?.initProcessEnabled === true) warn('linuxParameters.initProcessEnabled', 'Kubernetes has no per-container init process; use pidMode task (the Pod shares one PID namespace, whose first process reaps zombies) or an init in the image.');
  if (lp?.maxSwap !== undefined || lp?.swappiness !== undefined) warn('linuxParameters.maxSwap', 'Swap is set per Node in Kubernetes; maxSwap and swappiness are not applied.');
  if (c.startTimeout !== undefined) warn('startTimeout', 'Kubernetes waits for dependencies without a time limit; startTimeout is not applied.');
  if (c.restartPolicy?.enabled === true) warn('restartPolicy', 'ECS in-place container restarts are not applied: the Pod never restarts containers (restartPolicy Never).');
  if (c.firelensConfiguration !== undefined) warn('firelensConfiguration', 'FireLens log routing is not applied; the container runs as an ordinary container.');
  if (c.credentialSpecs !== undefined) warn('credentialSpecs', 'Active Directory credential specs are not applied.');
  if (c.repositoryCredentials !== undefined && c.repositoryCredentials.credentialsParameter.startsWith('arn:')) {
    warn('repositoryCredentials', 'An AWS ARN cannot be resolved; name a docker-registry Secret of the Task\'s namespace instead. The image is pulled with the Node\'s credentials.');
  }
  return warnings;
}

export function describeUnsupportedTaskSettings(td: TaskDefinition, networkConfiguration: NetworkConfiguration | undefined): PodWarning[] {
  const warnings: PodWarning[] = [];
  if (td.taskRoleArn !== undefined) warnings.push({ field: 'taskRoleArn', message: 'IAM task roles are not applied; the Pod runs without AWS credentials (use a ServiceAccount with workload identity).' });
  if (td.executionRoleArn !== undefined) warnings.push({ field: 'executionRoleArn', message: 'The execution role is not used: images are pulled with the Node\'s credentials and secrets come from Kubernetes Secrets.' });
  if (td.proxyConfiguration !== undefined) warnings.push({ field: 'proxyConfiguration', message: 'App Mesh proxy configuration is not applied.' });
  if ((td.inferenceAccelerators ?? []).length > 0) warnings.push({ field: 'inferenceAccelerators', message: 'Elastic Inference accelerators are not available on Kubernetes.' });
  if (td.ephemeralStorage !== undefined) warnings.push({ field: 'ephemeralStorage', message: 'Fargate ephemeral storage is not applied; containers use the Node\'s disk.' });
  if (td.enableFaultInjection === true) warnings.push({ field: 'enableFaultInjection', message: 'Fault injection is not available.' });
  if (networkConfiguration?.awsvpcConfiguration !== undefined) {
    warnings.push({ field: 'networkConfiguration', message: 'Subnets, security groups and public IPs are not applied: the task has the Pod\'s IP on the cluster network.' });
  }
  return warnings;
}
