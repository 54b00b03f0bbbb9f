/**
 * Error construction for JUEL, so every message has the same shape and names the expression:
 * syntax errors carry the offending position, evaluation errors the reason.
 */
import { BatonError } from '../../protocol/errors.ts';
import type { SyntaxErrorDetails } from '../errors.ts';

/** The sentence `check()` returns and `evaluate()` throws for a source that does not parse. */
export function juelSyntaxError(source: string, position: number, reason: string): BatonError {
  const details: SyntaxErrorDetails = { language: 'juel', position };
  return new BatonError(
    'EXPRESSION_SYNTAX',
    `Syntax error in expression ${source} at position ${position}: ${reason}`,
    details,
  );
}

/** A run-time failure; the core turns it into an incident. */
export function juelEvalError(source: string, reason: string): BatonError {
  return new BatonError('EXPRESSION_EVAL', `Cannot evaluate expression ${source}: ${reason}`);
}

/** Worded like Camunda 7's PropertyNotFoundException, which users search for. */
export function unknownIdentifierError(source: string, name: string): BatonError {
  return new BatonError(
    'EXPRESSION_EVAL',
    `Unknown property used in expression ${source}: cannot resolve identifier '${name}'`,
  );
}
