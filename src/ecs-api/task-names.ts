// Names of the Task objects RunTask and StartTask create: the family, lowercased into a DNS
// label, and a random suffix, like a Pod of a ReplicaSet. Never a '.', so `namespace.name`
// (the task id in ARNs) splits unambiguously.
import { randomBytes } from 'node:crypto';

export function taskNamePrefix(family: string): string {
  const label = family.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return label === '' ? 'task' : label;
}

export function newTaskName(family: string, random: () => string = () => randomBytes(5).toString('hex')): string {
  return `${taskNamePrefix(family)}-${random()}`;
}
