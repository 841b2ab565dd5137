// AZ rebalancing (6.12, Q15): "balanced" means the zones that have an eligible instance hold
// task counts that differ by at most one. Only for services whose first strategy is AZ
// spread, including the implicit default (no strategy).
import type { PlacementStrategy } from '../domain/task-definition.ts';
import { AVAILABILITY_ZONE_ATTRIBUTE, type LiveTask } from './task-buckets.ts';

export interface ZoneCount {
  zone: string;
  count: number;
}

export function spreadsOverZonesFirst(strategy: readonly PlacementStrategy[] | undefined): boolean {
  const first = strategy?.[0];
  return first === undefined || (first.type === 'spread' && first.field === `attribute:${AVAILABILITY_ZONE_ATTRIBUTE}`);
}

/** Tasks per zone over `zones`, sorted by zone name. */
export function computeZoneCounts(tasks: readonly LiveTask[], zones: Iterable<string>): ZoneCount[] {
  const counts = new Map<string, number>();
  for (const zone of zones) counts.set(zone, 0);
  for (const t of tasks) if (t.zone !== undefined && counts.has(t.zone)) counts.set(t.zone, (counts.get(t.zone) ?? 0) + 1);
  return [...counts.entries()].map(([zone, count]) => ({ zone, count })).sort((a, b) => a.zone.localeCompare(b.zone));
}

export function isZoneBalanced(counts: readonly ZoneCount[]): boolean {
  if (counts.length === 0) return true;
  const values = counts.map((c) => c.count);
  return Math.max(...values) - Math.min(...values) <= 1;
}

/** The zone with the fewest tasks (first by name on ties). */
export function leastLoadedZone(counts: readonly ZoneCount[]): string | undefined {
  let best: ZoneCount | undefined;
  for (const c of counts) if (best === undefined || c.count < best.count) best = c;
  return best?.zone;
}
