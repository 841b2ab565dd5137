// The names of the objects made for an ECS Service (docs/networking.md "Names"). Deterministic,
// so a repeated create is a conflict, not a copy, and documented, so an Ingress, a Gateway
// route or a client can name them before they exist.
//
//   loadBalancers[] pair (container, port)  core Service          <service>-<container>-<port>
//   serviceRegistries[0]                      headless Service      <service>
//   deployment configuration                  PodDisruptionBudget   <service>
//   loadBalancers[] with targetGroupArn       TargetGroupBinding    <service>-<target group name>
//
// <service> is the ECS Service's metadata.name. Core Service names are RFC 1035 labels (at
// most 63, lowercase, starting with a letter): a name that does not fit is cut and ends in a
// hash of the full name, so two long names never collide.
import { createHash } from 'node:crypto';

const MAX_LABEL = 63;
const MAX_SUBDOMAIN = 253;

/** The core Service serving one loadBalancers[] container/port pair: `web-nginx-80`. */
export function loadBalancerServiceName(service: string, containerName: string, containerPort: number): string {
  return toServiceName(`${service}-${containerName}-${containerPort}`);
}

/** The headless Service of serviceRegistries[]: the ECS Service's own name, as Cloud Map names it. */
export function registryServiceName(service: string): string {
  return toServiceName(service);
}

export function podDisruptionBudgetName(service: string): string {
  return fitName(toSubdomainPart(service), MAX_SUBDOMAIN, service);
}

/**
 * The TargetGroupBinding of one target group: the target group's name from its ARN
 * (`arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<id>`), or a hash of
 * the ARN when it has another shape.
 */
export function targetGroupBindingName(service: string, targetGroupArn: string): string {
  const tgName = /:targetgroup\/([^/]+)\//.exec(targetGroupArn)?.[1];
  const part = tgName === undefined ? `tg-${hash(targetGroupArn)}` : toSubdomainPart(tgName);
  return fitName(`${toSubdomainPart(service)}-${part}`, MAX_SUBDOMAIN, `${service}/${targetGroupArn}`);
}

/** An RFC 1035 label from any name: lowercase, [a-z0-9-], a letter first, at most 63. */
export function toServiceName(name: string): string {
  let label = toSubdomainPart(name).replace(/\./g, '-');
  if (!/^[a-z]/.test(label)) label = `s-${label}`;
  return fitName(label, MAX_LABEL, name);
}

function toSubdomainPart(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** `name` if it fits in `max`, else its first characters, '-', and 8 hex of the hash of `full`. */
function fitName(name: string, max: number, full: string): string {
  if (name.length <= max && name !== '') return name;
  const suffix = hash(full);
  return `${name.slice(0, max - suffix.length - 1).replace(/[-.]+$/, '')}-${suffix}`;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 8);
}
