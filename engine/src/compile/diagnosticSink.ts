/** Collects every problem of one compilation, so a deploy reports all of them at once. */
import type { Diagnostic } from '../protocol/diagnostics.ts';

/** What a diagnostic is about: a moddle element or a compiled element. */
export interface Subject {
  id: string;
  /** BPMN type, e.g. `bpmn:UserTask`. */
  type: string;
}

export class DiagnosticSink {
  readonly items: Diagnostic[] = [];

  constructor(private processId?: string) {}

  /** Diagnostics recorded from now on belong to this process. */
  forProcess(processId: string | undefined): void {
    this.processId = processId;
  }

  error(subject: Subject, code: string, message: string): void {
    this.add('error', subject, code, message);
  }

  warning(subject: Subject, code: string, message: string): void {
    this.add('warning', subject, code, message);
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  private add(severity: Diagnostic['severity'], subject: Subject, code: string, message: string): void {
    const d: Diagnostic = { severity, code, elementId: subject.id, elementType: subject.type, message };
    if (this.processId !== undefined) d.processId = this.processId;
    this.items.push(d);
  }
}
