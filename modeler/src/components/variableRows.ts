/**
 * Rows of the typed variables editor, and their conversion to the REST shape `{name: {value, type}}`
 * with a readable error per row (a Long that is not an integer, JSON that does not parse, ...).
 */
import { inferType, type VariableType } from '@baton/engine/protocol';
import type { VariablesDto } from '@baton/server/api-types';

export interface VariableRow {
  name: string;
  type: EditableType;
  /** The value as typed in the editor (text; booleans as 'true'/'false'). */
  text: string;
}

export const EDITABLE_TYPES = ['String', 'Long', 'Double', 'Boolean', 'Date', 'Json'] as const;
export type EditableType = (typeof EDITABLE_TYPES)[number];

export type RowErrors = Record<number, string>;

function parse(row: VariableRow): unknown {
  const text = row.text.trim();
  switch (row.type) {
    case 'String':
      return row.text;
    case 'Long': {
      if (!/^-?\d+$/.test(text)) throw new Error('is not a whole number');
      return Number(text);
    }
    case 'Double': {
      const n = Number(text);
      if (text === '' || !Number.isFinite(n)) throw new Error('is not a number');
      return n;
    }
    case 'Boolean':
      if (text !== 'true' && text !== 'false') throw new Error('must be true or false');
      return text === 'true';
    case 'Date': {
      const ms = Date.parse(text);
      if (Number.isNaN(ms)) throw new Error('is not a date (e.g. 2026-12-24T10:00:00Z)');
      return new Date(ms).toISOString().replace('Z', '+0000');
    }
    case 'Json':
      try {
        return JSON.parse(text);
      } catch {
        throw new Error('is not valid JSON');
      }
  }
}

/** The REST variables, or the errors by row index. */
export function toVariables(rows: VariableRow[]): { variables: VariablesDto; errors: RowErrors } {
  const variables: VariablesDto = {};
  const errors: RowErrors = {};
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const name = row.name.trim();
    if (!name && !row.text.trim()) return; // an empty row is ignored
    if (!name) return void (errors[i] = 'needs a name');
    if (seen.has(name)) return void (errors[i] = `'${name}' appears twice`);
    seen.add(name);
    try {
      const value = parse(row);
      variables[name] = {
        value: (row.type === 'Json' ? JSON.stringify(value) : value) as VariablesDto[string]['value'],
        type: row.type,
      };
    } catch (error) {
      errors[i] = `${name} ${(error as Error).message}`;
    }
  });
  return { variables, errors };
}

/** Editor rows for existing variables. */
export function fromVariables(variables: VariablesDto): VariableRow[] {
  return Object.entries(variables).map(([name, v]) => {
    const raw = v.value;
    const type = editable((v.type as VariableType | undefined) ?? inferType(raw));
    const text =
      type === 'Json'
        ? JSON.stringify(typeof raw === 'string' ? safeJson(raw) : raw)
        : raw === null || raw === undefined
          ? ''
          : String(raw);
    return { name, type, text };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function editable(type: VariableType): EditableType {
  switch (type) {
    case 'Integer':
    case 'Short':
    case 'Long':
      return 'Long';
    case 'Double':
    case 'Boolean':
    case 'Date':
    case 'Json':
    case 'String':
      return type;
    case 'Object':
      return 'Json';
    default:
      return 'String';
  }
}
