import { describe, expect, it } from 'vitest';
import { histogram, histogramDelta, quantile, samples } from '../../../hack/bench/prometheus.ts';

const exposition = `# HELP apiserver_request_total Counter of apiserver requests.
# TYPE apiserver_request_total counter
apiserver_request_total{code="201",component="apiserver",group="",resource="pods",scope="resource",subresource="",verb="POST",version="v1"} 2000
apiserver_request_total{code="201",component="apiserver",group="",resource="pods",scope="resource",subresource="binding",verb="POST",version="v1"} 1999
apiserver_request_total_other{verb="POST"} 7
# TYPE d histogram
d_bucket{le="0.001"} 50
d_bucket{le="0.002"} 90
d_bucket{le="0.005"} 100
d_bucket{le="+Inf"} 100
d_sum 0.12
d_count 100
`;

describe('Prometheus text as the benchmarks read it', () => {
  it('reads the samples of exactly one metric with their labels', () => {
    const found = samples(exposition, 'apiserver_request_total');
    expect(found.map((s) => [s.labels['subresource'], s.labels['verb'], s.value])).toEqual([['', 'POST', 2000], ['binding', 'POST', 1999]]);
  });

  it('interpolates a quantile inside its bucket, as histogram_quantile does', () => {
    const h = histogram(exposition, 'd');
    expect(h?.count).toBe(100);
    // rank 50 is the top of the first bucket; rank 99 lies 9/10 into (0.002, 0.005].
    expect(h && quantile(h, 0.5)).toEqual({ value: 0.001, lower: 0, upper: 0.001 });
    expect(h && quantile(h, 0.99)?.value).toBeCloseTo(0.0047, 6);
    expect(h && quantile(h, 0.99)).toMatchObject({ lower: 0.002, upper: 0.005 });
  });

  it('answers with the lower bound when the rank falls in the +Inf bucket, and nothing for an empty histogram', () => {
    const h = { buckets: [{ le: 0.001, count: 1 }, { le: Infinity, count: 10 }], sum: 1, count: 10 };
    expect(quantile(h, 0.99)).toEqual({ value: 0.001, lower: 0.001, upper: Infinity });
    expect(quantile({ buckets: [{ le: Infinity, count: 0 }], sum: 0, count: 0 }, 0.5)).toBeUndefined();
  });

  it('subtracts an earlier scrape, so that a repeat counts only its own observations', () => {
    const after = histogram(exposition, 'd');
    const before = { buckets: [{ le: 0.001, count: 50 }, { le: 0.002, count: 50 }, { le: 0.005, count: 50 }, { le: Infinity, count: 50 }], sum: 0.02, count: 50 };
    const delta = after && histogramDelta(after, before);
    expect(delta?.buckets.map((b) => b.count)).toEqual([0, 40, 50, 50]);
    expect(delta?.count).toBe(50);
    // rank 25 of 50 lies 25/40 into (0.001, 0.002].
    expect(delta && quantile(delta, 0.5)?.value).toBeCloseTo(0.001625, 9);
  });
});
