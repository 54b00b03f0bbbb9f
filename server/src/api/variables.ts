/**
 * Variables in the Camunda 7 REST shape `{ name: { value, type, valueInfo } }`. A Json value may
 * arrive as a JSON string (as Camunda sends it) or as a native value; both become the same value.
 */
import { inferType, isVariableType, type JsonValue, type VariableType } from '@baton/engine';
import { HttpError } from './http.ts';

export interface CamundaVariable {
  value: unknown;
  type?: string;
  valueInfo?: Record<string, unknown>;
}

export type CamundaVariables = Record<string, CamundaVariable>;

const TYPE_ALIASES: Record<string, VariableType> = {
  string: 'String',
  boolean: 'Boolean',
  integer: 'Integer',
  long: 'Long',
  short: 'Short',
  double: 'Double',
  date: 'Date',
  json: 'Json',
  null: 'Null',
  object: 'Object',
};

/** Camunda variables into plain values and explicit types. */
export function fromCamunda(input: unknown): {
  variables: Record<string, unknown>;
  variableTypes: Record<string, VariableType>;
} {
  const variables: Record<string, unknown> = {};
  const variableTypes: Record<string, VariableType> = {};
  if (input === undefined || input === null) return { variables, variableTypes };
  if (typeof input !== 'object' || Array.isArray(input))
    throw new HttpError(400, 'variables must be an object of { name: { value, type } }');
  for (const [name, raw] of Object.entries(input as Record<string, unknown>)) {
    if (typeof raw !== 'object' || raw === null || !('value' in raw || 'type' in raw)) {
      throw new HttpError(400, `Variable '${name}' must be { value, type }`);
    }
    const v = raw as CamundaVariable;
    const type = v.type === undefined ? undefined : (TYPE_ALIASES[v.type.toLowerCase()] ?? v.type);
    if (type !== undefined && !isVariableType(type))
      throw new HttpError(400, `Variable '${name}' has unknown type '${v.type}'`);
    variables[name] = convert(name, v.value, type);
    if (type !== undefined && type !== inferType(variables[name])) variableTypes[name] = type;
  }
  return { variables, variableTypes };
}

function convert(name: string, value: unknown, type: VariableType | undefined): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'Json':
    case 'Object':
      if (typeof value === 'string') {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          throw new HttpError(400, `Variable '${name}' of type ${type} is not valid JSON`);
        }
      }
      return value;
    case 'Integer':
    case 'Long':
    case 'Short':
    case 'Double': {
      const n = typeof value === 'string' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (type !== 'Double' && !Number.isInteger(n))) {
        throw new HttpError(
          400,
          `Variable '${name}' of type ${type} must be a ${type === 'Double' ? 'number' : 'whole number'}`,
        );
      }
      return n;
    }
    case 'Boolean':
      if (value === 'true' || value === 'false') return value === 'true';
      if (typeof value !== 'boolean')
        throw new HttpError(400, `Variable '${name}' of type Boolean must be true or false`);
      return value;
    case 'Date': {
      const d = new Date(String(value));
      if (Number.isNaN(d.getTime()))
        throw new HttpError(400, `Variable '${name}' of type Date is not a date`);
      return d.toISOString();
    }
    case 'String':
      return typeof value === 'string' ? value : String(value);
    default:
      return value;
  }
}

/** Plain values (with explicit types) in the Camunda shape. */
export function toCamunda(
  values: Record<string, JsonValue>,
  types: Record<string, VariableType> = {},
): CamundaVariables {
  const out: CamundaVariables = {};
  for (const [name, value] of Object.entries(values)) out[name] = toCamundaValue(value, types[name]);
  return out;
}

export function toCamundaValue(value: JsonValue, explicit?: VariableType): CamundaVariable {
  const type = explicit ?? inferType(value);
  if (type === 'Json' || type === 'Object') {
    return {
      value: JSON.stringify(value),
      type,
      valueInfo:
        type === 'Object'
          ? { objectTypeName: 'java.lang.Object', serializationDataFormat: 'application/json' }
          : {},
    };
  }
  return { value, type, valueInfo: {} };
}
