import { describe, expect, it } from 'vitest';
import { celMessageWithName, celString } from '../../../src/api/v1alpha1/cel.ts';

describe('CEL helpers', () => {
  it.each<{ name: string; template: (n: string) => string; nameExpr: string; expected: string }>([
    {
      name: 'splices the name in with format()',
      template: (n) => `Invalid setting for container '${n}'.`,
      nameExpr: 'self.name',
      expected: `"Invalid setting for container '%s'.".format([self.name])`,
    },
    {
      name: 'escapes a literal percent sign',
      template: (n) => `${n} uses 100% of the task`,
      nameExpr: 'x',
      expected: `"%s uses 100%% of the task".format([x])`,
    },
  ])('$name', ({ template, nameExpr, expected }) => {
    expect(celMessageWithName(template, nameExpr)).toBe(expected);
  });

  it('quotes strings as CEL literals', () => {
    expect(celString(`it's "quoted"`)).toBe(`"it's \\"quoted\\""`);
  });
});
