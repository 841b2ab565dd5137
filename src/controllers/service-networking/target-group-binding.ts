// The AWS Load Balancer Controller's TargetGroupBinding (elbv2.k8s.aws/v1beta1): it registers
// the endpoints of a core Service in an existing ALB/NLB target group, so the tasks land in the
// same target group as on ECS. The kind exists only where that controller is installed.
import type { KubernetesObject } from '../../kube/types.ts';

export const TARGET_GROUP_BINDING_API_VERSION = 'elbv2.k8s.aws/v1beta1';
export const TARGET_GROUP_BINDING_KIND = 'TargetGroupBinding';

export interface TargetGroupBinding extends KubernetesObject {
  spec: {
    serviceRef: { name: string; port: number };
    targetGroupARN: string;
  };
}

/**
 * targetType is left out: the controller reads it from the target group (instance or ip), as
 * ECS registers whatever the target group takes.
 */
export function toTargetGroupBindingSpec(serviceName: string, port: number, targetGroupArn: string): TargetGroupBinding['spec'] {
  return { serviceRef: { name: serviceName, port }, targetGroupARN: targetGroupArn };
}
