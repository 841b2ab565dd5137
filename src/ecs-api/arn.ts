// The ARN scheme of the ECS API layer (docs/cli.md "ARNs"): every object the custom resources
// hold gets an ECS-shaped ARN, and every ARN printed is accepted back, as are the plain names
// the aws CLI accepts (`web`, `web:3`, a task id).
//
//   cluster              arn:aws:ecs:<region>:<account>:cluster/<cluster>
//   container instance   arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<node>
//   task                 arn:aws:ecs:<region>:<account>:task/<cluster>/<namespace>.<task>
//   service              arn:aws:ecs:<region>:<account>:service/<cluster>/<namespace>.<service>
//   task definition      arn:aws:ecs:<region>:<account>:task-definition/<namespace>.<family>:<revision>
//
// A namespace is a DNS label (no '.'), so `<namespace>.<name>` splits at the first '.'. A
// family has no '.' either. Region and account are fixed placeholders on output and anything
// on input.

export const REGION = 'local';
export const ACCOUNT = '000000000000';

const PREFIX = `arn:aws:ecs:${REGION}:${ACCOUNT}:`;
const ANY_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]*:[0-9]*:([a-z-]+)\/(.+)$/;

export type ArnKind = 'cluster' | 'container-instance' | 'task' | 'service' | 'task-definition';

export const clusterArn = (cluster: string): string => `${PREFIX}cluster/${cluster}`;
export const containerInstanceArn = (cluster: string, node: string): string => `${PREFIX}container-instance/${cluster}/${node}`;
export const taskArn = (cluster: string, namespace: string, name: string): string => `${PREFIX}task/${cluster}/${namespace}.${name}`;
export const serviceArn = (cluster: string, namespace: string, name: string): string => `${PREFIX}service/${cluster}/${namespace}.${name}`;
export const taskDefinitionArn = (namespace: string, family: string, revision: number): string => `${PREFIX}task-definition/${namespace}.${family}:${revision}`;
/** ECS's container ARN: the task's, with the container name. */
export const containerArn = (cluster: string, namespace: string, task: string, container: string): string =>
  `${PREFIX}container/${cluster}/${namespace}.${task}/${container}`;

/** What an identifier names, in the namespace the command runs in when it does not say. */
export interface ObjectRef {
  /** The Cluster the ARN names, when it names one. */
  cluster?: string;
  namespace: string;
  name: string;
}

export interface TaskDefinitionRef {
  namespace: string;
  family: string;
  revision?: number;
}

/** Splits an ARN into its resource type and the part after the '/'; undefined for a plain name. */
function splitArn(identifier: string): { kind: string; rest: string } | undefined {
  const match = ANY_ARN.exec(identifier);
  return match === null ? undefined : { kind: match[1] as string, rest: match[2] as string };
}

/** `prod.web-1` ⇒ {namespace: prod, name: web-1}; `web-1` ⇒ the default namespace. */
function splitNamespaced(text: string, namespace: string): { namespace: string; name: string } {
  const dot = text.indexOf('.');
  return dot <= 0 ? { namespace, name: text } : { namespace: text.slice(0, dot), name: text.slice(dot + 1) };
}

/** A cluster: its name or its ARN. */
export function parseClusterIdentifier(identifier: string): string {
  const arn = splitArn(identifier);
  if (arn === undefined) return identifier;
  if (arn.kind !== 'cluster') throw new ArnError(identifier, 'cluster');
  return arn.rest;
}

/**
 * A task or a service: its ARN (which names its cluster and namespace), `namespace.name`, or
 * its name in `namespace`. For tasks ECS also accepts the long ARN's last part, the task id:
 * that is the `namespace.name` form.
 */
export function parseNamespacedIdentifier(identifier: string, kind: 'task' | 'service', namespace: string): ObjectRef {
  const arn = splitArn(identifier);
  if (arn === undefined) {
    // ECS keeps service names unique per cluster, not per namespace; a plain name is a name.
    return kind === 'service' ? { namespace, name: identifier } : splitNamespaced(identifier, namespace);
  }
  if (arn.kind !== kind) throw new ArnError(identifier, kind);
  const slash = arn.rest.indexOf('/');
  if (slash <= 0) return splitNamespaced(arn.rest, namespace);
  return { cluster: arn.rest.slice(0, slash), ...splitNamespaced(arn.rest.slice(slash + 1), namespace) };
}

/** A container instance: its ARN or the Node name (ECS's container instance id). */
export function parseContainerInstanceIdentifier(identifier: string): { cluster?: string; node: string } {
  const arn = splitArn(identifier);
  if (arn === undefined) return { node: identifier };
  if (arn.kind !== 'container-instance') throw new ArnError(identifier, 'container-instance');
  const slash = arn.rest.lastIndexOf('/');
  return slash <= 0 ? { node: arn.rest } : { cluster: arn.rest.slice(0, slash), node: arn.rest.slice(slash + 1) };
}

/** `family`, `family:revision`, `namespace.family[:revision]` or the ARN of either. */
export function parseTaskDefinitionIdentifier(identifier: string, namespace: string): TaskDefinitionRef {
  const arn = splitArn(identifier);
  if (arn !== undefined && arn.kind !== 'task-definition') throw new ArnError(identifier, 'task-definition');
  const text = arn?.rest ?? identifier;
  const match = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.)?([A-Za-z0-9_-]{1,255})(?::([1-9][0-9]*))?$/.exec(text);
  if (match === null) throw new ArnError(identifier, 'task-definition');
  const ref: TaskDefinitionRef = { namespace: match[1] ?? namespace, family: match[3] as string };
  if (match[4] !== undefined) ref.revision = Number(match[4]);
  return ref;
}

export class ArnError extends Error {
  constructor(identifier: string, expected: ArnKind) {
    super(`Invalid identifier '${identifier}': expected a ${expected} name or ARN.`);
    this.name = 'ArnError';
  }
}
