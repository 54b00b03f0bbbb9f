/**
 * Which feelin warnings fail an evaluation. feelin never throws on a missing variable or a type
 * mismatch: it substitutes null and records a warning. Baton raises an incident for those, except
 * where the warning cannot have decided the result:
 * - the missing variable or path is null-checked in the same expression (`x = null`,
 *   `x != null and x > 5`, `a.b = null`, `x instance of string`), so its absence is expected;
 * - the warning comes from inside an `and` / `or` and the result is still non-null: FEEL's
 *   three-valued logic absorbed it (`true or x`), as it does in Camunda 8.
 * The static part of that decision is computed once per source text from the parse tree.
 */
import { parseExpression } from '@bpmn-io/feelin';
import type { Warning, WarningType } from '@bpmn-io/feelin';

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree['topNode'];

/** Everything known about a FEEL source before evaluating it. */
export interface FeelAnalysis {
  /** Why the source does not parse (with its 0-based position), or null. */
  syntaxError: { reason: string; position: number } | null;
  /** Normalised paths compared with null or type-tested, with all their prefixes. */
  guardedPaths: Set<string>;
  /** Start offset of each name in the source -> the normalised path it ends (`a.b` for `b`). */
  pathAt: Map<number, string>;
  /** Ranges of `and` / `or` expressions. */
  logicalRanges: [number, number][];
}

/** Warnings that mean the result is not what the modeller meant; the rest are ignored. */
const FAILING: ReadonlySet<WarningType> = new Set<WarningType>([
  'NO_VARIABLE_FOUND',
  'NO_PROPERTY_FOUND',
  'NO_CONTEXT_ENTRY_FOUND',
  'NOT_COMPARABLE',
  'INVALID_TYPE',
  'NO_FUNCTION_FOUND',
  'FUNCTION_INVOCATION_FAILURE',
]);

const MISSING: ReadonlySet<WarningType> = new Set<WarningType>([
  'NO_VARIABLE_FOUND',
  'NO_PROPERTY_FOUND',
  'NO_CONTEXT_ENTRY_FOUND',
]);

const PATH_NODES = new Set(['VariableName', 'PathExpression']);

/** `a . b  c` -> `a.b c`, so guards and uses compare equal however they are spaced. */
function normalisePath(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/ ?\. ?/g, '.')
    .trim();
}

/**
 * Parses without variable names (unknown at deploy time) and collects the analysis. Names that
 * only parse given a context entry (e.g. containing `'`) are therefore reported as syntax errors.
 */
export function analyseFeel(source: string): FeelAnalysis {
  const tree = parseExpression(source, {}, undefined);
  const analysis: FeelAnalysis = {
    syntaxError: null,
    guardedPaths: new Set(),
    pathAt: new Map(),
    logicalRanges: [],
  };
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (ref.type.isError) {
        analysis.syntaxError ??= describeSyntaxError(source, node);
      } else if (ref.name === 'VariableName') {
        const parent = node.parent;
        const inPath =
          parent !== null && parent.name === 'PathExpression' && parent.firstChild?.from !== node.from;
        analysis.pathAt.set(
          node.from,
          normalisePath(source.slice(inPath ? parent.from : node.from, node.to)),
        );
      } else if (ref.name === 'Disjunction' || ref.name === 'Conjunction') {
        analysis.logicalRanges.push([node.from, node.to]);
      } else if (ref.name === 'Comparison' || ref.name === 'InstanceOfExpression') {
        const guarded = guardedOperand(source, node);
        if (guarded !== null) addWithPrefixes(analysis.guardedPaths, normalisePath(guarded));
      }
    },
  });
  return analysis;
}

/** The path in `path = null`, `null != path` or `path instance of T`, else null. */
function guardedOperand(source: string, node: SyntaxNode): string | null {
  const left = node.firstChild;
  if (left === null) return null;
  if (node.name === 'InstanceOfExpression')
    return PATH_NODES.has(left.name) ? source.slice(left.from, left.to) : null;
  const operator = left.nextSibling;
  const right = operator?.nextSibling ?? null;
  if (operator === null || right === null) return null;
  const op = source.slice(operator.from, operator.to);
  if (op !== '=' && op !== '!=') return null;
  if (left.name === 'null' && PATH_NODES.has(right.name)) return source.slice(right.from, right.to);
  if (right.name === 'null' && PATH_NODES.has(left.name)) return source.slice(left.from, left.to);
  return null;
}

function addWithPrefixes(paths: Set<string>, path: string): void {
  const segments = path.split('.');
  for (let i = 1; i <= segments.length; i++) paths.add(segments.slice(0, i).join('.'));
}

/** Same wording rules as feelin's own lint messages, with an offset a person can use. */
function describeSyntaxError(source: string, node: SyntaxNode): { reason: string; position: number } {
  if (node.from !== node.to) {
    return { reason: `unexpected '${source.slice(node.from, node.to)}'`, position: node.from };
  }
  for (let current: SyntaxNode | null = node; current !== null; current = current.parent) {
    const next = current.nextSibling;
    if (next !== null)
      return { reason: `unexpected '${source.slice(next.from, next.to)}'`, position: next.from };
  }
  return { reason: 'the expression is incomplete', position: node.from };
}

/** The first warning that should fail the evaluation, or undefined when all are benign. */
export function failingWarning(
  warnings: Warning[],
  result: unknown,
  analysis: FeelAnalysis,
): Warning | undefined {
  for (const warning of warnings) {
    if (!FAILING.has(warning.type)) continue;
    const { from } = warning.position;
    if (MISSING.has(warning.type)) {
      const path = analysis.pathAt.get(from);
      if (path !== undefined && analysis.guardedPaths.has(path)) continue;
    }
    if (
      result !== null &&
      result !== undefined &&
      analysis.logicalRanges.some(([a, b]) => from >= a && from < b)
    ) {
      continue;
    }
    return warning;
  }
  return undefined;
}
