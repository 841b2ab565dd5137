// PutAttributes, DeleteAttributes and ListAttributes: custom attributes of container
// instances are Node labels `attr.ecs.stevedore.dev/<name>` (what placement reads).
import { customAttributePrefix } from '../../kube/container-instances.ts';
import { nodes as nodeResource } from '../../kube/resources.ts';
import { containerInstanceArn, parseContainerInstanceIdentifier } from '../arn.ts';
import type { EcsContext } from '../context.ts';
import { EcsApiError, invalidParameter } from '../errors.ts';
import type { EcsAttribute } from '../shapes.ts';
import { clusterView } from './container-instances.ts';

/** Label name and value rules of Kubernetes, stricter than ECS's: refuse what cannot be a label. */
export function attributeLabel(attribute: EcsAttribute): { key: string; value: string } {
  if (!/^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/.test(attribute.name)) {
    throw invalidParameter(`Attribute name '${attribute.name}' cannot be a Node label: 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`);
  }
  const value = attribute.value ?? '';
  if (!/^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/.test(value)) {
    throw invalidParameter(`Attribute value '${value}' cannot be a Node label value: at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.`);
  }
  return { key: `${customAttributePrefix}${attribute.name}`, value };
}

async function targets(ctx: EcsContext, cluster: string | undefined, attributes: EcsAttribute[]): Promise<{ cluster: string; node: (a: EcsAttribute) => string }> {
  if (attributes.length === 0) throw invalidParameter('Attributes cannot be empty.');
  if (attributes.length > 10) throw invalidParameter('Attributes cannot contain more than 10 elements.');
  const { view, cluster: name } = await clusterView(ctx, cluster);
  const members = new Set(view.allInstancesOf(name).map((i) => i.id));
  return {
    cluster: name,
    node: (a) => {
      if (a.targetType !== undefined && a.targetType !== 'container-instance') throw invalidParameter(`targetType must be container-instance.`);
      if (a.targetId === undefined) throw invalidParameter('targetId is required for container-instance attributes.');
      const { node } = parseContainerInstanceIdentifier(a.targetId);
      if (!members.has(node)) throw new EcsApiError('TargetNotFoundException', `Could not find ${a.targetId}.`);
      return node;
    },
  };
}

function echo(cluster: string, node: string, a: EcsAttribute): EcsAttribute {
  const result: EcsAttribute = { name: a.name, targetType: 'container-instance', targetId: containerInstanceArn(cluster, node) };
  if (a.value !== undefined) result.value = a.value;
  return result;
}

export async function putAttributes(ctx: EcsContext, request: { cluster?: string; attributes: EcsAttribute[] }): Promise<{ attributes: EcsAttribute[] }> {
  const target = await targets(ctx, request.cluster, request.attributes);
  const resolved = request.attributes.map((a) => ({ a, node: target.node(a), label: attributeLabel(a) }));
  for (const { node, label } of resolved) await ctx.kube.patch(nodeResource, node, undefined, { metadata: { labels: { [label.key]: label.value } } });
  return { attributes: resolved.map(({ a, node }) => echo(target.cluster, node, a)) };
}

export async function deleteAttributes(ctx: EcsContext, request: { cluster?: string; attributes: EcsAttribute[] }): Promise<{ attributes: EcsAttribute[] }> {
  const target = await targets(ctx, request.cluster, request.attributes);
  const resolved = request.attributes.map((a) => ({ a, node: target.node(a), label: attributeLabel({ name: a.name }) }));
  for (const { node, label } of resolved) await ctx.kube.patch(nodeResource, node, undefined, { metadata: { labels: { [label.key]: null } } });
  return { attributes: resolved.map(({ a, node }) => echo(target.cluster, node, a)) };
}

export async function listAttributes(ctx: EcsContext, request: { cluster?: string; targetType: string; attributeName?: string; attributeValue?: string }): Promise<{ attributes: EcsAttribute[] }> {
  if (request.targetType !== 'container-instance') throw invalidParameter('targetType must be container-instance.');
  const { view, cluster } = await clusterView(ctx, request.cluster);
  const attributes = view.allInstancesOf(cluster).flatMap((instance) =>
    Object.entries(instance.attributes)
      .filter(([name, value]) => (request.attributeName === undefined || name === request.attributeName) && (request.attributeValue === undefined || value === request.attributeValue))
      .map(([name, value]) => echo(cluster, instance.id, value === '' ? { name } : { name, value })),
  );
  return { attributes };
}
