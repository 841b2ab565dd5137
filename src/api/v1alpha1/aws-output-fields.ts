/**
 * Fields of `aws ecs describe-task-definition` output that only AWS fills in. The
 * TaskDefinition schema declares them so that the output pastes into `spec` unchanged; they are
 * ignored (stripped before hashing), and the controller warns about them.
 */

export const AWS_OUTPUT_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

export type AwsOutputField = (typeof AWS_OUTPUT_FIELDS)[number];

/** The AWS-only output fields present in a task definition spec, in declaration order. */
export const listAwsOutputFields = (spec: object): AwsOutputField[] =>
  AWS_OUTPUT_FIELDS.filter((field) => Object.hasOwn(spec, field));
