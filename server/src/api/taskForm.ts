/**
 * Task form variables (Camunda 7 `GET /task/{id}/form-variables`): every form field of the task
 * (`camunda:formField`, or a field of a Camunda 8 embedded form), typed by the field (the current variable's value, else the field's default value), then the
 * other variables visible from the task, as Camunda's form service returns them.
 */
import type { FormField, JsonValue, VariableType } from '@baton/engine';
import type { VisibleVariables } from '../engine/scopeVariables.ts';
import { toCamundaValue, type CamundaVariables } from './variables.ts';

const FIELD_TYPES: Record<string, VariableType> = {
  boolean: 'Boolean',
  long: 'Long',
  double: 'Double',
  string: 'String',
  date: 'Date',
  enum: 'String',
};

/** Camunda's default date form pattern is dd/MM/yyyy; ISO dates pass too. */
export function parseFormDate(text: string): string | null {
  const dmy = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text.trim());
  const ms = dmy ? Date.UTC(Number(dmy[3]), Number(dmy[2]) - 1, Number(dmy[1])) : Date.parse(text);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/** A field's default value (always text in the XML) as a value of the field's type. */
function defaultOf(field: FormField, type: VariableType): JsonValue {
  const text = field.defaultValue;
  if (text === undefined) return null;
  switch (type) {
    case 'Boolean':
      return text.trim().toLowerCase() === 'true';
    case 'Long':
    case 'Double': {
      const n = Number(text);
      return Number.isFinite(n) ? n : null;
    }
    case 'Date':
      return parseFormDate(text);
    default:
      return text;
  }
}

/** The variable type a form field's values have. */
export function fieldType(field: FormField): VariableType {
  return FIELD_TYPES[field.type] ?? 'String';
}

/** A field's value: the visible variable of its id, else its default value. */
export function fieldValue(field: FormField, visible: VisibleVariables): JsonValue {
  if (Object.hasOwn(visible.values, field.id)) return visible.values[field.id];
  return defaultOf(field, fieldType(field));
}

export function formVariables(
  fields: FormField[],
  visible: VisibleVariables,
  names?: string[],
): CamundaVariables {
  const wanted = (name: string) => names === undefined || names.includes(name);
  const out: CamundaVariables = {};
  for (const field of fields) {
    if (!wanted(field.id)) continue;
    const type = fieldType(field);
    const value = fieldValue(field, visible);
    const own = Object.hasOwn(visible.values, field.id);
    out[field.id] =
      value === null
        ? { value, type, valueInfo: {} }
        : toCamundaValue(value, own ? visible.types[field.id] : type);
  }
  for (const [name, value] of Object.entries(visible.values)) {
    if (!Object.hasOwn(out, name) && wanted(name)) out[name] = toCamundaValue(value, visible.types[name]);
  }
  return out;
}
