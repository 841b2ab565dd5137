// Placement failures as ECS's Failure: the instance the reason refers to, by ARN. Pure.
import { containerInstanceArn } from '../arn.ts';
import type { EcsFailure } from '../shapes.ts';

export function toEcsPlacementFailure(cluster: string, failure: { arn: string; reason: string; detail?: string }): EcsFailure {
  const result: EcsFailure = { arn: containerInstanceArn(cluster, failure.arn), reason: failure.reason };
  if (failure.detail !== undefined) result.detail = failure.detail;
  return result;
}

/** Describe* for an identifier that names nothing: `{arn, reason: MISSING}`. */
export function missing(arn: string): EcsFailure {
  return { arn, reason: 'MISSING' };
}
