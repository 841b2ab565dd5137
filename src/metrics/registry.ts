// One Prometheus registry per operator, never prom-client's global default: every test and
// every in-process operator starts from a clean set of metrics.
import { collectDefaultMetrics, Registry } from 'prom-client';

export function newMetricsRegistry(options: { processMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  // Process metrics (CPU, memory, event loop lag) are global to the process; an operator
  // started inside a test can skip them.
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
