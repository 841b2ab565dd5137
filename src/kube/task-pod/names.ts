// Kubernetes names from ECS names. ECS allows [A-Za-z0-9_-]{1,255} for containers and volumes;
// Pod containers and volumes need RFC 1123 labels (lowercase, digits, '-', at most 63).

const MAX_LABEL = 63;

/** `Web_App` -> `web-app`; empty when nothing usable is left. */
export function toDnsLabel(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, MAX_LABEL)
    .replace(/^-+|-+$/g, '');
}

export function isDnsLabel(name: string): boolean {
  return name.length <= MAX_LABEL && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name);
}

/**
 * Hands out unique DNS labels in call order: the first `Web_App` is `web-app`, a later name
 * that maps to the same label is `web-app-2`. Deterministic for a given order of calls.
 */
export class UniqueNames {
  private readonly taken = new Set<string>();

  claim(name: string, fallback: string): string {
    const base = toDnsLabel(name) || fallback;
    let candidate = base;
    for (let n = 2; this.taken.has(candidate); n++) {
      const suffix = `-${n}`;
      candidate = `${base.slice(0, MAX_LABEL - suffix.length).replace(/-+$/, '')}${suffix}`;
    }
    this.taken.add(candidate);
    return candidate;
  }
}

/** A Kubernetes label value: at most 63 of [A-Za-z0-9_.-], starting and ending alphanumeric, or empty. */
export function isLabelValue(value: string): boolean {
  return value.length <= MAX_LABEL && /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value);
}

/** A container port name (IANA_SVC_NAME): at most 15 of [a-z0-9-], a letter somewhere, no '--', no '-' at the ends. */
export function isPortName(name: string): boolean {
  return name.length <= 15 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) && /[a-z]/.test(name) && !name.includes('--');
}

/** A DNS subdomain (Secret names, PersistentVolumeClaim names, hostAliases host names). */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
