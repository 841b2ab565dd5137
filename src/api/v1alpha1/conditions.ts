/** Status conditions, shaped exactly like metav1.Condition so kstatus, Argo CD and Flux read them. */
import { z } from 'zod';
import { int, text, timestamp } from './meta.ts';

export const conditionStatus = z.enum(['True', 'False', 'Unknown']);

export const condition = z.object({
  type: text(316).describe('Condition type: Ready, Progressing, Degraded (Service) or Scheduled (Task).'),
  status: conditionStatus.describe('True, False or Unknown.'),
  observedGeneration: int(0, Number.MAX_SAFE_INTEGER).optional().describe('The .metadata.generation the condition was set from.'),
  lastTransitionTime: timestamp().describe('When the status last changed.'),
  reason: text(1024).describe('CamelCase machine-readable reason.'),
  message: text(32768).describe('Human-readable detail.'),
});

/** Condition lists are maps keyed by `type`, so server-side apply merges them per type. */
export const conditions = z
  .array(condition)
  .max(16)
  .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'] })
  .describe('Standard Kubernetes conditions (Ready, and Progressing/Degraded/Scheduled where they apply).');

export type Condition = z.infer<typeof condition>;
export type ConditionStatus = z.infer<typeof conditionStatus>;
