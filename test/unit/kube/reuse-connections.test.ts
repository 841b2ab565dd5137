// One pooled HTTP agent per TLS identity (src/kube/config.ts): client-node would build one per
// request, which means a TLS handshake per API call.
import type { KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { reuseConnections } from '../../../src/kube/config.ts';

type Options = { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized?: boolean };

function fakeConfig() {
  let built = 0;
  const kc = { createDispatcher: (_cluster: unknown, _options: Options) => ({ agent: ++built }) };
  reuseConnections(kc as unknown as KubeConfig);
  return { dispatcher: (cluster: unknown, options: Options) => kc.createDispatcher(cluster, options), built: () => built };
}

describe('reuseConnections', () => {
  const cluster = { server: 'https://127.0.0.1:6443' };
  const identity = { ca: 'CA', cert: 'CERT-1', key: 'KEY-1', rejectUnauthorized: true };

  it('builds one agent for every request with the same identity, even from fresh option objects', () => {
    const kc = fakeConfig();
    const first = kc.dispatcher(cluster, { ...identity });
    expect(kc.dispatcher(cluster, { ...identity })).toBe(first);
    expect(kc.dispatcher({ ...cluster }, { ...identity })).toBe(first);
    expect(kc.built()).toBe(1);
  });

  it('builds a new agent for a rotated certificate and returns to the old one for the old identity', () => {
    const kc = fakeConfig();
    const first = kc.dispatcher(cluster, identity);
    const rotated = kc.dispatcher(cluster, { ...identity, cert: 'CERT-2', key: 'KEY-2' });
    expect(rotated).not.toBe(first);
    expect(kc.dispatcher(cluster, identity)).toBe(first);
    expect(kc.built()).toBe(2);
  });

  it('keeps servers apart', () => {
    const kc = fakeConfig();
    expect(kc.dispatcher(cluster, identity)).not.toBe(kc.dispatcher({ server: 'https://10.0.0.1:6443' }, identity));
  });
});
