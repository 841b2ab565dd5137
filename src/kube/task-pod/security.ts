// The Cluster's security gates (spec.securityPolicy) and each container's securityContext.
// A task that needs a closed gate is refused as a whole: a Pod without the privilege it
// asked for would run, but not as the task definition says.
import type { V1SecurityContext } from '@kubernetes/client-node';
import type { SecurityPolicy } from '../../api/v1alpha1/cluster.ts';
import { containerField, refuse, type ContainerDefinition, type PodWarning, type TaskDefinition, type TaskPodRefusal } from './types.ts';

const CLOSED: SecurityPolicy = { allowPrivileged: false, allowHostNetwork: false, allowHostPath: false };

/**
 * The first gate the task definition needs and the Cluster keeps closed, if any.
 * Added capabilities and the host PID and IPC namespaces sit behind allowPrivileged: each
 * gives a container power over the Node, the policy has no finer switch, and the schema
 * already documents allowPrivileged as covering added capabilities.
 */
export function checkSecurityGates(td: TaskDefinition, cluster: string, policy: SecurityPolicy = CLOSED): TaskPodRefusal | undefined {
  const gate = (field: string) => `Cluster '${cluster}' does not allow it (spec.securityPolicy.${field}).`;
  if (td.networkMode === 'host' && !policy.allowHostNetwork) {
    return refuse('HostNetworkNotAllowed', `The task definition uses networkMode 'host' (a Pod with hostNetwork); ${gate('allowHostNetwork')}`);
  }
  if (td.pidMode === 'host' && !policy.allowPrivileged) {
    return refuse('HostPidNotAllowed', `The task definition uses pidMode 'host' (a Pod with hostPID); ${gate('allowPrivileged')}`);
  }
  if (td.ipcMode === 'host' && !policy.allowPrivileged) {
    return refuse('HostIpcNotAllowed', `The task definition uses ipcMode 'host' (a Pod with hostIPC); ${gate('allowPrivileged')}`);
  }
  for (const c of td.containerDefinitions) {
    if (c.privileged === true && !policy.allowPrivileged) {
      return refuse('PrivilegedNotAllowed', `Container '${c.name}' is privileged; ${gate('allowPrivileged')}`);
    }
    const added = c.linuxParameters?.capabilities?.add ?? [];
    if (added.length > 0 && !policy.allowPrivileged) {
      return refuse('CapabilitiesNotAllowed', `Container '${c.name}' adds capabilities ${added.join(', ')}; ${gate('allowPrivileged')}`);
    }
  }
  for (const v of td.volumes ?? []) {
    if (v.host?.sourcePath !== undefined && !policy.allowHostPath) {
      return refuse('HostPathNotAllowed', `Volume '${v.name}' mounts host path '${v.host.sourcePath}' (a hostPath volume); ${gate('allowHostPath')}`);
    }
  }
  return undefined;
}

/** privileged, user, readonlyRootFilesystem, capabilities and no-new-privileges; undefined when nothing is set. */
export function toSecurityContext(c: ContainerDefinition, warnings: PodWarning[]): V1SecurityContext | undefined {
  const context: V1SecurityContext = {};
  if (c.privileged === true) context.privileged = true;
  if (c.readonlyRootFilesystem === true) context.readOnlyRootFilesystem = true;
  if (c.user !== undefined) Object.assign(context, parseUser(c, c.user, warnings));
  const add = c.linuxParameters?.capabilities?.add ?? [];
  const drop = c.linuxParameters?.capabilities?.drop ?? [];
  if (add.length > 0 || drop.length > 0) {
    context.capabilities = { ...(add.length > 0 ? { add: [...add] } : {}), ...(drop.length > 0 ? { drop: [...drop] } : {}) };
  }
  for (const option of c.dockerSecurityOptions ?? []) {
    if (option === 'no-new-privileges' || option === 'no-new-privileges:true') {
      // Kubernetes refuses allowPrivilegeEscalation false on a privileged container.
      if (c.privileged === true) warnings.push({ field: containerField(c, 'dockerSecurityOptions'), message: 'no-new-privileges cannot apply to a privileged container in Kubernetes; not applied.' });
      else context.allowPrivilegeEscalation = false;
    } else warnings.push({ field: containerField(c, 'dockerSecurityOptions'), message: `Docker security option '${option}' is not applied; set SELinux or AppArmor on the Pod instead.` });
  }
  return Object.keys(context).length === 0 ? undefined : context;
}

/** Docker's user: `uid`, `uid:gid` map to runAsUser/runAsGroup; a user or group *name* needs the image's /etc/passwd, which Kubernetes never reads. */
function parseUser(c: ContainerDefinition, user: string, warnings: PodWarning[]): Pick<V1SecurityContext, 'runAsUser' | 'runAsGroup'> {
  const [name, group] = user.split(':', 2) as [string, string | undefined];
  const result: Pick<V1SecurityContext, 'runAsUser' | 'runAsGroup'> = {};
  const field = containerField(c, 'user');
  if (/^\d+$/.test(name)) result.runAsUser = Number(name);
  else warnings.push({ field, message: `User name '${name}' cannot be resolved by Kubernetes; the image's default user runs. Use a numeric uid.` });
  if (group !== undefined) {
    if (/^\d+$/.test(group)) result.runAsGroup = Number(group);
    else warnings.push({ field, message: `Group name '${group}' cannot be resolved by Kubernetes; the image's default group applies. Use a numeric gid.` });
  }
  return result;
}
