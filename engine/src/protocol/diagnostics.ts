/** A problem found while parsing or compiling a BPMN file, always naming the element it is about. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable machine-readable code, e.g. `flow.dangling-target`, `element.unsupported`. */
  code: string;
  /** Id of the offending element (the process or definitions id when no element applies). */
  elementId: string;
  /** BPMN type of the offending element, e.g. `bpmn:ExclusiveGateway`. */
  elementType: string;
  /** Plain sentence a modeller understands. */
  message: string;
  /** Id of the process the element belongs to, when known. */
  processId?: string;
  /** Position in the XML where the parser knows it. */
  line?: number;
  column?: number;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where =
    d.line !== undefined ? ` (line ${d.line}${d.column !== undefined ? `:${d.column}` : ''})` : '';
  return `${d.severity} ${d.elementType} '${d.elementId}'${where}: ${d.message}`;
}
