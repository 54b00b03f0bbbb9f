/** Messages shown to the user (errors from the server, confirmations), newest last. */
import { reactive } from 'vue';
import { ApiError } from '../api/http.ts';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export const notices = reactive<Notice[]>([]);
let next = 1;

export function notify(
  text: string,
  kind: Notice['kind'] = 'info',
  ms = kind === 'error' ? 8000 : 3500,
): void {
  const notice = { id: next++, kind, text };
  notices.push(notice);
  setTimeout(() => dismiss(notice.id), ms);
}

export function dismiss(id: number): void {
  const i = notices.findIndex((n) => n.id === id);
  if (i >= 0) notices.splice(i, 1);
}

/** Shows what went wrong; returns undefined so callers can `?? fallback`. */
export function reportError(error: unknown, doing?: string): undefined {
  const text = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  notify(doing ? `${doing}: ${text}` : text, 'error');
  return undefined;
}
