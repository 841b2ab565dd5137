/** The v1alpha1 API: schemas, types and the pure helpers controllers use. */
export * from './meta.ts';
export * from './conditions.ts';
export * from './placement.ts';
export * from './capacity-provider.ts';
export * from './container-definition.ts';
export * from './volume.ts';
export * from './network-configuration.ts';
export * from './task-override.ts';
export * from './task-definition.ts';
export * from './service.ts';
export * from './task.ts';
export * from './cluster.ts';
export * from './aws-output-fields.ts';
export * as messages from './validation-messages.ts';
