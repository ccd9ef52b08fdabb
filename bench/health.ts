/**
 * `npm run bench -- health`: the health check over a large system_cron_logs.
 *
 * (a) the evaluation as the product does it: runHealthCheck without GitHub, which for every job
 *     reads its 28-day window (readRunSamples: cron_runs_since in pages of 1,000 through the Db
 *     interface), evaluates it (evaluateJobHealth) and plans the alerts; beside
 * (b) the bare SQL reading the same rows: the same cron_runs_since pages through the driver.
 * Target: (a) ÷ (b) ≤ 1.5. For information: the same pages from a proposed cron_runs_since
 * (bench/proposed/runs_since.sql), (a) with that function swapped in, and the figures as one
 * aggregate statement per job. The variants themselves are in bench/lib/healthRuns.ts.
 */
import { readFile } from 'node:fs/promises';
import { JOBS } from '../src/jobs/registry.ts';
import { DEFAULT_WINDOW_DAYS } from '../src/monitoring/healthCheck.ts';
import { analyze, createBenchDatabase } from './lib/database.ts';
import {
  NOW,
  PAGE,
  PROPOSED_RUNS_SINCE,
  aggregateSql,
  insertRunLogs,
  pagesThroughDriver,
  productCheck,
  rowsInWindow,
} from './lib/healthRuns.ts';
import { formatMs, formatRatio, formatSamples, median, progress, timed } from './lib/measure.ts';
import { atMost, type BenchResult, type Figure } from './lib/report.ts';
import { withReplacement } from './lib/swap.ts';

export interface HealthBenchOptions {
  serverUrl: string;
  /** system_cron_logs rows, spread over the three jobs and 30 days. @default 1000000 */
  rows: number;
  /** Measured runs of each variant (after one warm-up each). @default 5 */
  runs: number;
  /** A variant stops repeating once its runs together took this long (it keeps at least one). @default 10 */
  maxMinutes: number;
  keep: boolean;
}

const DAY_MS = 86_400_000;
/** A warm-up longer than this counts as a measured run: repeating it would teach nothing more. */
const LONG_RUN_MS = 60_000;

/** One measured run; the product's also says how much of it went to database calls. */
interface Sample {
  ms: number;
  readMs?: number;
}

interface Variant {
  name: string;
  run: () => Promise<Sample>;
  samples: Sample[];
}

export async function benchHealth(o: HealthBenchOptions): Promise<BenchResult> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const since = new Date(NOW.getTime() - DEFAULT_WINDOW_DAYS * DAY_MS);
  const db = await createBenchDatabase(o.serverUrl, 'health');
  try {
    progress(`inserting ${o.rows} system_cron_logs rows (one insert … select generate_series)`);
    const insert = await timed(async () => {
      await insertRunLogs(db.sql, o.rows);
      await analyze(db.sql);
    });
    await db.sql.exec(await readFile(new URL('./proposed/runs_since.sql', import.meta.url), 'utf8'));
    const inWindow = await rowsInWindow(db.sql, since);
    progress(`inserted in ${formatMs(insert.ms)}; ${inWindow} rows in the ${DEFAULT_WINDOW_DAYS}-day window`);
    figures.push({ label: `insert ${o.rows} rows + vacuum analyze`, value: formatMs(insert.ms) });

    let failure: string | null = null;
    let rowsRead = 0;
    const runProduct = async (): Promise<Sample> => {
      const p = await productCheck(db.url, since);
      rowsRead = p.rows;
      failure ??= p.error;
      return { ms: p.ms, readMs: p.readMs };
    };
    const driver = (fn: string) => async (): Promise<Sample> => ({
      ms: await pagesThroughDriver(db.url, since, fn),
    });
    const variants: Variant[] = [
      { name: 'product', run: runProduct, samples: [] },
      { name: 'bare SQL', run: driver('public.cron_runs_since'), samples: [] },
      { name: 'proposed', run: driver('bench.runs_since'), samples: [] },
      {
        name: 'product with proposed',
        run: () => withReplacement(db.sql, PROPOSED_RUNS_SINCE, runProduct),
        samples: [],
      },
      { name: 'aggregate', run: async () => ({ ms: await aggregateSql(db.url, since) }), samples: [] },
    ];
    await measure(variants, o);
    const [productV, bareV, proposedV, productProposedV, aggregateV] = variants as [
      Variant,
      Variant,
      Variant,
      Variant,
      Variant,
    ];
    const med = (v: Variant, pick: (s: Sample) => number | undefined = (s) => s.ms) => {
      const xs = v.samples.map(pick).filter((x): x is number => x !== undefined);
      return xs.length === 0 ? null : median(xs);
    };
    const ms = (v: Variant) => v.samples.map((s) => s.ms);
    const bare = med(bareV)!;
    const readMedian = med(productV, (s) => s.readMs)!;

    const product = med(productV)!;
    const rest = med(productV, (s) => (s.readMs === undefined ? undefined : s.ms - s.readMs))!;
    figures.push(
      { label: 'product: runHealthCheck, 3 jobs × 28 days', value: formatMs(product) },
      { label: '  samples', value: formatSamples(ms(productV)) },
      { label: '  of which Db.call (cron_runs_since pages)', value: formatMs(readMedian) },
      { label: '  of which the rest (samples, evaluation, alert plan)', value: formatMs(rest) },
      { label: `bare SQL: cron_runs_since pages of ${PAGE} via pg`, value: formatMs(bare) },
      { label: '  samples', value: formatSamples(ms(bareV)) },
    );
    if (failure === null) {
      figures.push(atMost('product ÷ bare SQL', product / bare, 1.5));
    } else {
      figures.push({
        label: 'product ÷ bare SQL',
        value: `n/a: ${failure}`,
        target: '≤ 1.5×',
        pass: false,
        margin: 'the product threw',
      });
    }
    const proposed = med(proposedV)!;
    const withProposed = med(productProposedV)!;
    figures.push(
      { label: 'product Db.call ÷ bare SQL (info)', value: formatRatio(readMedian / bare) },
      { label: 'proposed cron_runs_since, same pages via pg (info)', value: formatMs(proposed) },
      { label: '  bare SQL ÷ proposed (info)', value: formatRatio(bare / proposed) },
      { label: 'product with the proposed function (info)', value: formatMs(withProposed) },
      {
        label: '  ÷ proposed bare SQL (info)',
        value: formatRatio(withProposed / proposed),
      },
      { label: 'aggregate SQL, one statement per job (info)', value: formatMs(med(aggregateV)!) },
    );
    if (bare / proposed > 2) {
      notes.push(
        `cron_runs_since reads a window in time quadratic in its size: its cursor test ` +
          '`(p_after_time is null or (run_time, run_id) > (…))` cannot bound the index scan, so page k scans ' +
          `the k pages before it again. The proposed function (bench/proposed/runs_since.sql) reads the same ` +
          `pages ${formatRatio(bare / proposed)} faster; while the shipped one dominates, product ÷ bare SQL ` +
          'stays near 1 whatever the product adds.',
      );
    }
    if (withProposed / proposed > 1.5) {
      const calls = med(productProposedV, (s) => s.readMs)!;
      notes.push(
        `With the proposed function the product takes ${formatRatio(withProposed / proposed)} the bare SQL: ` +
          `its Db.call spends ${formatMs(calls)} on the pages the driver reads in ${formatMs(proposed)}, since ` +
          'sqlDb wraps each call in json_agg (the PostgREST shape every transport shares) and parses the text ' +
          `in JS; the evaluation and alert plan take ${formatMs(withProposed - calls)}.`,
      );
    }
    const counts = variants.map((v) => `${v.name} ${v.samples.length}`).join(', ');
    notes.push(
      `${o.rows} rows over 3 jobs and 30 days; ${inWindow} in the ${DEFAULT_WINDOW_DAYS}-day window, read by ` +
        `${Math.ceil(rowsRead / PAGE) + JOBS.length} cron_runs_since calls. Measured runs: ${counts} ` +
        `(a variant stops after ${o.maxMinutes} min in total; a warm-up over ${LONG_RUN_MS / 1000} s counts as a run).`,
      'Product and bare SQL issue the same cron_runs_since calls; the product receives each page as ' +
        'json_agg text (sqlDb, so every transport returns the same shape) and builds RunSample objects.',
    );
  } finally {
    await db.finish({ keep: o.keep });
  }
  return {
    name: 'health',
    parameters: {
      rows: o.rows,
      runs: o.runs,
      'max-minutes': o.maxMinutes,
      'window-days': DEFAULT_WINDOW_DAYS,
      now: NOW.toISOString(),
    },
    figures,
    notes,
  };
}

/** Interleaves the variants run by run, so noise hits all alike; one warm-up each first. */
async function measure(variants: Variant[], o: HealthBenchOptions): Promise<void> {
  const spent = new Map<Variant, number>();
  for (let i = 0; i <= o.runs; i++) {
    const line: string[] = [];
    for (const v of variants) {
      if (i > 0 && (v.samples.length >= o.runs || (spent.get(v) ?? 0) >= o.maxMinutes * 60_000)) continue;
      const sample = await v.run();
      line.push(`${v.name} ${formatMs(sample.ms)}`);
      if (i === 0 && sample.ms < LONG_RUN_MS) continue;
      v.samples.push(sample);
      spent.set(v, (spent.get(v) ?? 0) + sample.ms);
    }
    if (line.length > 0) progress(`${i === 0 ? 'warm-up' : `run ${i}/${o.runs}`}: ${line.join(', ')}`);
  }
}
