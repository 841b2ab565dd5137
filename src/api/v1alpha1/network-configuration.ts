/** awsvpc network configuration (RunTask/CreateService `networkConfiguration`); accepted for compatibility. */
import { z } from 'zod';
import { text } from './meta.ts';

export const networkConfiguration = z
  .object({
    awsvpcConfiguration: z
      .object({
        subnets: z.array(text(255)).max(16).describe('Subnet ids.'),
        securityGroups: z.array(text(255)).max(5).optional().describe('Security group ids.'),
        assignPublicIp: z.enum(['ENABLED', 'DISABLED']).optional().describe('Assign a public IP.'),
      })
      .optional()
      .describe('Subnets and security groups for awsvpc tasks.'),
  })
  .describe('Network configuration for awsvpc tasks (accepted; Kubernetes Pod networking applies).');

export type NetworkConfiguration = z.infer<typeof networkConfiguration>;
