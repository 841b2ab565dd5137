// A registered revision as ECS's TaskDefinition (DescribeTaskDefinition,
// RegisterTaskDefinition): the normalised content it holds plus the fields ECS adds. Pure.
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { TaskDefinitionRevision } from '../../api/v1alpha1/task-definition.ts';
import { taskDefinitionArn } from '../arn.ts';
import type { EcsTaskDefinition } from '../shapes.ts';
import { dateOf } from './timestamps.ts';

export interface RegisteredRevision {
  namespace: string;
  content: NormalizedTaskDefinition;
  revision: Pick<TaskDefinitionRevision, 'revision' | 'status' | 'registeredAt' | 'deregisteredAt'>;
}

export function toEcsTaskDefinition({ namespace, content, revision }: RegisteredRevision): EcsTaskDefinition {
  const { family, containerDefinitions, ...rest } = content;
  const result: EcsTaskDefinition = {
    taskDefinitionArn: taskDefinitionArn(namespace, family, revision.revision),
    containerDefinitions,
    family,
    ...rest,
    revision: revision.revision,
    status: revision.status,
    requiresAttributes: [],
    compatibilities: compatibilitiesOf(content),
  };
  const registeredAt = dateOf(revision.registeredAt);
  if (registeredAt !== undefined) result.registeredAt = registeredAt;
  const deregisteredAt = dateOf(revision.deregisteredAt);
  if (deregisteredAt !== undefined) result.deregisteredAt = deregisteredAt;
  return result;
}

/** ECS adds FARGATE where the definition would run there: awsvpc with task-level cpu and memory. */
function compatibilitiesOf(content: NormalizedTaskDefinition): string[] {
  const fargate = content.networkMode === 'awsvpc' && content.cpu !== undefined && content.memory !== undefined;
  return fargate ? ['EC2', 'FARGATE'] : ['EC2'];
}
