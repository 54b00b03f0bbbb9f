/**
 * `POST /task/{id}/submit-form`: the submitted values of a task's form fields (`camunda:formData`,
 * or a Camunda 8 embedded form compiled to the same fields) are checked against the fields' types
 * and constraints (required, readonly, minlength, maxlength, min, max, enum values, and from
 * embedded forms pattern and decimaldigits) before the task completes. Every failing field is
 * named in one 400 (`FormValidationError`); valid values are converted to their field's type.
 */
import type { FormField, FormValidationError, JsonValue } from '@baton/engine';
import type { VisibleVariables } from '../engine/scopeVariables.ts';
import { HttpError } from './http.ts';
import { schema } from './schemas.ts';
import { fieldType, parseFormDate } from './taskForm.ts';

export const FormValidationErrorSchema = schema('FormValidationError', {
  type: 'object',
  properties: {
    type: { type: 'string', enum: ['InvalidRequestException'] },
    message: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'message'],
      },
    },
  },
  required: ['type', 'message', 'fields'],
});

type Problem = FormValidationError['fields'][number];

/** A variable as the request body gives it (`{value, type, valueInfo}`, checked by `fromCamunda`). */
export interface SubmittedVariable {
  readonly value?: unknown;
  readonly type?: string;
  readonly valueInfo?: Readonly<Record<string, unknown>>;
}

const empty = (v: unknown) => v === undefined || v === null || v === '';

/** The submitted value as the field's type, or a problem. */
function typed(field: FormField, value: unknown): { value: JsonValue } | { problem: string } {
  switch (field.type) {
    case 'long': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n)) return { problem: 'must be a whole number' };
      return { value: n };
    }
    case 'double': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n)) return { problem: 'must be a number' };
      return { value: n };
    }
    case 'boolean':
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      if (typeof value !== 'boolean') return { problem: 'must be true or false' };
      return { value };
    case 'date': {
      const iso = typeof value === 'string' ? parseFormDate(value) : null;
      if (iso === null) return { problem: 'must be a date (dd/MM/yyyy or ISO 8601)' };
      return { value: iso };
    }
    case 'enum': {
      const ids = (field.values ?? []).map((v) => v.id);
      if (typeof value !== 'string' || !ids.includes(value))
        return { problem: `must be one of ${ids.map((id) => `'${id}'`).join(', ')}` };
      return { value };
    }
    case 'string':
      if (typeof value !== 'string') return { problem: 'must be a string' };
      return { value };
    default:
      // Custom form types: Camunda hands them to a plugin; here they pass as sent.
      return { value: value as JsonValue };
  }
}

/** The constraint's numeric config, or undefined when it has none (the constraint is ignored). */
function limit(field: FormField, name: string): number | undefined {
  const config = field.validation?.find((c) => c.name === name)?.config;
  if (config === undefined || config.trim() === '') return undefined;
  const n = Number(config);
  return Number.isFinite(n) ? n : undefined;
}

/** The `pattern` constraint (form-js: the value must contain a match), or undefined. */
function matcher(field: FormField): RegExp | undefined {
  const config = field.validation?.find((c) => c.name === 'pattern')?.config;
  if (config === undefined || config === '') return undefined;
  try {
    return new RegExp(config);
  } catch {
    return undefined; // the compiler warned; an unusable pattern checks nothing
  }
}

/** Digits after the decimal point of a number as JavaScript prints it (1e-7 counts 7). */
function decimals(n: number): number {
  const [mantissa, exponent] = String(n).split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent ?? 0));
}

function check(
  field: FormField,
  submitted: unknown,
  current: unknown,
): { value?: JsonValue; problem?: string } {
  if (field.readonly) return submitted === undefined ? {} : { problem: 'is read-only' };
  if (empty(submitted)) {
    // A value the task already has satisfies `required` (the form shows it prefilled).
    if (field.required && empty(current)) return { problem: 'is required' };
    return {};
  }
  const result = typed(field, submitted);
  if ('problem' in result) return result;
  const value = result.value;
  if (typeof value === 'string') {
    const min = limit(field, 'minlength');
    const max = limit(field, 'maxlength');
    if (min !== undefined && value.length < min) return { problem: `needs at least ${min} characters` };
    if (max !== undefined && value.length > max) return { problem: `may have at most ${max} characters` };
    const pattern = matcher(field);
    if (pattern && !pattern.test(value)) return { problem: `must match the pattern ${pattern.source}` };
  }
  if (typeof value === 'number') {
    const min = limit(field, 'min');
    const max = limit(field, 'max');
    if (min !== undefined && value < min) return { problem: `must be >= ${min}` };
    if (max !== undefined && value > max) return { problem: `must be <= ${max}` };
    const digits = limit(field, 'decimaldigits');
    if (digits !== undefined && decimals(value) > digits)
      return { problem: `may have at most ${digits} decimal digit${digits === 1 ? '' : 's'}` };
  }
  return { value };
}

/**
 * Checks the submitted variables against the task's form fields; answers them (form fields
 * converted to and typed as their field's type) or throws the 400 naming every failing field.
 */
export function checkedFormVariables(
  taskId: string,
  fields: FormField[],
  variables: Readonly<Record<string, SubmittedVariable>> | undefined,
  visible: VisibleVariables,
): Record<string, SubmittedVariable> {
  const out: Record<string, SubmittedVariable> = { ...variables };
  const problems: Problem[] = [];
  for (const field of fields) {
    const given = variables?.[field.id];
    const { value, problem } = check(field, given?.value, visible.values[field.id]);
    if (problem) problems.push({ field: field.id, message: `'${field.id}' ${problem}` });
    else if (given !== undefined && value !== undefined)
      out[field.id] = { value, type: fieldType(field), valueInfo: given.valueInfo ?? {} };
  }
  if (problems.length > 0) {
    const body: FormValidationError = {
      type: 'InvalidRequestException',
      message: `Cannot submit task form ${taskId}: ${problems.map((p) => p.message).join('; ')}`,
      fields: problems,
    };
    throw new HttpError(400, body.message, body.type, { fields: body.fields });
  }
  return out;
}
