/** RunTask `overrides` (TaskOverride, ECS-SEMANTICS 4.3). */
import { z } from 'zod';
import { int, keyValuePair, text } from './meta.ts';

export const containerOverride = z.object({
  name: text(255).describe('Container to override (required when anything else is set).'),
  command: z.array(text(4096)).max(128).optional().describe('Replaces the container command.'),
  environment: z.array(keyValuePair).max(256).optional().describe('Adds or replaces environment variables.'),
  environmentFiles: z
    .array(z.object({ value: text(2048).describe('File location.'), type: z.enum(['s3']).describe('s3.') }))
    .max(10)
    .optional()
    .describe('Extra environment files.'),
  cpu: int(0, 262144).optional().describe('Replaces the container cpu.'),
  memory: int(0, 2147483647).optional().describe('Replaces the container memory (hard limit, MiB).'),
  memoryReservation: int(0, 2147483647).optional().describe('Replaces the container memoryReservation (MiB).'),
  resourceRequirements: z
    .array(z.object({ value: text(64).describe('Amount.'), type: z.enum(['GPU', 'InferenceAccelerator']).describe('Type.') }))
    .max(4)
    .optional()
    .describe('Replaces GPU or accelerator reservations.'),
});

export const taskOverride = z
  .object({
    containerOverrides: z.array(containerOverride).max(10).optional().describe('Per-container overrides.'),
    cpu: text(32).optional().describe('Task cpu override, as in the task definition ("1024" or "1 vCPU").'),
    memory: text(32).optional().describe('Task memory override, as in the task definition ("2048" or "2 GB").'),
    taskRoleArn: text(2048).optional().describe('Task role override.'),
    executionRoleArn: text(2048).optional().describe('Execution role override.'),
    ephemeralStorage: z.object({ sizeInGiB: int(21, 200).describe('Size in GiB.') }).optional().describe('Ephemeral storage override.'),
    inferenceAcceleratorOverrides: z
      .array(z.object({ deviceName: text(255).optional().describe('Device.'), deviceType: text(255).optional().describe('Type.') }))
      .max(8)
      .optional()
      .describe('Accelerator overrides (accepted, not supported).'),
  })
  .describe('Overrides of the task definition for this task; V6-style checks apply to the effective values (controller).');

export type TaskOverride = z.infer<typeof taskOverride>;
export type ContainerOverride = z.infer<typeof containerOverride>;
