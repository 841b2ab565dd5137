// Reading Prometheus text exposition, as the benchmarks scrape it from kube-apiserver and the
// operator: samples of one metric, differences between two scrapes, and quantiles of a
// histogram computed from its buckets the way PromQL's histogram_quantile does.

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of metric `name` (exactly that name: `x_bucket` is a different metric). */
export function samples(text: string, name: string): Sample[] {
  const found: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    if (match === null || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(labelPair)) {
      if (key !== undefined && value !== undefined) labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    found.push({ labels, value: Number(match[3]) });
  }
  return found;
}

/** A histogram as cumulative counts per upper bound (`le`), the last bound +Inf. */
export interface Histogram {
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

/** The histogram `name` (summed over any other labels), or undefined if it is not exposed. */
export function histogram(text: string, name: string): Histogram | undefined {
  const byBound = new Map<number, number>();
  for (const sample of samples(text, `${name}_bucket`)) {
    const le = sample.labels['le'] === '+Inf' ? Infinity : Number(sample.labels['le']);
    byBound.set(le, (byBound.get(le) ?? 0) + sample.value);
  }
  if (byBound.size === 0) return undefined;
  const total = (metric: string) => samples(text, metric).reduce((sum, s) => sum + s.value, 0);
  const buckets = [...byBound].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
  return { buckets, sum: total(`${name}_sum`), count: total(`${name}_count`) };
}

/** What was observed between two scrapes of the same histogram. */
export function histogramDelta(after: Histogram, before: Histogram | undefined): Histogram {
  if (before === undefined) return after;
  const earlier = new Map(before.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: after.buckets.map((b) => ({ le: b.le, count: b.count - (earlier.get(b.le) ?? 0) })),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

export interface Quantile {
  /** Linear interpolation inside the bucket that holds the rank (histogram_quantile). */
  value: number;
  /** The bucket's bounds: all the histogram really knows about the quantile. */
  lower: number;
  upper: number;
}

/** The q-quantile (0 < q < 1) of a histogram, or undefined when it observed nothing. */
export function quantile(h: Histogram, q: number): Quantile | undefined {
  const observed = h.buckets.at(-1)?.count ?? 0;
  if (observed <= 0) return undefined;
  const rank = q * observed;
  let lower = 0;
  let below = 0;
  for (const bucket of h.buckets) {
    if (bucket.count >= rank) {
      // In the +Inf bucket only the lower bound is known; PromQL answers with it.
      if (bucket.le === Infinity) return { value: lower, lower, upper: Infinity };
      const inBucket = bucket.count - below;
      const value = inBucket === 0 ? bucket.le : lower + ((bucket.le - lower) * (rank - below)) / inBucket;
      return { value, lower, upper: bucket.le };
    }
    lower = bucket.le;
    below = bucket.count;
  }
  return undefined;
}
