/** Conversions between the runtime API's plain variables and the core's variable input. */
import type { VariableInput } from '../protocol/commands.ts';
import { BatonError } from '../protocol/errors.ts';
import { invalidVariableName, toJsonValue, type JsonValue } from '../protocol/variables.ts';
import type { VariablesArg } from './types.ts';

/** Plain values (and optional types) into the core's variable input. */
export function toInput(args: VariablesArg): VariableInput | undefined {
  if (!args.variables) return undefined;
  const values: Record<string, JsonValue> = {};
  for (const name of Object.keys(args.variables)) {
    const problem = invalidVariableName(name);
    if (problem) throw new BatonError('INVALID_ARGUMENT', problem);
    values[name] = toJsonValue(args.variables[name], name);
  }
  return args.variableTypes ? { values, types: args.variableTypes } : { values };
}
