// The smallest real controller, proving the runtime end to end: it watches Nodes (the ECS
// container instances) and keeps a gauge of how many there are, by readiness. It follows the
// shape every controller has: informer handlers enqueue keys, reconcile reads the cache.
import type { V1Node } from '../kube/types.ts';
import { Gauge } from 'prom-client';
import { done } from '../runtime/result.ts';
import { isNodeReady } from '../kube/node-readiness.ts';
import { objectKey } from '../runtime/keys.ts';
import { nodes } from '../kube/resources.ts';
import type { ControllerRegistration } from './controller-contract.ts';

export const nodeInventoryController: ControllerRegistration = {
  name: 'node-inventory',
  kind: 'Node',
  workers: 1,
  setup({ informers, registry, logger }, enqueue) {
    const nodeCache = informers.informer<V1Node>(nodes);
    nodeCache.onChange((node) => enqueue(objectKey({ name: node.metadata?.name ?? '' })));
    const gauge = new Gauge({
      name: 'stevedore_container_instances',
      help: 'Nodes seen by the operator (ECS container instances), by Ready condition.',
      labelNames: ['ready'],
      registers: [registry],
    });
    return async (key) => {
      // Level-triggered: whatever changed, recount from the cache.
      const all = nodeCache.list();
      const ready = all.filter(isNodeReady).length;
      gauge.set({ ready: 'true' }, ready);
      gauge.set({ ready: 'false' }, all.length - ready);
      logger.debug({ key, nodes: all.length, ready }, 'Counted Nodes');
      return done;
    };
  },
};
