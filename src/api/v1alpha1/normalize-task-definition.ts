/**
 * Normalisation of a TaskDefinition spec (pure): the form that decides whether a revision
 * changed. ECS defaults are filled in, units converted, AWS output fields and empty lists
 * dropped, so that a no-op re-apply (or pasting the describe-task-definition output of what
 * was written by hand) never registers a revision, and any real change (an image) does.
 */
import { AWS_OUTPUT_FIELDS } from './aws-output-fields.ts';
import { contentHash } from './canonical-json.ts';
import type { ContainerDefinition, HealthCheck, PortMapping } from './container-definition.ts';
import type { NetworkMode, TaskDefinitionSpec } from './task-definition.ts';
import { parseTaskCpu, parseTaskMemory } from './task-size.ts';
import type { Volume } from './volume.ts';

export const DEFAULT_NETWORK_MODE: NetworkMode = 'bridge';
export const HEALTH_CHECK_DEFAULTS = { interval: 30, timeout: 5, retries: 3 } as const;
export const RUNTIME_PLATFORM_DEFAULTS = { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' } as const;

export type NormalizedContainerDefinition = Omit<ContainerDefinition, 'essential'> & { essential: boolean };

/** The spec as registered: what a revision holds. */
export type NormalizedTaskDefinition = Omit<
  TaskDefinitionSpec,
  (typeof AWS_OUTPUT_FIELDS)[number] | 'deregisteredRevisions' | 'family' | 'networkMode' | 'cpu' | 'memory' | 'containerDefinitions'
> & {
  family: string;
  networkMode: NetworkMode;
  /** CPU units as a string of digits, as ECS stores it. */
  cpu?: string;
  /** MiB as a string of digits, as ECS stores it. */
  memory?: string;
  containerDefinitions: NormalizedContainerDefinition[];
};

export type NormalizeResult =
  | { ok: true; taskDefinition: NormalizedTaskDefinition; hash: string }
  | { ok: false; messages: string[] };

/** Fields that are not part of a revision's content. Tags change without a new revision in ECS (TagResource). */
const NOT_REVISION_CONTENT = new Set<string>([...AWS_OUTPUT_FIELDS, 'deregisteredRevisions', 'tags']);

/**
 * Normalise `spec` of the TaskDefinition named `name`. Fails only on values that cannot be
 * converted (a task cpu of "fast"); registration rules are checkTaskDefinition's job.
 */
export const normalizeTaskDefinition = (spec: TaskDefinitionSpec, name: string): NormalizeResult => {
  const messages: string[] = [];
  const size = (value: number | string | undefined, parse: typeof parseTaskCpu): string | undefined => {
    if (value === undefined) return undefined;
    const parsed = parse(value);
    if (parsed.ok) return String(parsed.value);
    messages.push(parsed.message);
    return undefined;
  };

  const networkMode = spec.networkMode ?? DEFAULT_NETWORK_MODE;
  const content = Object.fromEntries(Object.entries(spec).filter(([key]) => !NOT_REVISION_CONTENT.has(key)));
  const normalized = dropEmpty({
    ...content,
    family: spec.family ?? name,
    networkMode,
    cpu: size(spec.cpu, parseTaskCpu),
    memory: size(spec.memory, parseTaskMemory),
    containerDefinitions: spec.containerDefinitions.map((c) => normalizeContainer(c, networkMode)),
    volumes: spec.volumes?.map(normalizeVolume),
    runtimePlatform: { ...RUNTIME_PLATFORM_DEFAULTS, ...spec.runtimePlatform },
  }) as NormalizedTaskDefinition;

  if (messages.length > 0) return { ok: false, messages };
  return { ok: true, taskDefinition: normalized, hash: computeTaskDefinitionHash(normalized) };
};

/** Content hash of a normalised task definition: equal content, equal hash (key order does not matter). */
export const computeTaskDefinitionHash = (taskDefinition: NormalizedTaskDefinition): string => contentHash(taskDefinition);

const normalizeContainer = (c: ContainerDefinition, networkMode: NetworkMode): NormalizedContainerDefinition => ({
  ...c,
  // describe-task-definition shows an unset container cpu as 0.
  cpu: c.cpu ?? 0,
  essential: c.essential ?? true,
  portMappings: c.portMappings?.map((p) => normalizePortMapping(p, networkMode)),
  mountPoints: c.mountPoints?.map((m) => ({ ...m, readOnly: m.readOnly ?? false })),
  volumesFrom: c.volumesFrom?.map((v) => ({ ...v, readOnly: v.readOnly ?? false })),
  environment: c.environment === undefined ? undefined : sortByName(c.environment),
  secrets: c.secrets === undefined ? undefined : sortByName(c.secrets),
  healthCheck: c.healthCheck === undefined ? undefined : normalizeHealthCheck(c.healthCheck),
});

const normalizePortMapping = (p: PortMapping, networkMode: NetworkMode): PortMapping => {
  // host and awsvpc: the host port is the container port. bridge: absent means dynamic, which ECS shows as 0.
  const hostPort =
    networkMode === 'host' || networkMode === 'awsvpc'
      ? (p.hostPort ?? p.containerPort)
      : p.containerPortRange === undefined
        ? (p.hostPort ?? 0)
        : p.hostPort;
  return { ...p, protocol: p.protocol ?? 'tcp', hostPort };
};

const normalizeHealthCheck = (h: HealthCheck): HealthCheck => ({ ...HEALTH_CHECK_DEFAULTS, ...h });

const normalizeVolume = (v: Volume): Volume => ({
  ...v,
  dockerVolumeConfiguration:
    v.dockerVolumeConfiguration === undefined
      ? undefined
      : { scope: 'task', ...v.dockerVolumeConfiguration, autoprovision: v.dockerVolumeConfiguration.autoprovision ?? false },
  efsVolumeConfiguration:
    v.efsVolumeConfiguration === undefined
      ? undefined
      : { transitEncryption: 'DISABLED', ...v.efsVolumeConfiguration },
});

/** Order does not matter to ECS for variables; a stable sort keeps duplicates in their order (the last wins). */
const sortByName = <T extends { name?: string | undefined }>(items: T[]): T[] =>
  [...items].sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0));

/** Drops undefined values, empty lists and empty objects at every level: absent and empty mean the same to ECS. */
const dropEmpty = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value)
    .map(([key, child]) => [key, dropEmpty(child)] as const)
    .filter(([, child]) => !isEmpty(child));
  return Object.fromEntries(entries);
};

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0);
