import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { computePodRequests, holdsNodeResources, podHostPorts } from '../../../src/kube/pod-requests.ts';
import { cpuMillicores, memoryBytes, parseQuantity } from '../../../src/kube/quantity.ts';

describe('parseQuantity', () => {
  it.each([
    ['1', 1],
    ['100m', 0.1],
    ['1.5', 1.5],
    ['16Gi', 16 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1k', 1000],
    ['1e3', 1000],
    ['2E', 2e18],
    ['.5', 0.5],
  ])('%s is %d', (text, value) => {
    expect(parseQuantity(text)).toBe(value);
  });

  it.each(['', 'abc', '1.2.3', '1Xi', '--1'])('rejects %j', (text) => {
    expect(() => parseQuantity(text)).toThrow(/invalid quantity/);
  });

  it('rounds CPU up to whole millicores and memory up to whole bytes', () => {
    expect(cpuMillicores('0.0001')).toBe(1);
    expect(cpuMillicores('250m')).toBe(250);
    expect(memoryBytes('1.5Ki')).toBe(1536);
  });
});

const container = (name: string, cpu?: string, memory?: string, extra: Partial<V1Container> = {}): V1Container => ({
  name,
  image: 'x',
  resources: { requests: { ...(cpu ? { cpu } : {}), ...(memory ? { memory } : {}) } },
  ...extra,
});
const pod = (spec: Partial<NonNullable<V1Pod['spec']>>): V1Pod => ({ spec: { containers: [], ...spec } });
const Mi = 2 ** 20;

describe('computePodRequests', () => {
  it.each<{ name: string; pod: V1Pod; cpu: number; memory: number }>([
    { name: 'sums the app containers', pod: pod({ containers: [container('a', '500m', '256Mi'), container('b', '250m', '128Mi')] }), cpu: 750, memory: 384 * Mi },
    { name: 'a container without requests takes nothing', pod: pod({ containers: [container('a')] }), cpu: 0, memory: 0 },
    {
      name: 'an init container larger than the app sets the peak',
      pod: pod({ initContainers: [container('init', '2', '1Gi')], containers: [container('a', '500m', '256Mi')] }),
      cpu: 2000,
      memory: 1024 * Mi,
    },
    {
      name: 'native sidecars add to the app and to the init containers after them',
      pod: pod({
        initContainers: [container('proxy', '100m', '64Mi', { restartPolicy: 'Always' }), container('migrate', '1', '128Mi')],
        containers: [container('a', '500m', '256Mi')],
      }),
      cpu: 1100,
      memory: 320 * Mi,
    },
    {
      name: 'Pod-level requests replace the containers and the overhead is added',
      pod: pod({ resources: { requests: { cpu: '2', memory: '1Gi' } }, overhead: { cpu: '100m', memory: '10Mi' }, containers: [container('a', '500m', '256Mi')] }),
      cpu: 2100,
      memory: 1034 * Mi,
    },
    {
      name: 'a limit without a request counts as the request',
      pod: pod({ containers: [{ name: 'a', image: 'x', resources: { limits: { cpu: '1', memory: '1Gi' } } }] }),
      cpu: 1000,
      memory: 1024 * Mi,
    },
  ])('$name', ({ pod: p, cpu, memory }) => {
    expect(computePodRequests(p)).toEqual({ cpuMillicores: cpu, memoryBytes: memory });
  });
});

describe('holdsNodeResources', () => {
  it.each([
    [undefined, true],
    ['Pending', true],
    ['Running', true],
    ['Succeeded', false],
    ['Failed', false],
  ])('phase %s holds resources: %s', (phase, holds) => {
    expect(holdsNodeResources({ status: phase === undefined ? undefined : { phase } })).toBe(holds);
  });
});

describe('podHostPorts', () => {
  it('collects static host ports by protocol and ignores container-only ports', () => {
    const p = pod({
      containers: [
        container('a', undefined, undefined, { ports: [{ containerPort: 80, hostPort: 80 }, { containerPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: 'UDP' }] }),
      ],
    });
    expect(podHostPorts(p)).toEqual({ tcp: [80], udp: [53] });
  });
});
