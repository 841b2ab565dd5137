// A deployment runs one whole service revision (ECS-SEMANTICS 6.4): the controller compares
// the identity of what the spec asks for with the PRIMARY's to know when a deployment starts.
import { contentHash } from '../api/v1alpha1/canonical-json.ts';
import type { ServiceRevision } from './types.ts';

/**
 * A stable identity of the revision: equal content gives an equal id whatever the key order,
 * and empty lists or maps count as absent (`placementConstraints: []` is no constraint).
 * `desiredCount` is not part of a revision, so scaling never starts a deployment (Q10), and
 * neither are the service's placement constraints and strategies: ECS's UpdateService says
 * changing them does not start a deployment (6.4 [F]); they apply to the PRIMARY in place,
 * for its next placements and scale-ins.
 */
export function computeServiceRevisionId(revision: ServiceRevision): string {
  const { placementConstraints: _c, placementStrategy: _s, ...shaping } = revision;
  return contentHash(withoutEmpty(shaping)).slice(0, 20);
}

/** Whether two revisions of one deployment differ only in the placement that applies in place. */
export function hasSamePlacement(a: ServiceRevision, b: ServiceRevision): boolean {
  return contentHash(withoutEmpty({ c: a.placementConstraints, s: a.placementStrategy })) === contentHash(withoutEmpty({ c: b.placementConstraints, s: b.placementStrategy }));
}

export function isSameRevision(a: ServiceRevision, b: ServiceRevision): boolean {
  return computeServiceRevisionId(a) === computeServiceRevisionId(b);
}

function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (typeof value !== 'object' || value === null) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const cleaned = withoutEmpty(inner);
    if (cleaned === undefined) continue;
    if (Array.isArray(cleaned) && cleaned.length === 0) continue;
    if (typeof cleaned === 'object' && cleaned !== null && !Array.isArray(cleaned) && Object.keys(cleaned).length === 0) continue;
    kept[key] = cleaned;
  }
  return kept;
}
