/**
 * Small helpers to write CEL rules (x-kubernetes-validations) from TypeScript without
 * repeating ECS's message texts or the unit parsing of task cpu/memory.
 */

/** One `x-kubernetes-validations` entry. */
export interface CelRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate';
  fieldPath?: string;
}

/** A CEL string literal (JSON string syntax is valid CEL). */
export const celString = (value: string): string => JSON.stringify(value);

/**
 * A messageExpression from a message template that takes one name, spliced in from the CEL
 * expression `nameExpr` (e.g. `'self.name'`). It uses `format` rather than `+`: the API server
 * estimates a concatenation with a name picked out of a filtered list as unbounded and
 * refuses the CRD, while `format` is costed from the list's bounds.
 */
export const celMessageWithName = (template: (name: string) => string, nameExpr: string): string => {
  const marker = '\u0000';
  const pattern = template(marker).replaceAll('%', '%%').replace(marker, '%s');
  return `${celString(pattern)}.format([${nameExpr}])`;
};

/** `field` (int, digits, or "<n> <word>") is a value CEL can turn into units. */
export const celIsUnitValue = (field: string, word: string): string =>
  `(type(${field}) == int || ${field}.matches('^[0-9]+$') || ${field}.lowerAscii().matches('^[0-9]+([.][0-9]+)? *${word}$'))`;

/**
 * `field` converted to ECS units: an int stays, "1024" is 1024, "<n> <word>" is n x factor
 * (so "1 vCPU" is 1024 CPU units and "2 GB" is 2048 MiB). Only valid where
 * celIsUnitValue holds.
 */
export const celUnits = (field: string, word: string, factor: number): string =>
  `(type(${field}) == int ? ${field} : (${field}.matches('^[0-9]+$') ? int(${field}) : int(double(${field}.lowerAscii().replace('${word}', '').trim()) * ${factor}.0)))`;
