/** The server's deploy diagnostics (400 body of POST /deployment/create), read defensively. */
import { ApiError } from '../api/http.ts';

export interface DeployDiagnostic {
  elementId: string;
  elementType: string;
  message: string;
  severity: 'error' | 'warning';
  code: string;
  line?: number;
  column?: number;
}

export function deployDiagnostics(error: unknown): DeployDiagnostic[] | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  const details = (error.body as { details?: unknown } | undefined)?.details;
  return Array.isArray(details) ? (details as DeployDiagnostic[]) : undefined;
}
