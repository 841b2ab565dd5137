// ECS settings that are per container in Docker but per Pod in Kubernetes (hostname, DNS,
// /etc/hosts, sysctls), and the task's namespaces (network, PID, IPC). A per-container value
// becomes the Pod's when the containers that set it agree; when they differ, the first
// container (in definition order) that sets it wins, with a warning.
import { isIP } from 'node:net';
import type { V1HostAlias, V1PodDNSConfig, V1PodSpec, V1Sysctl } from '@kubernetes/client-node';
import { isDnsLabel, isDnsSubdomain } from './names.ts';
import { containerField, type ContainerDefinition, type PodWarning, type TaskDefinition } from './types.ts';

/**
 * Namespaced sysctls the kubelet allows without --allowed-unsafe-sysctls (Kubernetes 1.32).
 * Any other would make the kubelet reject the Pod (SysctlForbidden), so it is left out.
 */
export const SAFE_SYSCTLS: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ping_group_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
]);

/** Kubernetes allows at most three nameservers. */
const MAX_NAMESERVERS = 3;

type PodLevelSpec = Pick<
  V1PodSpec,
  'hostNetwork' | 'hostPID' | 'hostIPC' | 'shareProcessNamespace' | 'hostname' | 'dnsPolicy' | 'dnsConfig' | 'hostAliases' | 'securityContext'
>;

export function toPodLevelSpec(td: TaskDefinition, warnings: PodWarning[]): PodLevelSpec {
  const spec: PodLevelSpec = {};
  if (td.networkMode === 'host') spec.hostNetwork = true;
  if (td.networkMode === 'none') {
    warnings.push({ field: 'networkMode', message: "A Pod always has a network; networkMode 'none' is not expressible, the task gets the Pod's network." });
  }
  // pidMode task = one PID namespace for the task, which is what shareProcessNamespace gives.
  if (td.pidMode === 'host') spec.hostPID = true;
  if (td.pidMode === 'task') spec.shareProcessNamespace = true;
  // Containers of a Pod always share one IPC namespace: ipcMode task is the default.
  if (td.ipcMode === 'host') spec.hostIPC = true;
  if (td.ipcMode === 'none') {
    warnings.push({ field: 'ipcMode', message: "Containers of a Pod always share an IPC namespace; ipcMode 'none' is not expressible." });
  }

  const hostname = agreedValue(td, 'hostname', (c) => c.hostname, warnings);
  if (hostname !== undefined) {
    if (td.networkMode === 'host') warnings.push({ field: 'containerDefinitions.hostname', message: "A Pod with hostNetwork has the Node's hostname; hostname is not applied." });
    else if (isDnsLabel(hostname)) spec.hostname = hostname;
    else warnings.push({ field: 'containerDefinitions.hostname', message: `Hostname '${hostname}' is not a valid Pod hostname (a lowercase RFC 1123 label); not applied.` });
  }

  const dns = toDns(td, warnings);
  if (dns !== undefined) Object.assign(spec, dns);

  const hostAliases = toHostAliases(td, warnings);
  if (hostAliases.length > 0) spec.hostAliases = hostAliases;

  const sysctls = toSysctls(td, warnings);
  if (sysctls.length > 0) spec.securityContext = { sysctls };
  return spec;
}

/** The value the containers that set `field` agree on; the first one's when they differ (with a warning). */
function agreedValue<T>(td: TaskDefinition, field: string, read: (c: ContainerDefinition) => T | undefined, warnings: PodWarning[]): T | undefined {
  const set = td.containerDefinitions.flatMap((c) => {
    const value = read(c);
    return value === undefined ? [] : [{ name: c.name, value }];
  });
  const first = set[0];
  if (first === undefined) return undefined;
  const differing = set.filter((s) => JSON.stringify(s.value) !== JSON.stringify(first.value));
  if (differing.length > 0) {
    warnings.push({
      field: `containerDefinitions.${field}`,
      message: `Containers set different ${field} (${set.map((s) => `'${s.name}': ${JSON.stringify(s.value)}`).join(', ')}); a Pod has one, so '${first.name}''s applies to all.`,
    });
  }
  return first.value;
}

/**
 * dnsServers replace the resolver's nameservers in Docker, so they become dnsPolicy None (the
 * cluster DNS is then not used, as on ECS). Search domains alone are appended to the cluster's.
 */
function toDns(td: TaskDefinition, warnings: PodWarning[]): Pick<V1PodSpec, 'dnsPolicy' | 'dnsConfig'> | undefined {
  const servers = agreedValue(td, 'dnsServers', (c) => nonEmpty(c.dnsServers), warnings);
  const searches = agreedValue(td, 'dnsSearchDomains', (c) => nonEmpty(c.dnsSearchDomains), warnings);
  if (servers === undefined && searches === undefined) return undefined;
  const dnsConfig: V1PodDNSConfig = {};
  if (servers !== undefined) {
    if (servers.length > MAX_NAMESERVERS) {
      warnings.push({ field: 'containerDefinitions.dnsServers', message: `Kubernetes allows ${MAX_NAMESERVERS} nameservers; ${servers.slice(MAX_NAMESERVERS).join(', ')} are not used.` });
    }
    dnsConfig.nameservers = servers.slice(0, MAX_NAMESERVERS);
  }
  if (searches !== undefined) dnsConfig.searches = [...searches];
  return servers === undefined ? { dnsConfig } : { dnsPolicy: 'None', dnsConfig };
}

const nonEmpty = (list: readonly string[] | undefined): readonly string[] | undefined => (list === undefined || list.length === 0 ? undefined : list);

/**
 * extraHosts of every container (Pod hosts entries apply to all containers, which is harmless
 * for a container that did not ask), and bridge-mode links as 127.0.0.1 names: containers of a
 * Pod reach each other on localhost.
 */
function toHostAliases(td: TaskDefinition, warnings: PodWarning[]): V1HostAlias[] {
  const byIp = new Map<string, string[]>();
  const add = (c: ContainerDefinition, field: string, ip: string, hostname: string) => {
    if (isIP(ip) === 0) {
      warnings.push({ field: containerField(c, field), message: `'${ip}' is not an IP address; the hosts entry for '${hostname}' is ignored.` });
      return;
    }
    const name = hostname.toLowerCase();
    if (!isDnsSubdomain(name)) {
      warnings.push({ field: containerField(c, field), message: `'${hostname}' is not a valid host name for /etc/hosts in a Pod; ignored.` });
      return;
    }
    const names = byIp.get(ip) ?? [];
    if (!names.includes(name)) byIp.set(ip, [...names, name]);
  };
  for (const c of td.containerDefinitions) {
    for (const h of c.extraHosts ?? []) add(c, 'extraHosts', h.ipAddress, h.hostname);
  }
  const declaring = td.containerDefinitions.filter((c) => (c.extraHosts ?? []).length > 0);
  if (declaring.length > 0 && declaring.length < td.containerDefinitions.length) {
    warnings.push({ field: 'containerDefinitions.extraHosts', message: `/etc/hosts is per Pod: the extraHosts of ${declaring.map((c) => `'${c.name}'`).join(', ')} apply to every container.` });
  }
  for (const c of td.containerDefinitions) {
    for (const link of c.links ?? []) {
      const [name, alias] = link.split(':', 2) as [string, string | undefined];
      add(c, 'links', '127.0.0.1', name);
      if (alias !== undefined && alias !== name) add(c, 'links', '127.0.0.1', alias);
    }
  }
  return [...byIp.entries()].map(([ip, hostnames]) => ({ ip, hostnames }));
}

function toSysctls(td: TaskDefinition, warnings: PodWarning[]): V1Sysctl[] {
  const chosen = new Map<string, { value: string; from: string }>();
  for (const c of td.containerDefinitions) {
    const field = containerField(c, 'systemControls');
    for (const s of c.systemControls ?? []) {
      if (s.namespace === undefined || s.value === undefined) continue;
      if (!SAFE_SYSCTLS.has(s.namespace)) {
        warnings.push({ field, message: `sysctl ${s.namespace} is not one the kubelet allows by default; not applied.` });
        continue;
      }
      if (td.networkMode === 'host' && s.namespace.startsWith('net.')) {
        warnings.push({ field, message: `sysctl ${s.namespace} would change the Node's network namespace (hostNetwork); not applied.` });
        continue;
      }
      const earlier = chosen.get(s.namespace);
      if (earlier === undefined) chosen.set(s.namespace, { value: s.value, from: c.name });
      else if (earlier.value !== s.value) {
        warnings.push({ field, message: `sysctl ${s.namespace} is per Pod; '${earlier.from}''s value ${earlier.value} applies, not ${s.value}.` });
      }
    }
  }
  return [...chosen.entries()].map(([name, { value }]) => ({ name, value }));
}
