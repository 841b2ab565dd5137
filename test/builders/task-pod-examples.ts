// Task definitions that exercise the task definition to Pod translation, shared by the unit
// table (test/unit/kube/task-pod.test.ts) and the API server check (test/integration/task-pod.test.ts).
import type { TaskDefinitionSpec } from '../../src/api/v1alpha1/task-definition.ts';

/** A web app behind an Envoy proxy, with a database migration that must succeed first. */
export const shopWeb = (): TaskDefinitionSpec => ({
  family: 'shop-web',
  networkMode: 'bridge',
  volumes: [{ name: 'tmp' }],
  containerDefinitions: [
    {
      name: 'web',
      image: 'registry.example/shop/web:1.4.2',
      cpu: 512,
      memoryReservation: 512,
      memory: 1024,
      portMappings: [{ containerPort: 8080, name: 'http' }],
      environment: [
        { name: 'PORT', value: '8080' },
        { name: 'LOG_LEVEL', value: 'info' },
      ],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'shop-db/password' }],
      healthCheck: { command: ['CMD-SHELL', 'curl -fs http://localhost:8080/healthz || exit 1'], startPeriod: 20 },
      dependsOn: [
        { containerName: 'envoy', condition: 'HEALTHY' },
        { containerName: 'migrate', condition: 'SUCCESS' },
      ],
      mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp' }],
      readonlyRootFilesystem: true,
      stopTimeout: 60,
    },
    {
      name: 'migrate',
      image: 'registry.example/shop/web:1.4.2',
      essential: false,
      cpu: 256,
      memory: 256,
      command: ['bin/migrate', 'up'],
      secrets: [{ name: 'DB_PASSWORD', valueFrom: 'shop-db/password' }],
    },
    {
      name: 'envoy',
      image: 'envoyproxy/envoy:v1.31.2',
      cpu: 256,
      memory: 256,
      user: '101:101',
      portMappings: [
        { containerPort: 8443, name: 'https' },
        { containerPort: 9901, hostPort: 9901, name: 'admin' },
      ],
      healthCheck: { command: ['CMD', '/usr/local/bin/envoy-ready'], interval: 5, timeout: 2, retries: 3, startPeriod: 10 },
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/shop-web' } },
    },
  ],
});

/** Nearly every setting the translation maps, at once (needs every security gate open). */
export const kitchenSink = (): TaskDefinitionSpec => ({
  family: 'kitchen_sink',
  networkMode: 'bridge',
  cpu: '1 vCPU',
  memory: '2 GB',
  pidMode: 'task',
  ipcMode: 'task',
  taskRoleArn: 'arn:aws:iam::123456789012:role/kitchen',
  volumes: [
    { name: 'scratch' },
    { name: 'cache', dockerVolumeConfiguration: { scope: 'task', driver: 'local' } },
    { name: 'Shared_Data', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } },
    { name: 'media', efsVolumeConfiguration: { fileSystemId: 'fs-0123456789abcdef0' } },
    { name: 'host_logs', host: { sourcePath: '/var/log/kitchen' } },
  ],
  containerDefinitions: [
    {
      name: 'Main_App',
      image: 'registry.example/kitchen:2',
      cpu: 512,
      memory: 1024,
      entryPoint: ['/app/start'],
      command: ['--verbose'],
      workingDirectory: '/app',
      user: '1000:1000',
      privileged: true,
      interactive: true,
      pseudoTerminal: true,
      hostname: 'kitchen',
      dnsServers: ['10.0.0.2', '10.0.0.3'],
      dnsSearchDomains: ['corp.example'],
      extraHosts: [{ hostname: 'db.internal', ipAddress: '10.0.0.5' }],
      links: ['helper:help'],
      dockerLabels: { 'com.example.team': 'kitchen' },
      ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
      systemControls: [{ namespace: 'net.ipv4.tcp_keepalive_time', value: '120' }],
      linuxParameters: {
        capabilities: { add: ['NET_ADMIN'], drop: ['MKNOD'] },
        sharedMemorySize: 128,
        tmpfs: [{ containerPath: '/run/kitchen', size: 32 }],
      },
      dockerSecurityOptions: ['no-new-privileges'],
      portMappings: [
        { containerPort: 80, hostPort: 8080 },
        { containerPort: 5353, protocol: 'udp' },
      ],
      mountPoints: [
        { sourceVolume: 'scratch', containerPath: '/scratch' },
        { sourceVolume: 'cache', containerPath: '/cache' },
        { sourceVolume: 'Shared_Data', containerPath: '/shared', readOnly: true },
        { sourceVolume: 'media', containerPath: '/media' },
        { sourceVolume: 'host_logs', containerPath: '/var/log/app' },
      ],
      resourceRequirements: [{ type: 'GPU', value: '1' }],
      healthCheck: { command: ['CMD', '/app/healthy'] },
      dependsOn: [
        { containerName: 'helper', condition: 'START' },
        { containerName: 'setup', condition: 'COMPLETE' },
      ],
      stopTimeout: 45,
    },
    {
      name: 'helper',
      image: 'registry.example/helper:1',
      memoryReservation: 128,
      healthCheck: { command: ['CMD-SHELL', 'test -f /tmp/ready'] },
      volumesFrom: [{ sourceContainer: 'Main_App', readOnly: true }],
      secrets: [{ name: 'TOKEN', valueFrom: 'kitchen-token/token' }],
    },
    { name: 'setup', image: 'registry.example/setup:1', essential: false, memoryReservation: 64, command: ['prepare'] },
  ],
});

/** Host networking, host PID and IPC (needs allowHostNetwork and allowPrivileged). */
export const hostAgent = (): TaskDefinitionSpec => ({
  family: 'host-agent',
  networkMode: 'host',
  pidMode: 'host',
  ipcMode: 'host',
  containerDefinitions: [{ name: 'agent', image: 'registry.example/agent:3', memory: 256, portMappings: [{ containerPort: 8125, protocol: 'udp' }] }],
});

/** awsvpc: the task's own IP is the Pod's. */
export const vpcService = (): TaskDefinitionSpec => ({
  family: 'vpc-service',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  containerDefinitions: [{ name: 'app', image: 'registry.example/app:1', portMappings: [{ containerPort: 8080 }] }],
});
