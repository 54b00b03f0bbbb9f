/** The server benchmark's table and JSON lines. */
import type { KindResult } from './run.ts';

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits }) : 'n/a';

/** Markdown tables, one row per scenario and database. */
export function table(results: KindResult[]): string {
  const lines = [
    '| database | scenario | clients | unit | rate | p50 ms | p99 ms | errors |',
    '| -------- | -------- | ------: | ---- | ---: | -----: | -----: | -----: |',
  ];
  for (const r of results)
    for (const s of r.scenarios)
      lines.push(
        `| ${r.kind} | ${s.name} | ${s.clients} | ${s.unit} | ${fmt(s.result.perSecond, 0)} | ${fmt(s.result.p50, 2)} | ${fmt(s.result.p99, 2)} | ${s.result.errors} |`,
      );
  lines.push(
    '',
    '| database | live layout | clients | commits/s | deliveries (expected) | p50 ms | p99 ms |',
    '| -------- | ----------- | ------: | --------: | --------------------: | -----: | -----: |',
  );
  for (const r of results)
    for (const l of r.live)
      lines.push(
        `| ${r.kind} | ${l.layout} | ${l.clients} | ${l.commitsPerSecond} | ${fmt(l.deliveries, 0)} (${fmt(l.expected, 0)}) | ${fmt(l.p50, 2)} | ${fmt(l.p99, 2)} |`,
      );
  return lines.join('\n');
}

/** One JSON object per row. */
export function jsonLines(results: KindResult[]): string[] {
  return results.flatMap((r) => [
    ...r.scenarios.map((s) =>
      JSON.stringify({ database: r.kind, scenario: s.name, clients: s.clients, unit: s.unit, ...s.result }),
    ),
    ...r.live.map((l) =>
      JSON.stringify({ database: r.kind, scenario: `live-${l.layout.replace(' ', '-')}`, ...l }),
    ),
  ]);
}

/** The targets, checked against the results. */
export function targets(results: KindResult[]): string[] {
  const out: string[] = [];
  const check = (label: string, ok: boolean, value: string) =>
    out.push(`${ok ? 'PASS' : 'MISS'}  ${label}: ${value}`);
  for (const r of results) {
    const s = (name: string) => r.scenarios.find((x) => x.name === name)?.result;
    const c100 = s('straight-c100');
    const c10 = s('straight-c10');
    if (c100)
      check(
        `${r.kind} straight-through >= 1,000 instances/s (100 clients)`,
        c100.perSecond >= 1000,
        `${fmt(c100.perSecond, 0)}/s`,
      );
    if (c10)
      check(`${r.kind} straight-through p99 < 25 ms (10 clients)`, c10.p99 < 25, `${fmt(c10.p99, 2)} ms`);
    for (const l of r.live)
      check(
        `${r.kind} websocket delivery p99 < 50 ms (${l.clients} clients, ${l.layout})`,
        l.p99 < 50 && l.deliveries === l.expected,
        `${fmt(l.p99, 2)} ms, ${l.deliveries}/${l.expected} delivered`,
      );
  }
  return out;
}
