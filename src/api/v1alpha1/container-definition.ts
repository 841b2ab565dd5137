/**
 * An ECS container definition (ECS-SEMANTICS 1.3 to 1.6), with ECS's JSON field names so the
 * `containerDefinitions` of `aws ecs describe-task-definition` paste in unchanged.
 */
import { z } from 'zod';
import { ecsName, int, keyValuePair, stringMap, text } from './meta.ts';
import { celMessageWithName } from './cel.ts';
import { memoryBelowReservation } from './validation-messages.ts';

export const MAX_PORT_MAPPINGS = 100;
export const MAX_DEPENDS_ON = 10;

const stringList = (maxItems: number, maxLength: number) => z.array(text(maxLength)).max(maxItems);

export const healthCheck = z
  .object({
    command: stringList(64, 4096)
      .min(1)
      .describe('Command run in the container: ["CMD", exe, args...] or ["CMD-SHELL", "shell command"]; exit 0 is healthy.'),
    interval: int(5, 300).optional().describe('Seconds between checks (5..300, default 30).'),
    timeout: int(2, 60).optional().describe('Seconds before a check counts as failed (2..60, default 5).'),
    retries: int(1, 10).optional().describe('Consecutive failures before the container is UNHEALTHY (1..10, default 3).'),
    startPeriod: int(0, 300).optional().describe('Grace period in seconds during which failures do not count (0..300, default off).'),
  })
  .describe('Container health check (Docker HEALTHCHECK semantics); becomes a readiness probe.');

export const dependsOnCondition = z.enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']);

export const containerDependency = z.object({
  containerName: ecsName().describe('The container this one waits for.'),
  condition: dependsOnCondition.describe('START (started), COMPLETE (exited), SUCCESS (exited 0) or HEALTHY (health check passes). COMPLETE and SUCCESS need a non-essential container.'),
});

export const portMapping = z.object({
  containerPort: int(0, 65535).optional().describe('Port inside the container.'),
  hostPort: int(0, 65535)
    .optional()
    .describe('Port on the container instance. bridge: omitted or 0 means dynamic; host/awsvpc: omitted or equal to containerPort.'),
  protocol: z.enum(['tcp', 'udp']).optional().describe('tcp (default) or udp.'),
  name: text(64).optional().describe('Port name, used by Service Connect.'),
  appProtocol: z.enum(['http', 'http2', 'grpc']).optional().describe('Application protocol: http, http2 or grpc.'),
  containerPortRange: text(11)
    .regex(/^[0-9]{1,5}-[0-9]{1,5}$/)
    .optional()
    .describe('A range such as "8000-8010" (bridge and awsvpc only); the agent assigns the host range.'),
});

export const ulimit = z.object({
  name: z
    .enum(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'])
    .describe('Resource limit name.'),
  softLimit: z.int().describe('Soft limit.'),
  hardLimit: z.int().describe('Hard limit.'),
});

export const secret = z.object({
  name: text(255).describe('Environment variable (or log option) name.'),
  valueFrom: text(2048).describe('Where the value comes from. In Stevedore: a Kubernetes Secret key as "<secret>/<key>"; AWS ARNs are refused by the controller.'),
});

export const logConfiguration = z
  .object({
    logDriver: z
      .enum(['awslogs', 'fluentd', 'gelf', 'json-file', 'journald', 'logentries', 'syslog', 'splunk', 'awsfirelens'])
      .describe('Log driver.'),
    options: stringMap().optional().describe('Driver options (free-form, as in ECS).'),
    secretOptions: z.array(secret).max(32).optional().describe('Secret driver options.'),
  })
  .describe('Log configuration; what Kubernetes cannot honour is reported as a warning condition.');

export const mountPoint = z.object({
  sourceVolume: text(255).optional().describe('Name of a task definition volume.'),
  containerPath: text(4096).optional().describe('Path in the container.'),
  readOnly: z.boolean().optional().describe('Mount read-only (default false).'),
});

export const volumeFrom = z.object({
  sourceContainer: text(255).optional().describe('Container whose volumes to mount.'),
  readOnly: z.boolean().optional().describe('Mount read-only (default false).'),
});

export const linuxParameters = z
  .object({
    capabilities: z
      .object({
        add: stringList(64, 64).optional().describe('Capabilities to add, e.g. NET_ADMIN.'),
        drop: stringList(64, 64).optional().describe('Capabilities to drop.'),
      })
      .optional()
      .describe('Linux capabilities added to or dropped from the Docker default set.'),
    devices: z
      .array(
        z.object({
          hostPath: text(4096).describe('Device path on the host.'),
          containerPath: text(4096).optional().describe('Device path in the container.'),
          permissions: z.array(z.enum(['read', 'write', 'mknod'])).max(3).optional().describe('Device permissions.'),
        }),
      )
      .max(32)
      .optional()
      .describe('Host devices exposed to the container.'),
    initProcessEnabled: z.boolean().optional().describe('Run an init process as PID 1.'),
    sharedMemorySize: z.int().min(0).optional().describe('Size of /dev/shm in MiB.'),
    tmpfs: z
      .array(
        z.object({
          containerPath: text(4096).describe('Mount path.'),
          size: z.int().min(0).describe('Size in MiB.'),
          mountOptions: stringList(32, 64).optional().describe('Mount options.'),
        }),
      )
      .max(32)
      .optional()
      .describe('tmpfs mounts.'),
    maxSwap: z.int().min(0).optional().describe('Swap the container may use, in MiB.'),
    swappiness: int(0, 100).optional().describe('Swappiness (0..100).'),
  })
  .describe('Linux-specific options.');

export const restartPolicy = z
  .object({
    enabled: z.boolean().describe('Restart the container in place when it exits.'),
    ignoredExitCodes: z.array(z.int()).max(50).optional().describe('Exit codes that do not trigger a restart (up to 50).'),
    restartAttemptPeriod: int(60, 1800).optional().describe('Seconds the container must run before a restart is attempted (60..1800, default 300).'),
  })
  .describe('In-place container restart policy.');

export const containerDefinition = z
  .object({
    name: ecsName().describe('Container name, unique in the task definition; referenced by links, dependsOn and overrides.'),
    image: z.string().min(1).max(255).describe('Image reference, repository:tag or repository@digest.'),
    repositoryCredentials: z
      .object({ credentialsParameter: text(2048).describe('Secret holding registry credentials.') })
      .optional()
      .describe('Private registry credentials.'),
    cpu: int(0, 262144).optional().describe('CPU units reserved for the container (1024 = 1 vCPU).'),
    memory: int(0, 2147483647).optional().describe('Hard memory limit in MiB; the container is killed above it.'),
    memoryReservation: int(0, 2147483647).optional().describe('Soft memory limit in MiB; used for placement when set.'),
    links: stringList(10, 512).optional().describe('Links "name:alias" to other containers (bridge mode only).'),
    portMappings: z.array(portMapping).max(MAX_PORT_MAPPINGS).optional().describe('Ports the container exposes.'),
    essential: z.boolean().optional().describe('If true (the default) the task stops when this container stops.'),
    restartPolicy: restartPolicy.optional(),
    entryPoint: stringList(64, 4096).optional().describe('Overrides the image ENTRYPOINT.'),
    command: stringList(128, 4096).optional().describe('Overrides the image CMD.'),
    environment: z.array(keyValuePair).max(256).optional().describe('Environment variables.'),
    environmentFiles: z
      .array(z.object({ value: text(2048).describe('File location.'), type: z.enum(['s3']).describe('s3.') }))
      .max(10)
      .optional()
      .describe('Environment files (up to 10).'),
    mountPoints: z.array(mountPoint).max(64).optional().describe('Volume mounts.'),
    volumesFrom: z.array(volumeFrom).max(10).optional().describe('Volumes mounted from other containers.'),
    linuxParameters: linuxParameters.optional(),
    secrets: z.array(secret).max(256).optional().describe('Environment variables whose values come from secrets.'),
    dependsOn: z.array(containerDependency).max(MAX_DEPENDS_ON).optional().describe('Containers that must reach a condition before this one starts.'),
    startTimeout: z.int().min(0).optional().describe('Seconds to wait for dependencies before giving up.'),
    stopTimeout: z.int().min(0).optional().describe('Seconds between SIGTERM and SIGKILL (default 30).'),
    versionConsistency: z.enum(['enabled', 'disabled']).optional().describe('Resolve the image tag to a digest at registration.'),
    hostname: text(255).optional().describe('Container hostname (not with awsvpc).'),
    user: text(255).optional().describe('User (and group) the container runs as.'),
    workingDirectory: text(4096).optional().describe('Working directory.'),
    disableNetworking: z.boolean().optional().describe('Disable networking in the container.'),
    privileged: z.boolean().optional().describe('Run privileged; only where the Cluster allows it.'),
    readonlyRootFilesystem: z.boolean().optional().describe('Mount the root filesystem read-only.'),
    dnsServers: stringList(8, 64).optional().describe('DNS servers.'),
    dnsSearchDomains: stringList(8, 253).optional().describe('DNS search domains.'),
    extraHosts: z
      .array(z.object({ hostname: text(255).describe('Host name.'), ipAddress: text(64).describe('IP address.') }))
      .max(64)
      .optional()
      .describe('Entries appended to /etc/hosts.'),
    dockerSecurityOptions: stringList(16, 1024).optional().describe('SELinux/AppArmor labels.'),
    interactive: z.boolean().optional().describe('Keep stdin open.'),
    pseudoTerminal: z.boolean().optional().describe('Allocate a TTY.'),
    dockerLabels: stringMap().optional().describe('Labels added to the container (free-form).'),
    ulimits: z.array(ulimit).max(16).optional().describe('Resource limits.'),
    logConfiguration: logConfiguration.optional(),
    healthCheck: healthCheck.optional(),
    systemControls: z
      .array(z.object({ namespace: text(255).optional().describe('sysctl name.'), value: text(1024).optional().describe('sysctl value.') }))
      .max(32)
      .optional()
      .describe('Namespaced kernel parameters.'),
    resourceRequirements: z
      .array(z.object({ value: text(64).describe('Amount.'), type: z.enum(['GPU', 'InferenceAccelerator']).describe('Resource type.') }))
      .max(4)
      .optional()
      .describe('GPUs or inference accelerators reserved for the container.'),
    firelensConfiguration: z
      .object({ type: z.enum(['fluentd', 'fluentbit']).describe('Log router.'), options: stringMap().optional().describe('Router options.') })
      .optional()
      .describe('FireLens log router configuration.'),
    credentialSpecs: stringList(1, 2048).optional().describe('Active Directory credential spec.'),
  })
  .meta({
    'x-kubernetes-validations': [
      {
        rule: '!has(self.memory) || !has(self.memoryReservation) || self.memory >= self.memoryReservation',
        messageExpression: celMessageWithName(memoryBelowReservation, 'self.name'),
      },
    ],
  })
  .describe('A container of the task.');

export type ContainerDefinition = z.infer<typeof containerDefinition>;
export type PortMapping = z.infer<typeof portMapping>;
export type HealthCheck = z.infer<typeof healthCheck>;
export type ContainerDependency = z.infer<typeof containerDependency>;
export type DependsOnCondition = z.infer<typeof dependsOnCondition>;
