/**
 * What a benchmark returns, and how it is shown: a text table on stdout and a section appended
 * to bench/RESULTS.md with the machine it was measured on.
 */
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';

export interface Figure {
  /** What was measured, e.g. "job ÷ bare SQL". */
  label: string;
  /** The figure as shown, e.g. "1.12×" or "2.31 s". */
  value: string;
  /** The target, e.g. "≤ 1.5×"; absent for figures given for information. */
  target?: string;
  /** Whether the target was met; absent without a target. */
  pass?: boolean;
  /** How far from the target, e.g. "25% headroom" or "3.1× short". */
  margin?: string;
}

export interface BenchResult {
  name: string;
  /** The options the benchmark ran with. */
  parameters: Record<string, string | number | boolean>;
  figures: Figure[];
  /** What a reader needs to interpret the figures honestly. */
  notes: string[];
}

export interface Machine {
  cpu: string;
  cores: number;
  memory: string;
  node: string;
  postgres: string;
}

export function describeMachine(postgres: string): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    node: process.version,
    postgres,
  };
}

/**
 * A target for a ratio that must stay at or below `max`; the margin says by how much it passed
 * or missed, relative to the target.
 */
export function atMost(label: string, value: number, max: number, unit = '×'): Figure {
  const pass = value <= max;
  return {
    label,
    value: `${value.toFixed(2)}${unit}`,
    target: `≤ ${max}${unit}`,
    pass,
    margin: pass ? `${pct((max - value) / max)} under` : `${pct((value - max) / max)} over`,
  };
}

/** A count that must be zero, e.g. users left without a digest. */
export function noneMissing(label: string, missing: number): Figure {
  return {
    label,
    value: String(missing),
    target: '= 0',
    pass: missing === 0,
    margin: missing === 0 ? 'none missing' : `${missing} missing`,
  };
}

/** A target for a figure that must reach at least `min`. */
export function atLeast(label: string, value: number, min: number, unit = '×'): Figure {
  const pass = value >= min;
  return {
    label,
    value: `${value.toFixed(2)}${unit}`,
    target: `≥ ${min}${unit}`,
    pass,
    // "99% short" hides a miss by a factor of 100: say the factor too.
    margin: pass
      ? `${pct((value - min) / min)} above`
      : `${pct((min - value) / min)} short${value > 0 && min / value >= 2 ? `, ${(min / value).toFixed(0)}× off` : ''}`,
  };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(0)}%`;
}

function verdict(f: Figure): string {
  if (f.pass === undefined) return '';
  return `${f.pass ? 'PASS' : 'MISS'}${f.margin ? ` (${f.margin})` : ''}`;
}

/** The result as an aligned text table, for the terminal. */
export function renderText(result: BenchResult, machine: Machine): string {
  const rows = [['figure', 'value', 'target', 'result']].concat(
    result.figures.map((f) => [f.label, f.value, f.target ?? '', verdict(f)]),
  );
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  const out = [
    `${result.name} — ${params(result)}`,
    `${machine.cpu}, ${machine.cores} cores, ${machine.memory}; Node ${machine.node}; ${shortPg(machine.postgres)}`,
    '',
    line(rows[0]!),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ];
  if (result.notes.length > 0) out.push('', ...result.notes.map((n) => `- ${n}`));
  return out.join('\n');
}

/** The result as a Markdown section for RESULTS.md. */
export function renderMarkdown(result: BenchResult, machine: Machine, at: Date): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    `## ${result.name} — ${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}`,
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory} RAM`,
    `- Node ${machine.node}; ${machine.postgres}`,
    `- Parameters: ${params(result)}`,
    '',
    '| figure | value | target | result |',
    '| --- | --- | --- | --- |',
    ...result.figures.map(
      (f) => `| ${cell(f.label)} | ${cell(f.value)} | ${cell(f.target ?? '')} | ${cell(verdict(f))} |`,
    ),
  ];
  if (result.notes.length > 0) lines.push('', ...result.notes.map((n) => `- ${n}`));
  return `${lines.join('\n')}\n`;
}

const HEADER = `# Benchmark results

Appended by \`npm run bench -- <name>\`, newest last. Figures are medians of runs measured on the
machine named in each section; targets are ratios of figures from the same run (see
docs/benchmarks.md).
`;

/** Appends a section to the results file, creating it with its header first if needed. */
export async function appendResults(path: string, section: string): Promise<void> {
  const existing = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (existing === null) await writeFile(path, `${HEADER}\n${section}`);
  else await appendFile(path, `${existing.endsWith('\n') ? '' : '\n'}\n${section}`);
}

function params(result: BenchResult): string {
  return Object.entries(result.parameters)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function shortPg(version: string): string {
  return version.split(' on ')[0] ?? version;
}
