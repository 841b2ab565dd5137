/**
 * Shared building blocks of the v1alpha1 API: the group/version, and bounded scalar schemas.
 *
 * Every string and list carries a maximum length: the API server estimates the cost of each
 * CEL rule from those bounds and refuses a CRD whose worst case exceeds the budget.
 */
import { z } from 'zod';

export const GROUP = 'ecs.stevedore.dev';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** An ECS name: letters, digits, hyphens and underscores, 1..255 (family, container, volume). */
export const ecsName = () => z.string().min(1).max(255).regex(/^[A-Za-z0-9_-]+$/);

/** A free string of at most `max` characters. */
export const text = (max: number) => z.string().max(max);

/** An integer in [min, max]. */
export const int = (min: number, max: number) => z.int().min(min).max(max);

/**
 * A value ECS accepts as a JSON number or a string (task `cpu` "1024" or "1 vCPU", task
 * `memory` "2048" or "2 GB"). Rendered as `x-kubernetes-int-or-string` in the CRD.
 */
export const intOrString = (maxLength: number) => z.union([z.int().min(0), z.string().max(maxLength)]);

/** Free-form string map, as ECS has for `dockerLabels`, log `options`, `driverOpts`. */
export const stringMap = () => z.record(z.string().max(253), z.string().max(4096));

/** An RFC 3339 timestamp as Kubernetes writes them. */
export const timestamp = () => z.string().max(64).meta({ format: 'date-time' });

/** A `{name, value}` pair (environment variables, properties). */
export const keyValuePair = z.object({
  name: text(255).optional().describe('Name of the variable or property.'),
  value: text(32768).optional().describe('Value of the variable or property.'),
});

/** An ECS resource tag. */
export const tag = z.object({
  key: text(128).optional().describe('Tag key (1..128 characters).'),
  value: text(256).optional().describe('Tag value (0..256 characters).'),
});

/** The Kubernetes label selector (`matchLabels` and `matchExpressions`). */
export const labelSelector = z
  .object({
    matchLabels: z.record(z.string().max(317), z.string().max(63)).optional().describe('Labels a Node must carry, all of them.'),
    matchExpressions: z
      .array(
        z.object({
          key: text(317).describe('Label key.'),
          operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']).describe('How the key relates to the values.'),
          values: z.array(text(63)).max(64).optional().describe('Values for In and NotIn; empty for Exists and DoesNotExist.'),
        }),
      )
      .max(32)
      .optional()
      .describe('Label requirements, all of which must hold.'),
  })
  .describe('A Kubernetes label selector. An empty selector selects everything.');

export type LabelSelector = z.infer<typeof labelSelector>;
export type Tag = z.infer<typeof tag>;
export type KeyValuePair = z.infer<typeof keyValuePair>;
