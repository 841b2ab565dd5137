// Why a service is not steady, from what its status has (the service scheduler is extending
// it; unknown fields are shown as they are): counts against desiredCount, the deployment
// bounds of deploymentConfiguration, a deployment whose circuit breaker tripped, recent
// events (placement failures, throttling), and the first of its tasks waiting for placement.
import type { Service } from '../../api/v1alpha1/service.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import { serviceLabel } from '../../kube/task-pod.ts';
import { services as serviceResource } from '../../kube/resources.ts';
import { parseClusterIdentifier, parseNamespacedIdentifier } from '../arn.ts';
import { ClusterView } from '../cluster-view.ts';
import type { EcsContext } from '../context.ts';
import { serviceNotFound } from '../errors.ts';
import { serviceClusterOf, serviceNameOf, toEcsService } from '../mapping/service.ts';
import { explainTaskOn } from './task.ts';

export interface ServiceExplanation {
  text: string;
  details: Record<string, unknown>;
}

const KNOWN_STATUS = new Set(['observedGeneration', 'desiredCount', 'runningCount', 'pendingCount', 'taskDefinition', 'deployments', 'events', 'conditions']);

/** ECS's rounding (6.6): the ceiling of RUNNING+PENDING rounds down, the healthy floor up. */
export function deploymentBounds(desired: number, maximumPercent: number, minimumHealthyPercent: number): { maximum: number; minimumHealthy: number } {
  return { maximum: Math.floor((desired * maximumPercent) / 100), minimumHealthy: Math.ceil((desired * minimumHealthyPercent) / 100) };
}

export function explainServiceOn(view: ClusterView, service: Service, namespace: string): ServiceExplanation {
  const ecs = toEcsService(service);
  const lines: string[] = [`Service ${ecs.serviceArn}`];
  const status = service.status;
  const steady = ecs.deployments.length === 1 && ecs.runningCount === ecs.desiredCount;
  lines.push(`  desiredCount ${ecs.desiredCount}, runningCount ${ecs.runningCount}, pendingCount ${ecs.pendingCount}: ${steady ? 'steady' : 'not steady'}`);
  if (status === undefined || status.observedGeneration === undefined) lines.push('  the service scheduler has not reported on it yet (no status): is the operator running, with the service controller?');
  const configuration = ecs.deploymentConfiguration as { maximumPercent: number; minimumHealthyPercent: number; deploymentCircuitBreaker: { enable: boolean; rollback: boolean } };
  const bounds = deploymentBounds(ecs.desiredCount, configuration.maximumPercent, configuration.minimumHealthyPercent);
  lines.push(`  deployment bounds: at most ${bounds.maximum} tasks RUNNING or PENDING (maximumPercent ${configuration.maximumPercent}), at least ${bounds.minimumHealthy} healthy RUNNING (minimumHealthyPercent ${configuration.minimumHealthyPercent})`);
  if (bounds.maximum <= ecs.desiredCount && bounds.minimumHealthy >= ecs.desiredCount && ecs.desiredCount > 0) {
    lines.push('  with both at 100% no task can be replaced: a deployment or a drain cannot make progress.');
  }
  lines.push(`  circuit breaker: ${configuration.deploymentCircuitBreaker.enable ? `enabled${configuration.deploymentCircuitBreaker.rollback ? ', with rollback' : ''}` : 'disabled'}`);
  for (const d of ecs.deployments) {
    lines.push(`  deployment ${d.id} ${d.status} ${d.taskDefinition}: desired ${d.desiredCount}, running ${d.runningCount}, pending ${d.pendingCount}, failed ${d.failedTasks}${d.rolloutState === undefined ? '' : `, ${d.rolloutState}`}`);
    if (d.rolloutState === 'FAILED') lines.push(`    the circuit breaker tripped: ${d.rolloutStateReason ?? 'the deployment failed'}`);
    else if (d.rolloutStateReason !== undefined) lines.push(`    ${d.rolloutStateReason}`);
  }
  for (const c of status?.conditions ?? []) if (c.status !== 'True') lines.push(`  ${c.type}: ${c.reason}${c.message === undefined ? '' : ` - ${c.message}`}`);
  const extra = Object.entries(status ?? {}).filter(([k]) => !KNOWN_STATUS.has(k));
  for (const [key, value] of extra) lines.push(`  status.${key}: ${JSON.stringify(value)}`);
  const events = ecs.events.slice(0, 5);
  if (events.length > 0) {
    lines.push('  recent events:');
    for (const e of events) lines.push(`    ${e.createdAt.toISOString()} ${e.message}`);
  }
  // Its tasks waiting for placement: the first one, explained.
  const name = service.metadata.name;
  const waiting = view.objects.tasks.filter(
    (t: Task) =>
      t.metadata.namespace === service.metadata.namespace &&
      ((t.metadata.labels as Record<string, string> | undefined)?.[serviceLabel] === name || (t.status?.group ?? t.spec.group) === `service:${serviceNameOf(service)}`) &&
      t.status?.containerInstance === undefined &&
      t.spec.desiredStatus !== 'STOPPED',
  );
  let waitingExplanation;
  if (waiting.length > 0) {
    waitingExplanation = explainTaskOn(view, waiting[0]!, namespace);
    lines.push('', `  ${waiting.length} of its tasks wait for placement; the first:`, ...waitingExplanation.text.trimEnd().split('\n').map((l) => `  ${l}`));
  }
  return {
    text: `${lines.join('\n')}\n`,
    details: { service: ecs, steady, bounds, waitingTasks: waiting.length, ...(waitingExplanation === undefined ? {} : { firstWaitingTask: waitingExplanation.details }), otherStatus: Object.fromEntries(extra) },
  };
}

export async function explainService(ctx: EcsContext, request: { service: string; cluster?: string }): Promise<ServiceExplanation> {
  const ref = parseNamespacedIdentifier(request.service, 'service', ctx.namespace);
  const cluster = ref.cluster ?? (request.cluster === undefined ? undefined : parseClusterIdentifier(request.cluster));
  let service = await ctx.kube.get<Service>(serviceResource, ref.name, ref.namespace);
  if (service === undefined) service = (await ctx.kube.services(ref.namespace)).find((s) => serviceNameOf(s) === ref.name);
  if (service === undefined || (cluster !== undefined && serviceClusterOf(service) !== cluster)) throw serviceNotFound();
  return explainServiceOn(new ClusterView(await ctx.kube.clusterObjects()), service, ref.namespace);
}
