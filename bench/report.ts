/** Results of the engine benchmark: ratios, targets, and the table / JSON-lines output. */
import { round } from './measure.ts';
import type { Measurement, RowSpec } from './scenarios.ts';

/** One row of results: each engine's measurement, or why it has none. */
export interface RowResult extends RowSpec {
  baton: Measurement | null;
  peer: Measurement | null;
  batonError?: string;
  peerError?: string;
}

/** Baton's advantage, higher is better: baton/peer for rates, peer/baton for bytes and ms. */
export function ratio(row: RowResult): number | null {
  if (!row.baton || !row.peer || row.baton.value <= 0 || row.peer.value <= 0) return null;
  return row.higherIsBetter ? row.baton.value / row.peer.value : row.peer.value / row.baton.value;
}

interface Target {
  text: string;
  /** null when the run could not decide it (a missing measurement). */
  met(row: RowResult): boolean | null;
}

const hundredTimes: Target = {
  text: '>= 100x bpmn-engine',
  met: (row) => {
    const r = ratio(row);
    return r === null ? null : r >= 100;
  },
};
const batonBelow = (limit: number, text: string): Target => ({
  text,
  met: (row) => (row.baton ? row.baton.value < limit : false),
});

/** The targets, by scenario. */
export const TARGETS: Record<string, Target> = {
  'straight-seq': hundredTimes,
  'straight-c100': hundredTimes,
  'parallel-10': hundredTimes,
  'usertask-memory': batonBelow(2048, '< 2 KB'),
  'compile-1000': batonBelow(100, '< 100 ms'),
  'run-1000': batonBelow(20, '< 20 ms, no overflow'),
};

/** The row as the JSON line `--json` prints (exactly these keys). */
export function jsonLine(row: RowResult): string {
  const r = ratio(row);
  return JSON.stringify({
    scenario: row.scenario,
    unit: row.unit,
    baton: row.baton ? round(row.baton.value) : null,
    peer: row.peer ? round(row.peer.value) : null,
    ratio: r === null ? null : round(r),
  });
}

function show(m: Measurement | null, error: string | undefined): string {
  if (!m) return error ?? 'n/a';
  return round(m.value).toLocaleString('en-US');
}

function verdict(row: RowResult): string {
  const target = TARGETS[row.scenario];
  if (!target) return '';
  const met = target.met(row);
  return `${target.text}: ${met === null ? 'n/a' : met ? 'PASS' : 'FAIL'}`;
}

/** The results as a fixed-width text table. */
export function table(rows: RowResult[]): string {
  const header = ['scenario', 'unit', 'baton', 'bpmn-engine', 'ratio', 'n baton/peer', 'target'];
  const body = rows.map((row) => {
    const r = ratio(row);
    return [
      row.scenario,
      row.unit,
      show(row.baton, row.batonError),
      show(row.peer, row.peerError),
      r === null ? 'n/a' : `${round(r).toLocaleString('en-US')}x`,
      `${row.baton?.n ?? '-'}/${row.peer?.n ?? '-'}`,
      verdict(row),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i].length)));
  const numeric = new Set([2, 3, 4, 5]);
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** One line: how many of the targets this run met. */
export function targetSummary(rows: RowResult[]): string {
  const checked = rows.filter((row) => TARGETS[row.scenario]);
  const met = checked.filter((row) => TARGETS[row.scenario].met(row) === true).length;
  return `targets met: ${met}/${checked.length}`;
}
