// `import`: what the aws CLI prints (describe-task-definition, describe-services,
// describe-clusters) as manifests of this API, each with a note for every field that has no
// equivalent, so that the result can go to Git as it is. Pure.
import { DEFAULT_CLUSTER_NAME, type Cluster } from '../../api/v1alpha1/cluster.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { serviceSpec, type Service } from '../../api/v1alpha1/service.ts';
import { AWS_OUTPUT_FIELDS } from '../../api/v1alpha1/aws-output-fields.ts';
import { taskDefinitionSpec, type TaskDefinition } from '../../api/v1alpha1/task-definition.ts';
import { parseClusterIdentifier, parseTaskDefinitionIdentifier } from '../arn.ts';
import { taskDefinitionObjectName } from '../handlers/task-definitions.ts';
import { checkAgainst } from '../unknown-fields.ts';
import { splitJsonDocuments } from './json-documents.ts';

export interface ImportedManifest {
  manifest: TaskDefinition | Service | Cluster;
  /** One line per field with no equivalent (or kept with a caveat). */
  notes: string[];
}

export interface ImportResult {
  manifests: ImportedManifest[];
  /** Documents that are none of the three outputs. */
  skipped: string[];
}

const objectName = (name: string): string => name.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 253) || 'imported';

/** Fields the schema accepts but Stevedore does not act on, by their descriptions. */
function caveats(shape: Record<string, { description?: string | undefined }>, spec: Record<string, unknown>): string[] {
  return Object.keys(spec).flatMap((key) => {
    const description = shape[key]?.description ?? '';
    return /not supported|accepted(?!,? opaque)/i.test(description) && !/AWS output/.test(description) ? [`${key}: kept, but ${description.replace(/\.$/, '').toLowerCase()}`] : [];
  });
}

export function importTaskDefinition(taskDefinition: Record<string, unknown>, tags?: unknown): ImportedManifest {
  const notes: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(taskDefinition)) {
    if ((AWS_OUTPUT_FIELDS as readonly string[]).includes(key)) notes.push(`${key}: AWS output, dropped (Stevedore registers and numbers revisions itself)`);
    else input[key] = value;
  }
  if (Array.isArray(tags) && tags.length > 0) input['tags'] = tags;
  const family = String(input['family'] ?? 'imported');
  const checked = checkAgainst(taskDefinitionSpec, input);
  if (!checked.ok) return { manifest: taskDefinitionManifest(family, input), notes: [...notes, `invalid for this API: ${checked.message}`] };
  for (const path of checked.unknown) notes.push(`${path}: no equivalent in TaskDefinition, dropped`);
  notes.push(...caveats(taskDefinitionSpec.shape as never, checked.value as Record<string, unknown>));
  const spec = withoutPaths(input, checked.unknown);
  return { manifest: taskDefinitionManifest(family, spec), notes };
}

function taskDefinitionManifest(family: string, spec: Record<string, unknown>): TaskDefinition {
  return { apiVersion: API_VERSION as TaskDefinition['apiVersion'], kind: 'TaskDefinition', metadata: { name: taskDefinitionObjectName(family) }, spec: spec as TaskDefinition['spec'] };
}

/** describe-services output fields that ECS computes. */
const SERVICE_OUTPUT = ['serviceArn', 'clusterArn', 'status', 'runningCount', 'pendingCount', 'deployments', 'events', 'createdAt', 'createdBy', 'roleArn', 'taskSets', 'platformFamily'];

export function importService(service: Record<string, unknown>): ImportedManifest {
  const notes: string[] = [];
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(service)) {
    if (SERVICE_OUTPUT.includes(key)) {
      if (key === 'roleArn') notes.push('roleArn: no equivalent (no IAM role for the scheduler), dropped');
      else if (key !== 'clusterArn') notes.push(`${key}: ECS output, dropped (the service scheduler reports it in status)`);
    } else input[key] = value;
  }
  const clusterArn = service['clusterArn'];
  if (typeof clusterArn === 'string') {
    const cluster = parseClusterIdentifier(clusterArn);
    if (cluster !== DEFAULT_CLUSTER_NAME) input['cluster'] = cluster;
  }
  if (typeof input['taskDefinition'] === 'string') {
    const ref = parseTaskDefinitionIdentifier(input['taskDefinition'], 'default');
    input['taskDefinition'] = ref.revision === undefined ? ref.family : `${ref.family}:${ref.revision}`;
    if (ref.revision !== undefined) notes.push(`taskDefinition: pinned to ${ref.family}:${ref.revision} as the service ran it; write ${ref.family} to follow the latest ACTIVE revision`);
  }
  if (input['schedulingStrategy'] === 'DAEMON' && input['desiredCount'] !== undefined) {
    delete input['desiredCount'];
    notes.push('desiredCount: ECS output for a DAEMON service, dropped');
  }
  const name = String(input['serviceName'] ?? 'imported');
  const checked = checkAgainst(serviceSpec, input);
  if (!checked.ok) return { manifest: serviceManifest(name, input), notes: [...notes, `invalid for this API: ${checked.message}`] };
  for (const path of checked.unknown) notes.push(`${path}: no equivalent in Service, dropped`);
  notes.push(...caveats(serviceSpec.shape as never, checked.value as Record<string, unknown>));
  return { manifest: serviceManifest(name, withoutPaths(input, checked.unknown)), notes };
}

function serviceManifest(serviceName: string, spec: Record<string, unknown>): Service {
  const name = objectName(serviceName);
  const fields = { ...spec };
  if (fields['serviceName'] === name) delete fields['serviceName'];
  return { apiVersion: API_VERSION as Service['apiVersion'], kind: 'Service', metadata: { name }, spec: fields as Service['spec'] };
}

const CLUSTER_OUTPUT = ['clusterArn', 'status', 'registeredContainerInstancesCount', 'runningTasksCount', 'pendingTasksCount', 'activeServicesCount', 'statistics', 'attachments', 'attachmentsStatus'];

export function importCluster(cluster: Record<string, unknown>): ImportedManifest {
  const name = String(cluster['clusterName'] ?? 'imported');
  const notes: string[] = [];
  for (const key of Object.keys(cluster)) {
    if (key === 'clusterName') continue;
    if (CLUSTER_OUTPUT.includes(key)) notes.push(`${key}: ECS output, dropped (the Cluster controller reports it in status)`);
    else if (key === 'capacityProviders' || key === 'defaultCapacityProviderStrategy') {
      const value = cluster[key];
      if (Array.isArray(value) && value.length > 0) notes.push(`${key}: capacity providers are pools of Nodes here; add spec.capacityProviders[].nodeSelector for ${JSON.stringify(value)} by hand`);
    } else if (key === 'settings') notes.push('settings: no equivalent (Container Insights), dropped');
    else if (key === 'tags') {
      const value = cluster[key];
      if (Array.isArray(value) && value.length > 0) notes.push('tags: no equivalent on Cluster, dropped (use metadata.labels)');
    } else notes.push(`${key}: no equivalent in Cluster, dropped`);
  }
  notes.push('spec.nodeSelector: choose the Nodes that are this cluster\'s container instances (empty selects all Nodes)');
  if (name === DEFAULT_CLUSTER_NAME) notes.push('the default Cluster is created by the operator on first use; applying this one is optional');
  return { manifest: { apiVersion: API_VERSION as Cluster['apiVersion'], kind: 'Cluster', metadata: { name: objectName(name) }, spec: {} as Cluster['spec'] }, notes };
}

/** Every manifest the documents of `text` describe. */
export function importAwsOutput(text: string): ImportResult {
  const result: ImportResult = { manifests: [], skipped: [] };
  splitJsonDocuments(text).forEach((doc, i) => {
    if (typeof doc !== 'object' || doc === null) {
      result.skipped.push(`document ${i + 1}: not a JSON object`);
      return;
    }
    const d = doc as Record<string, unknown>;
    if (typeof d['taskDefinition'] === 'object' && d['taskDefinition'] !== null) result.manifests.push(importTaskDefinition(d['taskDefinition'] as Record<string, unknown>, d['tags']));
    else if (Array.isArray(d['containerDefinitions'])) result.manifests.push(importTaskDefinition(d));
    else if (Array.isArray(d['services'])) for (const s of d['services'] as Record<string, unknown>[]) result.manifests.push(importService(s));
    else if (typeof d['serviceName'] === 'string') result.manifests.push(importService(d));
    else if (Array.isArray(d['clusters'])) for (const c of d['clusters'] as Record<string, unknown>[]) result.manifests.push(importCluster(c));
    else if (typeof d['clusterName'] === 'string') result.manifests.push(importCluster(d));
    else result.skipped.push(`document ${i + 1}: not describe-task-definition, describe-services or describe-clusters output (keys: ${Object.keys(d).slice(0, 5).join(', ')})`);
  });
  return result;
}

/** A copy of `value` without the dotted/indexed paths given. */
function withoutPaths(value: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const path of paths) {
    const parts = path.match(/[^.[\]]+/g) ?? [];
    let node: unknown = copy;
    for (const part of parts.slice(0, -1)) node = (node as Record<string, unknown> | undefined)?.[part];
    const last = parts.at(-1);
    if (node !== undefined && node !== null && last !== undefined) delete (node as Record<string, unknown>)[last];
  }
  return copy;
}
