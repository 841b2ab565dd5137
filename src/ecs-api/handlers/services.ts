// CreateService, UpdateService, DeleteService, DescribeServices and ListServices over Service
// custom resources. The service scheduler (another controller) acts on them; these verbs
// only write the request, as ECS's API does before its scheduler runs.
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { serviceSpec, type Service } from '../../api/v1alpha1/service.ts';
import { services as serviceResource } from '../../kube/resources.ts';
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import { parseClusterIdentifier, parseNamespacedIdentifier, parseTaskDefinitionIdentifier, serviceArn } from '../arn.ts';
import type { EcsContext } from '../context.ts';
import { clusterNotFound, EcsApiError, invalidParameter, serviceNotFound } from '../errors.ts';
import { missing } from '../mapping/failure.ts';
import { serviceClusterOf, serviceNameOf, toEcsService } from '../mapping/service.ts';
import type { EcsFailure, EcsService } from '../shapes.ts';
import { checkAgainst } from '../unknown-fields.ts';

/** The annotation that asks the service scheduler for a new deployment (UpdateService forceNewDeployment). */
export const forceNewDeploymentAnnotation = 'ecs.stevedore.dev/force-new-deployment';

function clusterName(identifier: unknown): string {
  return typeof identifier === 'string' && identifier !== '' ? parseClusterIdentifier(identifier) : DEFAULT_CLUSTER_NAME;
}

/** `family`, `family:3` or a task definition ARN as the Service's reference in its namespace. */
function taskDefinitionReference(identifier: string, namespace: string): string {
  const ref = parseTaskDefinitionIdentifier(identifier, namespace);
  if (ref.namespace !== namespace) throw invalidParameter(`The task definition ${identifier} is in namespace ${ref.namespace}; a Service in ${namespace} can only run task definitions of its own namespace.`);
  return ref.revision === undefined ? ref.family : `${ref.family}:${ref.revision}`;
}

async function ensureCluster(ctx: EcsContext, cluster: string): Promise<void> {
  if (cluster === DEFAULT_CLUSTER_NAME) return;
  const clusters = await ctx.kube.clusters();
  if (!clusters.some((c) => c.metadata.name === cluster)) throw clusterNotFound();
}

/** The Service object named by `service` (its name or ARN) in `cluster`. */
async function findService(ctx: EcsContext, cluster: string, identifier: string): Promise<Service | undefined> {
  const ref = parseNamespacedIdentifier(identifier, 'service', ctx.namespace);
  const byName = await ctx.kube.get<Service>(serviceResource, ref.name, ref.namespace);
  if (byName !== undefined && serviceClusterOf(byName) === (ref.cluster ?? cluster)) return byName;
  // A Service whose serviceName differs from its object name.
  const all = await ctx.kube.services(ref.namespace);
  return all.find((s) => serviceNameOf(s) === ref.name && serviceClusterOf(s) === (ref.cluster ?? cluster));
}

export async function createService(ctx: EcsContext, request: Record<string, unknown>): Promise<{ service: EcsService; unknownFields: string[] }> {
  const serviceName = request['serviceName'];
  if (typeof serviceName !== 'string' || serviceName === '') throw invalidParameter('serviceName can not be blank.');
  const cluster = clusterName(request['cluster']);
  await ensureCluster(ctx, cluster);
  const { clientToken: _clientToken, role: _role, ...rest } = request;
  const taskDefinition = typeof rest['taskDefinition'] === 'string' ? taskDefinitionReference(rest['taskDefinition'], ctx.namespace) : undefined;
  if (taskDefinition === undefined) throw invalidParameter('taskDefinition can not be blank.');
  const checked = checkAgainst(serviceSpec, { ...rest, cluster, taskDefinition });
  if (!checked.ok) throw invalidParameter(checked.message);
  const name = serviceName.toLowerCase().replace(/_/g, '-');
  const manifest: Service = { apiVersion: API_VERSION as Service['apiVersion'], kind: 'Service', metadata: { name, namespace: ctx.namespace }, spec: checked.value };
  if (name !== serviceName) manifest.spec.serviceName = serviceName;
  if (manifest.spec.cluster === DEFAULT_CLUSTER_NAME && request['cluster'] === undefined) delete manifest.spec.cluster;
  const existing = await findService(ctx, cluster, serviceName);
  if (existing !== undefined) throw invalidParameter('Creation of service was not idempotent.');
  const created = await ctx.kube.create(serviceResource, manifest);
  return { service: toEcsService(created), unknownFields: checked.unknown };
}

export interface UpdateServiceRequest {
  cluster?: string;
  service: string;
  desiredCount?: number;
  taskDefinition?: string;
  forceNewDeployment?: boolean;
  [member: string]: unknown;
}

/** The members UpdateService may change, as the Service spec names them. */
const UPDATABLE = ['desiredCount', 'taskDefinition', 'capacityProviderStrategy', 'deploymentConfiguration', 'placementConstraints', 'placementStrategy', 'healthCheckGracePeriodSeconds', 'networkConfiguration', 'loadBalancers', 'serviceRegistries', 'enableExecuteCommand', 'enableECSManagedTags', 'propagateTags', 'availabilityZoneRebalancing', 'platformVersion'] as const;

export async function updateService(ctx: EcsContext, request: UpdateServiceRequest): Promise<{ service: EcsService; unknownFields: string[] }> {
  const cluster = clusterName(request.cluster);
  const existing = await findService(ctx, cluster, request.service);
  if (existing === undefined) throw serviceNotFound();
  if (existing.metadata.deletionTimestamp !== undefined) throw new EcsApiError('ServiceNotActiveException', 'Service was not ACTIVE.');
  const spec: Record<string, unknown> = {};
  for (const member of UPDATABLE) if (request[member] !== undefined) spec[member] = request[member];
  if (typeof spec['taskDefinition'] === 'string') spec['taskDefinition'] = taskDefinitionReference(spec['taskDefinition'], existing.metadata.namespace ?? ctx.namespace);
  const checked = checkAgainst(serviceSpec.partial(), spec);
  if (!checked.ok) throw invalidParameter(checked.message);
  const known = new Set<string>([...UPDATABLE, 'cluster', 'service', 'forceNewDeployment']);
  const unknownFields = Object.keys(request).filter((k) => !known.has(k));
  const patch: Record<string, unknown> = { spec };
  if (request.forceNewDeployment === true) patch['metadata'] = { annotations: { [forceNewDeploymentAnnotation]: ctx.now().toISOString() } };
  const updated = await ctx.kube.patch<Service>(serviceResource, existing.metadata.name, existing.metadata.namespace, patch);
  return { service: toEcsService(updated), unknownFields };
}

export async function deleteService(ctx: EcsContext, request: { cluster?: string; service: string; force?: boolean }): Promise<{ service: EcsService }> {
  const cluster = clusterName(request.cluster);
  const existing = await findService(ctx, cluster, request.service);
  if (existing === undefined) throw serviceNotFound();
  const desired = existing.spec.desiredCount ?? 0;
  if (request.force !== true && existing.spec.schedulingStrategy !== 'DAEMON' && desired > 0) {
    throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
  }
  await ctx.kube.delete(serviceResource, existing.metadata.name, existing.metadata.namespace);
  return { service: { ...toEcsService(existing), status: 'DRAINING' } };
}

export async function describeServices(ctx: EcsContext, request: { cluster?: string; services: string[] }): Promise<{ services: EcsService[]; failures: EcsFailure[] }> {
  if (request.services.length === 0) throw invalidParameter('Services cannot be empty.');
  if (request.services.length > 10) throw invalidParameter('Services cannot contain more than 10 elements.');
  const cluster = clusterName(request.cluster);
  await ensureCluster(ctx, cluster);
  const result: { services: EcsService[]; failures: EcsFailure[] } = { services: [], failures: [] };
  for (const identifier of request.services) {
    const service = await findService(ctx, cluster, identifier);
    if (service === undefined) {
      const ref = parseNamespacedIdentifier(identifier, 'service', ctx.namespace);
      result.failures.push(missing(identifier.startsWith('arn:') ? identifier : serviceArn(cluster, ref.namespace, ref.name)));
    } else result.services.push(toEcsService(service));
  }
  return result;
}

export async function listServices(ctx: EcsContext, request: { cluster?: string; launchType?: string; schedulingStrategy?: string }): Promise<{ serviceArns: string[] }> {
  const cluster = clusterName(request.cluster);
  await ensureCluster(ctx, cluster);
  const all = await ctx.kube.services(ctx.allNamespaces ? undefined : ctx.namespace);
  return {
    serviceArns: all
      .filter((s) => serviceClusterOf(s) === cluster)
      .filter((s) => request.launchType === undefined || (s.spec.launchType ?? 'EC2') === request.launchType)
      .filter((s) => request.schedulingStrategy === undefined || (s.spec.schedulingStrategy ?? 'REPLICA') === request.schedulingStrategy)
      .map((s) => serviceArn(cluster, s.metadata.namespace ?? ctx.namespace, s.metadata.name))
      .sort(),
  };
}

