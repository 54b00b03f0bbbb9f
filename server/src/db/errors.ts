/**
 * Database errors that a value of the request caused (PostgreSQL data exceptions): the API answers
 * them as bad input (400) instead of a server failure. sqlite stores any text, so only PostgreSQL
 * raises them.
 */

/** What PostgreSQL says of such values, by SQLSTATE. */
const REFUSED: Record<string, string> = {
  '22001': 'a value is longer than the database column takes',
  '22021': 'a text contains a character PostgreSQL cannot store (such as \\u0000)',
  '22P05': 'a text contains a character PostgreSQL cannot store (such as \\u0000)',
  '54000': 'a value is too long to be indexed (a business key, user id or name of several kilobytes)',
};

/** Why the database refused a value of the command, or undefined for any other error. */
export function refusedValue(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^(22|54)[0-9A-Z]{3}$/.test(code)) return undefined;
  return REFUSED[code] ?? `PostgreSQL refused a value of the request (SQLSTATE ${code})`;
}
