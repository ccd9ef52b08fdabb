/**
 * `npm run bench -- health`: the health check over a large system_cron_logs.
 *
 * (a) the evaluation as the product does it: runHealthCheck without GitHub, which for every job
 *     reads its 28-day window (readRunSamples: cron_runs_since in pages of 1,000 through the Db
 *     interface), evaluates it (evaluateJobHealth) and plans the alerts; beside
 * (b) the bare SQL reading the same rows: the same cron_runs_since pages through the driver.
 * Target: (a) ÷ (b) ≤ 1.5. For information: (a) step by step on the same pages (the function
 * alone, json_agg and its text, JSON.parse, the RunSample objects, the evaluation), and the figures as one aggregate statement per job. cron_runs_since is the
 * one migration 20251028000900_faster_reads ships. The variants themselves are in
 * bench/lib/healthRuns.ts.
 */
import { JOBS } from '../src/domain/jobs.ts';
import { DEFAULT_WINDOW_DAYS } from '../src/health/check.ts';
import { analyze, createBenchDatabase } from './lib/database.ts';
import {
  NOW,
  PAGE,
  aggregateSql,
  insertRunLogs,
  pagesThroughDriver,
  productCheck,
  productSteps,
  rowsInWindow,
  type ProductSteps,
} from './lib/healthRuns.ts';
import { formatMb, formatMs, formatRatio, formatSamples, median, progress, timed } from './lib/measure.ts';
import { atMost, type BenchResult, type Figure } from './lib/report.ts';

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

/**
 * One measured run; the product's also says how much of it went to database calls, the steps
 * variant how long each step took.
 */
interface Sample {
  ms: number;
  readMs?: number;
  steps?: ProductSteps;
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
    const runSteps = async (): Promise<Sample> => {
      const { ms, value } = await timed(() => productSteps(db.url, since));
      return { ms, steps: value };
    };
    const variants: Variant[] = [
      { name: 'product', run: runProduct, samples: [] },
      { name: 'bare SQL', run: async () => ({ ms: await pagesThroughDriver(db.url, since) }), samples: [] },
      { name: 'steps', run: runSteps, samples: [] },
      { name: 'aggregate', run: async () => ({ ms: await aggregateSql(db.url, since) }), samples: [] },
    ];
    await measure(variants, o);
    const [productV, bareV, stepsV, aggregateV] = variants as [Variant, Variant, Variant, Variant];
    const med = (v: Variant, pick: (s: Sample) => number | undefined = (s) => s.ms) => {
      const xs = v.samples.map(pick).filter((x): x is number => x !== undefined);
      return xs.length === 0 ? 0 : median(xs);
    };
    const ms = (v: Variant) => v.samples.map((s) => s.ms);
    const bare = med(bareV);
    const product = med(productV);
    const calls = med(productV, (s) => s.readMs);
    const rest = med(productV, (s) => (s.readMs === undefined ? undefined : s.ms - s.readMs));
    figures.push(
      { label: 'product: runHealthCheck, 3 jobs × 28 days', value: formatMs(product) },
      { label: '  samples', value: formatSamples(ms(productV)) },
      { label: '  of which Db.call (cron_runs_since pages)', value: formatMs(calls) },
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
    figures.push({ label: 'product Db.call ÷ bare SQL (info)', value: formatRatio(calls / bare) });

    // Each step as the difference it adds, the median over the steps variant's runs.
    const step = (pick: (t: ProductSteps) => number) =>
      med(stepsV, (s) => (s.steps ? pick(s.steps) : undefined));
    const fn = step((t) => t.functionMs);
    const jsonAgg = step((t) => t.jsonAggMs - t.functionMs);
    const parse = step((t) => t.parseMs);
    const build = step((t) => t.samplesMs);
    const evaluate = step((t) => t.evaluateMs);
    const chars = step((t) => t.chars);
    figures.push(
      {
        label: 'product step by step, same pages, one connection (info)',
        value: formatMs(fn + jsonAgg + parse + build + evaluate),
      },
      { label: '  cron_runs_since alone (count(*) of each page)', value: formatMs(fn) },
      {
        label: `  + json_agg on the server and its text sent (sqlDb's statement, ${formatMb(chars)} in all)`,
        value: formatMs(jsonAgg),
      },
      { label: '  + JSON.parse of each page', value: formatMs(parse) },
      { label: '  + RunSample objects (readRunSamples)', value: formatMs(build) },
      { label: '  + evaluation (evaluateJobHealth)', value: formatMs(evaluate) },
      { label: 'aggregate SQL, one statement per job (info)', value: formatMs(med(aggregateV)) },
    );

    const pages = Math.ceil(rowsRead / PAGE) + JOBS.length;
    notes.push(
      `cron_runs_since bounds its scan by the cursor's time (migration 20251028000900_faster_reads), so ` +
        `each page costs about the same: the bare SQL reads the ${pages} pages in ${formatMs(bare)} ` +
        `(${formatMs(bare / pages)} a page), of which ${formatMs(fn)} is the function and the round trip alone ` +
        `(count(*) of each page) and ${formatMs(bare - fn)} sending the rows and the driver reading them.`,
    );
    if (product / bare > 1.5) {
      notes.push(
        `Why product ÷ bare SQL misses 1.5×: the SQL is now cheap, so what the product adds shows. Its ` +
          `Db.call takes ${formatMs(calls)} (${formatRatio(calls / bare)} the bare SQL) because sqlDb wraps ` +
          'each page in json_agg (the PostgREST shape every transport shares: ISO timestamps keeping ' +
          `microseconds, which readRunSamples uses as the cursor) and the driver parses that text: json_agg ` +
          `and sending its text add ${formatMs(jsonAgg)} to the function's own time, JSON.parse ` +
          `${formatMs(parse)}, against ${formatMs(bare - fn)} for the bare rows. The rest of the product ` +
          `(${formatMs(rest)}) is the RunSample objects (${formatMs(build)}), the evaluation ` +
          `(${formatMs(evaluate)}) and the alert plan, each measured alone in the steps variant.`,
      );
    }
    const counts = variants.map((v) => `${v.name} ${v.samples.length}`).join(', ');
    notes.push(
      `${o.rows} rows over 3 jobs and 30 days; ${inWindow} in the ${DEFAULT_WINDOW_DAYS}-day window, read by ` +
        `${pages} cron_runs_since calls. Measured runs: ${counts} ` +
        `(a variant stops after ${o.maxMinutes} min in total; a warm-up over ${LONG_RUN_MS / 1000} s counts as a run).`,
      'Product and bare SQL issue the same cron_runs_since calls; the product receives each page as ' +
        'json_agg text (sqlDb, so every transport returns the same shape) and builds RunSample objects. ' +
        "The steps variant sends each page's call twice (count, then text) and parses, builds " +
        'and evaluates in separate timed steps, so its steps add up to about the product, not to it exactly.',
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
