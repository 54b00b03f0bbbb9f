/** The hand-written fixtures of the parse tests. */
import { readFileSync } from 'node:fs';

/** The bytes of `test/parse/fixtures/<name>`. */
export function fixture(name: string): Buffer {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
}
