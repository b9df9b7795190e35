// The JSON Schemas grading reads or writes against, compiled once on first
// use with ajv's draft 2020-12 class.

import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import reportSchema from '../schemas/report.schema.json' with { type: 'json' };
import rubricSchema from '../schemas/rubric.schema.json' with { type: 'json' };
import gradescopeSchema from '../schemas/gradescope-results.schema.json' with { type: 'json' };
import classroomSchema from '../schemas/classroom-result.schema.json' with { type: 'json' };

const SCHEMAS = {
  rubric: rubricSchema,
  gradescope: gradescopeSchema,
  classroom: classroomSchema,
  report: reportSchema,
} as const;

export type SchemaName = keyof typeof SCHEMAS;

let ajv: Ajv2020 | null = null;
const compiled = new Map<SchemaName, ValidateFunction>();

export function validatorFor(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    if (!ajv) {
      // strictRequired off: anyOf branches name required keys declared beside them.
      ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
      // The rubric's categories refer to the report schema's list.
      ajv.addSchema(reportSchema);
    }
    validate = name === 'report' ? ajv.getSchema(reportSchema.$id)! : ajv.compile(SCHEMAS[name]);
    compiled.set(name, validate);
  }
  return validate;
}

/** ajv's first errors as one readable line: "at /testcases/0/points: must be number". */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, max = 3): string {
  if (!errors || errors.length === 0) return 'does not match its schema';
  // anyOf/if branches repeat the real problem; show the most specific ones.
  const useful = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if');
  const shown = (useful.length > 0 ? useful : errors).slice(0, max).map((e) => {
    const where = e.instancePath === '' ? 'top level' : e.instancePath;
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})`
          : '';
    return `at ${where}: ${e.message ?? 'invalid'}${extra}`;
  });
  return shown.join('; ');
}
