// The Kubernetes object types controllers may name. Only src/kube/ imports the client
// library; everything else takes its types from here (read them through `Cached<T>`).
export type {
  KubernetesObject,
  V1Node,
  V1Pod,
  V1PodSpec,
  V1Container,
  V1ObjectMeta,
  V1OwnerReference,
  V1Condition,
  V1Lease,
  V1ControllerRevision,
  V1Service,
  V1ServicePort,
  V1PodDisruptionBudget,
  CoreV1Event,
} from '@kubernetes/client-node';
