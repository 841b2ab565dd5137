// The ECS task definition as ECS's own JSON (RegisterTaskDefinition input), reduced to the
// fields the engine reads. Field names are ECS's exactly (ECS-SEMANTICS 1.2, 1.3) so that a
// `describe-task-definition` document pastes in unchanged; unknown fields pass through.

export type NetworkMode = 'bridge' | 'host' | 'awsvpc' | 'none' | 'default';
export type TransportProtocol = 'tcp' | 'udp';

export interface PortMapping {
  containerPort?: number;
  hostPort?: number;
  protocol?: TransportProtocol;
  name?: string;
  containerPortRange?: string;
}

export interface ContainerDependency {
  containerName: string;
  condition: 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';
}

export interface ContainerDefinition {
  name?: string;
  image?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  essential?: boolean;
  portMappings?: PortMapping[];
  dependsOn?: ContainerDependency[];
  [other: string]: unknown;
}

export type PlacementConstraint =
  | { type: 'distinctInstance'; expression?: string }
  | { type: 'memberOf'; expression: string };

export type PlacementStrategy =
  | { type: 'binpack'; field: 'cpu' | 'memory' }
  | { type: 'spread'; field: string }
  | { type: 'random'; field?: string };

export interface RuntimePlatform {
  operatingSystemFamily?: string;
  cpuArchitecture?: 'X86_64' | 'ARM64';
}

export interface TaskDefinition {
  family: string;
  containerDefinitions: ContainerDefinition[];
  /** CPU units as a string or number, or "<n> vCPU" (converted at registration). */
  cpu?: string | number;
  /** MiB as a string or number, or "<n> GB" (converted at registration). */
  memory?: string | number;
  networkMode?: NetworkMode;
  requiresCompatibilities?: string[];
  placementConstraints?: PlacementConstraint[];
  runtimePlatform?: RuntimePlatform;
  [other: string]: unknown;
}

export type TaskDefinitionStatus = 'ACTIVE' | 'INACTIVE';

/** A registered revision: the definition plus what ECS assigns. */
export interface TaskDefinitionRevision {
  family: string;
  revision: number;
  status: TaskDefinitionStatus;
  definition: TaskDefinition;
}

/** `family:revision`, the short form of a task definition ARN. */
export function taskDefinitionRef(revision: Pick<TaskDefinitionRevision, 'family' | 'revision'>): string {
  return `${revision.family}:${revision.revision}`;
}

export interface ContainerOverride {
  name?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  [other: string]: unknown;
}

/** RunTask/StartTask `overrides` (ECS-SEMANTICS 4.3). */
export interface TaskOverride {
  containerOverrides?: ContainerOverride[];
  cpu?: string;
  memory?: string;
  [other: string]: unknown;
}
