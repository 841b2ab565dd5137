/** Task definition volumes (ECS-SEMANTICS 1.7). */
import { z } from 'zod';
import { ecsName, int, stringMap, text } from './meta.ts';

export const MAX_VOLUMES = 64;

export const dockerVolumeConfiguration = z
  .object({
    scope: z.enum(['task', 'shared']).optional().describe('task (default): lives as long as the task, an emptyDir; shared: outlives it, a named PersistentVolumeClaim.'),
    autoprovision: z.boolean().optional().describe('Create a shared volume if it does not exist (default false).'),
    driver: text(255).optional().describe('Docker volume driver.'),
    driverOpts: stringMap().optional().describe('Driver options (free-form).'),
    labels: stringMap().optional().describe('Volume labels (free-form).'),
  })
  .describe('A Docker-managed volume.');

export const efsVolumeConfiguration = z
  .object({
    fileSystemId: text(255).describe('EFS file system id.'),
    rootDirectory: text(4096).optional().describe('Directory of the file system to mount.'),
    transitEncryption: z.enum(['ENABLED', 'DISABLED']).optional().describe('Encrypt in transit (default DISABLED).'),
    transitEncryptionPort: int(0, 65535).optional().describe('Port for encrypted traffic.'),
    authorizationConfig: z
      .object({
        accessPointId: text(255).optional().describe('EFS access point id.'),
        iam: z.enum(['ENABLED', 'DISABLED']).optional().describe('Use the task role to mount.'),
      })
      .optional()
      .describe('Authorization for the mount.'),
  })
  .describe('An Amazon EFS volume; realised through a CSI PersistentVolumeClaim.');

export const fsxWindowsFileServerVolumeConfiguration = z
  .object({
    fileSystemId: text(255).describe('FSx file system id.'),
    rootDirectory: text(4096).describe('Directory to mount.'),
    authorizationConfig: z
      .object({ credentialsParameter: text(2048).describe('Credentials secret.'), domain: text(255).describe('Domain.') })
      .describe('Authorization for the mount.'),
  })
  .describe('An FSx for Windows File Server volume (accepted, not supported by Stevedore).');

export const volume = z.object({
  name: ecsName().describe('Volume name, referenced by mountPoints[].sourceVolume.'),
  host: z
    .object({ sourcePath: text(4096).optional().describe('Path on the host; empty means a Docker-managed path.') })
    .optional()
    .describe('A bind mount from the container instance (hostPath, only where the Cluster allows it).'),
  dockerVolumeConfiguration: dockerVolumeConfiguration.optional(),
  efsVolumeConfiguration: efsVolumeConfiguration.optional(),
  fsxWindowsFileServerVolumeConfiguration: fsxWindowsFileServerVolumeConfiguration.optional(),
  configuredAtLaunch: z.boolean().optional().describe('The volume is configured when the task is run.'),
});

export type Volume = z.infer<typeof volume>;
