// A Task as a Pod: the translation lives in task-pod/, one concept per file; this is its API.
export { buildTaskPod, defaultStopTimeoutSeconds } from './task-pod/build.ts';
export {
  clusterLabel,
  containersAnnotation,
  dockerLabelsAnnotation,
  familyLabel,
  groupAnnotation,
  readPodContainerRecords,
  revisionLabel,
  schedulerName,
  serviceLabel,
  servingLabel,
  taskDefinitionAnnotation,
  taskLabel,
  type PodContainerRecord,
} from './task-pod/metadata.ts';
export { isLabelValue } from './task-pod/names.ts';
export { dynamicHostPortKey, listDynamicPortMappings, type DynamicPortMapping } from './task-pod/ports.ts';
export { cpuUnitsToMillicores, gpuResourceName } from './task-pod/resources.ts';
export { parseSecretReference, type SecretKeyReference } from './task-pod/environment.ts';
export { TARGET_HEALTH_PROBE } from './task-pod/load-balancing.ts';
export type { LoadBalancerTarget, PodContainerRole, PodWarning, TaskPodInput, TaskPodRefusal, TaskPodRefusalReason, TaskPodResult } from './task-pod/types.ts';
