/**
 * The JUEL subset: parse a source text once into a JSON-serialisable template, evaluate it many
 * times. See docs/expressions.md for the grammar and coercion rules.
 */
export type { JuelNode, JuelTemplate } from './ast.ts';
export { evaluateTemplate as evaluateJuel } from './evaluator.ts';
export { parseTemplate as parseJuel } from './template.ts';
