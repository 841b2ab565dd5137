// environment and secrets as container env. A secret's valueFrom names a Kubernetes Secret key
// in the Task's namespace as "<secret>/<key>"; AWS Secrets Manager and SSM references cannot be
// resolved here and are refused rather than started without the value.
import type { V1EnvVar } from '@kubernetes/client-node';
import { isDnsSubdomain } from './names.ts';
import { containerField, refuse, type ContainerDefinition, type PodWarning, type TaskDefinition, type TaskPodRefusal } from './types.ts';

export interface SecretKeyReference {
  secret: string;
  key: string;
}

/** "<secret>/<key>" with a valid Secret name and data key; undefined for anything else (ARNs, SSM names). */
export function parseSecretReference(valueFrom: string): SecretKeyReference | undefined {
  const parts = valueFrom.split('/');
  if (parts.length !== 2) return undefined;
  const [secret, key] = parts as [string, string];
  if (!isDnsSubdomain(secret) || !/^[-._a-zA-Z0-9]{1,253}$/.test(key)) return undefined;
  return { secret, key };
}

/** The first secret that does not name a Kubernetes Secret key, refused with the syntax that works. */
export function checkSecretReferences(td: TaskDefinition): TaskPodRefusal | undefined {
  for (const c of td.containerDefinitions) {
    for (const s of c.secrets ?? []) {
      if (parseSecretReference(s.valueFrom) !== undefined) continue;
      const kind = s.valueFrom.startsWith('arn:') ? 'an AWS ARN, which Stevedore cannot resolve' : 'not a Kubernetes Secret key';
      return refuse(
        'UnsupportedSecretReference',
        `Secret '${s.name}' of container '${c.name}' takes its value from '${s.valueFrom}', ${kind}. Use "<secret>/<key>": a key of a Secret in the Task's namespace.`,
      );
    }
  }
  return undefined;
}

/** environment first, then secrets (both sorted by name upstream); env vars without a name are dropped with a warning. */
export function toEnv(c: ContainerDefinition, warnings: PodWarning[]): V1EnvVar[] | undefined {
  const env: V1EnvVar[] = [];
  for (const e of c.environment ?? []) {
    if (e.name === undefined || e.name === '') {
      warnings.push({ field: containerField(c, 'environment'), message: 'An environment variable without a name is ignored.' });
      continue;
    }
    env.push({ name: e.name, value: e.value ?? '' });
  }
  for (const s of c.secrets ?? []) {
    const ref = parseSecretReference(s.valueFrom);
    // checkSecretReferences ran first; an unparsable reference cannot reach this point.
    if (ref !== undefined) env.push({ name: s.name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } });
  }
  if ((c.environmentFiles ?? []).length > 0) {
    warnings.push({
      field: containerField(c, 'environmentFiles'),
      message: 'Environment files (S3 objects) are not loaded; put the variables in environment, or in a Secret referenced from secrets.',
    });
  }
  return env.length === 0 ? undefined : env;
}
