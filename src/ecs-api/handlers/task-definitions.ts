// RegisterTaskDefinition, DescribeTaskDefinition, ListTaskDefinitions and
// DeregisterTaskDefinition over TaskDefinition custom resources. The operator's TaskDefinition
// controller registers revisions; RegisterTaskDefinition writes the spec and waits for it.
//
// One difference from ECS, by design of the custom resource: registering content equal to the
// latest revision registers nothing and answers with that revision.
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { normalizeTaskDefinition, type NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import { taskDefinitionSpec, type TaskDefinition, type TaskDefinitionSpec } from '../../api/v1alpha1/task-definition.ts';
import { RevisionStore } from '../../controllers/task-definition/revision-store.ts';
import { revisionObjectName } from '../../controllers/task-definition/revision-names.ts';
import { listCache } from '../../kube/list-cache.ts';
import { controllerRevisions, taskDefinitions } from '../../kube/resources.ts';
import type { V1ControllerRevision } from '../../kube/types.ts';
import { parseTaskDefinitionIdentifier, taskDefinitionArn } from '../arn.ts';
import type { EcsContext } from '../context.ts';
import { clientException, EcsApiError, invalidParameter } from '../errors.ts';
import { toEcsTaskDefinition } from '../mapping/task-definition.ts';
import { resolveRevision } from '../resolve-task-definition.ts';
import type { EcsTag, EcsTaskDefinition } from '../shapes.ts';
import { taskNamePrefix } from '../task-names.ts';
import { checkAgainst } from '../unknown-fields.ts';

export interface TaskDefinitionResponse {
  taskDefinition: EcsTaskDefinition;
  tags?: EcsTag[];
}

/** The TaskDefinition object of a family: named after it when the name is a valid one. */
export function taskDefinitionObjectName(family: string): string {
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(family) && family.length <= 253 ? family : taskNamePrefix(family);
}

/** How long RegisterTaskDefinition waits for the operator to register the revision. */
export const REGISTER_TIMEOUT_MS = 30_000;

async function storeFor(ctx: EcsContext, namespace: string): Promise<RevisionStore> {
  const [definitions, revisions] = await Promise.all([ctx.kube.taskDefinitions(namespace), ctx.kube.revisions(namespace)]);
  return new RevisionStore(listCache(definitions), listCache(revisions));
}

const tagsOf = (td: Pick<TaskDefinition, 'spec'>): EcsTag[] => (td.spec.tags ?? []).map((t) => ({ key: t.key, value: t.value }));

export async function registerTaskDefinition(ctx: EcsContext, request: Record<string, unknown>, options: { timeoutMs?: number } = {}): Promise<TaskDefinitionResponse & { unknownFields: string[] }> {
  const family = request['family'];
  if (typeof family !== 'string' || family === '') throw clientException('Family can not be blank.');
  const checked = checkAgainst(taskDefinitionSpec, request);
  if (!checked.ok) throw clientException(checked.message);
  const namespace = ctx.namespace;
  const store = await storeFor(ctx, namespace);
  const existing = store.definitionOf(namespace, family);
  const name = existing?.metadata.name ?? taskDefinitionObjectName(family);
  const spec: TaskDefinitionSpec = { ...(checked.value as TaskDefinitionSpec), family };
  if (existing?.spec.deregisteredRevisions !== undefined) spec.deregisteredRevisions = [...existing.spec.deregisteredRevisions];
  const normalized = normalizeTaskDefinition(spec, name);
  if (!normalized.ok) throw clientException(normalized.messages.join(' '));
  const manifest: TaskDefinition = { apiVersion: API_VERSION as TaskDefinition['apiVersion'], kind: 'TaskDefinition', metadata: { name, namespace }, spec };
  const written =
    existing === undefined
      ? await ctx.kube.create(taskDefinitions, manifest)
      : await ctx.kube.replace(taskDefinitions, { ...manifest, metadata: { ...existing.metadata, name, namespace } } as TaskDefinition);
  const generation = (written.metadata as { generation?: number }).generation ?? 1;
  const deadline = Date.now() + (options.timeoutMs ?? REGISTER_TIMEOUT_MS);
  for (;;) {
    const current = await ctx.kube.get<TaskDefinition>(taskDefinitions, name, namespace);
    const status = current?.status;
    if (status !== undefined && (status.observedGeneration ?? 0) >= generation) {
      const latest = status.revisions?.find((r) => r.revision === status.revision);
      if (latest !== undefined && latest.hash === normalized.hash) {
        const stored = await ctx.kube.get<V1ControllerRevision & { metadata: object }>(controllerRevisions, revisionObjectName(name, latest.revision), namespace);
        const content = (stored?.data ?? normalized.taskDefinition) as NormalizedTaskDefinition;
        return { taskDefinition: toEcsTaskDefinition({ namespace, content, revision: latest }), tags: tagsOf(current as TaskDefinition), unknownFields: checked.unknown };
      }
      const refused = status.conditions?.find((c) => c.status === 'False' && (c.type === 'Ready' || c.type === 'Registered'));
      if (refused !== undefined) throw clientException(refused.message ?? refused.reason ?? 'The task definition was refused.');
    }
    if (Date.now() > deadline) {
      throw new EcsApiError('ServerException', `The Stevedore operator did not register ${family} within ${Math.round((options.timeoutMs ?? REGISTER_TIMEOUT_MS) / 1000)}s: is it running? (\`./bin/stevedore dev\`, or \`stevedore operator --kubeconfig FILE\`)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export async function describeTaskDefinition(ctx: EcsContext, request: { taskDefinition: string; include?: string[] }): Promise<TaskDefinitionResponse> {
  if (request.taskDefinition === undefined || request.taskDefinition === '') throw clientException('Task Definition can not be blank.');
  const ref = parseTaskDefinitionIdentifier(request.taskDefinition, ctx.namespace);
  const store = await storeFor(ctx, ref.namespace);
  const resolved = resolveRevision(store, request.taskDefinition, ctx.namespace, { forNewTasks: false });
  const response: TaskDefinitionResponse = { taskDefinition: toEcsTaskDefinition(resolved) };
  if (request.include?.includes('TAGS') === true) {
    const td = store.definitionOf(resolved.namespace, resolved.family);
    response.tags = td === undefined ? [] : tagsOf(td as TaskDefinition);
  }
  return response;
}

export async function listTaskDefinitions(ctx: EcsContext, request: { familyPrefix?: string; status?: 'ACTIVE' | 'INACTIVE'; sort?: 'ASC' | 'DESC' }): Promise<{ taskDefinitionArns: string[] }> {
  const definitions = await ctx.kube.taskDefinitions(ctx.allNamespaces ? undefined : ctx.namespace);
  const wanted = request.status ?? 'ACTIVE';
  const entries = definitions.flatMap((td) => {
    const family = td.status?.family ?? td.spec.family ?? td.metadata.name;
    if (request.familyPrefix !== undefined && !family.startsWith(request.familyPrefix)) return [];
    return (td.status?.revisions ?? []).filter((r) => r.status === wanted).map((r) => ({ namespace: td.metadata.namespace ?? ctx.namespace, family, revision: r.revision }));
  });
  entries.sort((a, b) => (a.namespace + a.family).localeCompare(b.namespace + b.family) || a.revision - b.revision);
  if (request.sort === 'DESC') entries.reverse();
  return { taskDefinitionArns: entries.map((e) => taskDefinitionArn(e.namespace, e.family, e.revision)) };
}

export async function deregisterTaskDefinition(ctx: EcsContext, request: { taskDefinition: string }): Promise<TaskDefinitionResponse> {
  const ref = parseTaskDefinitionIdentifier(request.taskDefinition, ctx.namespace);
  if (ref.revision === undefined) throw clientException('Revision must be specified.');
  const store = await storeFor(ctx, ref.namespace);
  const td = store.definitionOf(ref.namespace, ref.family);
  const resolved = resolveRevision(store, request.taskDefinition, ctx.namespace, { forNewTasks: false });
  if (td === undefined) throw clientException('Unable to describe task definition.');
  const listed = new Set(td.spec.deregisteredRevisions ?? []);
  if (!listed.has(ref.revision)) {
    await ctx.kube.patch(taskDefinitions, td.metadata.name, ref.namespace, { spec: { deregisteredRevisions: [...listed, ref.revision] } });
  }
  return { taskDefinition: { ...toEcsTaskDefinition(resolved), status: 'INACTIVE' } };
}

export { invalidParameter };
