// Log fields for one plan (Nomad's `Fields()`): the controller logs them, the core never logs.
import type { ServicePlan } from './types.ts';

export function summarizePlan(plan: ServicePlan): Record<string, string | number | boolean> {
  const primary = plan.deployments[0];
  const fields: Record<string, string | number | boolean> = {
    start: plan.start.reduce((n, s) => n + s.count, 0),
    stop: plan.stop.length,
    deployments: plan.deployments.length,
    steady: plan.steady,
    events: plan.events.length,
  };
  if (primary !== undefined) {
    fields['primary'] = primary.id;
    fields['rolloutState'] = primary.rolloutState;
    fields['failedTasks'] = primary.failedTasks;
  }
  if (plan.requeueAfterMs !== undefined) fields['requeueAfterMs'] = plan.requeueAfterMs;
  return fields;
}
