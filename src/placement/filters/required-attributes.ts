// Capability and platform attributes the task needs (FAIL "ATTRIBUTE"): each must be present
// on the instance with the required value.
import { PASS, reject } from '../verdict.ts';
import type { InstanceFilter } from './instance-filter.ts';

const MISSING_ATTRIBUTE = reject('ATTRIBUTE');

export const carriesRequiredAttributes = {
  name: 'required-attributes',
  dynamic: false,
  check: (i, workspace) => {
    const attributes = workspace.view(i).attributes;
    for (const [name, value] of entriesOf(workspace.requirement.requiredAttributes)) {
      if (attributes[name] !== value) return MISSING_ATTRIBUTE;
    }
    return PASS;
  },
} satisfies InstanceFilter;

/** Object.entries once per requirement, not once per instance checked. */
const entriesCache = new WeakMap<Readonly<Record<string, string>>, readonly (readonly [string, string])[]>();

function entriesOf(required: Readonly<Record<string, string>>): readonly (readonly [string, string])[] {
  let entries = entriesCache.get(required);
  if (entries === undefined) {
    entries = Object.entries(required);
    entriesCache.set(required, entries);
  }
  return entries;
}
