/** Facts read off BPMN XML text without parsing it into a model (cheap, for decisions before import). */

/** True when the XML has a process but no diagram interchange (nothing to draw). */
export function lacksDiagram(xml: string): boolean {
  return !/<([a-zA-Z0-9_-]+:)?BPMNShape\b/.test(xml);
}

/** Process ids declared in a diagram (their element instances are the instances themselves). */
export function processIdsOf(xml: string | undefined): string[] {
  if (!xml) return [];
  return [...xml.matchAll(/<([\w-]+:)?process\b[^>]*\bid="([^"]+)"/g)].map((m) => m[2]);
}
