// Counts the write requests the operator sends to the API server, by verb and resource
// (`stevedore_api_writes_total{verb="patch",resource="tasks/status"}`), answered or not: a 409
// costs the API server as much as a success. Benchmarks divide it by the tasks run to print
// writes per task.
import { Counter, type Registry } from 'prom-client';

export type WriteVerb = 'create' | 'patch' | 'delete';

export interface ApiWriteCounter {
  count(verb: WriteVerb, resource: string): void;
}

export const API_WRITES_METRIC = 'stevedore_api_writes_total';

/** The counter on `registry`, shared by every writer that registers it (one per registry). */
export function apiWriteCounter(registry: Registry): ApiWriteCounter {
  const existing = registry.getSingleMetric(API_WRITES_METRIC) as Counter<'verb' | 'resource'> | undefined;
  const counter =
    existing ??
    new Counter({
      name: API_WRITES_METRIC,
      help: 'Write requests sent to the API server, by verb and resource (subresources as resource/subresource).',
      labelNames: ['verb', 'resource'],
      registers: [registry],
    });
  return { count: (verb, resource) => counter.inc({ verb, resource }) };
}

export const noWriteCounter: ApiWriteCounter = { count: () => {} };

/** `Pod` -> `pods`: the plural of the Kinds the operator writes. */
export function pluralOf(kind: string | undefined): string {
  return kind === undefined ? 'unknown' : `${kind.toLowerCase()}s`;
}
