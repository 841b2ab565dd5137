/**
 * ECS placement constraints and strategies (ECS-SEMANTICS 3.2, 3.5), as discriminated unions.
 *
 * The CRD cannot hold a union (structural schemas need one type per node), so the generator
 * merges the variants into one object whose `type` is an enum; the CEL rules below restore
 * what each variant requires.
 */
import { z } from 'zod';
import { MAX_PLACEMENT_CONSTRAINTS, MAX_PLACEMENT_STRATEGIES } from '../../domain/task-definition-rules.ts';
import { text } from './meta.ts';

export { MAX_PLACEMENT_CONSTRAINTS, MAX_PLACEMENT_STRATEGIES };

const constraintType = 'Constraint type: distinctInstance or memberOf.';
const strategyType = 'Strategy type: binpack, spread or random.';

export const distinctInstanceConstraint = z.object({
  type: z.literal('distinctInstance').describe(constraintType),
});

export const memberOfConstraint = z.object({
  type: z.literal('memberOf').describe(constraintType),
  expression: text(2000).describe('Cluster query language expression the container instance must satisfy, e.g. "attribute:ecs.instance-type =~ t3.*".'),
});

export const placementConstraint = z
  .discriminatedUnion('type', [distinctInstanceConstraint, memberOfConstraint])
  .meta({
    'x-kubernetes-validations': [
      { rule: "self.type != 'memberOf' || has(self.expression)", message: "A 'memberOf' constraint requires an expression." },
      { rule: "self.type != 'distinctInstance' || !has(self.expression)", message: "A 'distinctInstance' constraint takes no expression." },
    ],
  })
  .describe('A placement constraint: distinctInstance (each task of the group on a different instance) or memberOf (instances matching a cluster query language expression).');

export const binpackStrategy = z.object({
  type: z.literal('binpack').describe(strategyType),
  field: z.enum(['cpu', 'memory']).describe('binpack: cpu or memory, the resource whose least remaining amount wins.'),
});

export const spreadStrategy = z.object({
  type: z.literal('spread').describe(strategyType),
  field: text(255)
    .regex(/^(instanceId|host|attribute:.+)$/)
    .describe('spread: instanceId, host, or attribute:<name> such as attribute:ecs.availability-zone.'),
});

export const randomStrategy = z.object({
  type: z.literal('random').describe(strategyType),
});

const strategyFieldRule =
  "self.type == 'random' ? !has(self.field) : (has(self.field) && (self.type == 'binpack' ? self.field in ['cpu', 'memory'] : self.field.matches('^(instanceId|host|attribute:.+)$')))";

export const placementStrategy = z
  .discriminatedUnion('type', [binpackStrategy, spreadStrategy, randomStrategy])
  .meta({
    'x-kubernetes-validations': [
      {
        rule: strategyFieldRule,
        message: "binpack needs field cpu or memory; spread needs field instanceId, host or attribute:<name>; random takes no field.",
      },
    ],
  })
  .describe('A placement strategy; strategies are applied in order as tie-breakers: binpack{field: cpu|memory}, spread{field}, random.');

export const placementConstraints = z
  .array(placementConstraint)
  .max(MAX_PLACEMENT_CONSTRAINTS)
  .describe('Up to 10 placement constraints (counting those of the task definition).');

export const placementStrategies = z
  .array(placementStrategy)
  .max(MAX_PLACEMENT_STRATEGIES)
  .describe('Up to 5 placement strategies, applied in order.');

export type PlacementConstraint = z.infer<typeof placementConstraint>;
export type PlacementStrategy = z.infer<typeof placementStrategy>;
