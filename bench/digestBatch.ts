/**
 * `npm run bench -- digest --writer batch`: the weekly digest in batch mode (`--ai batch`), run as
 * the product runs it — one `strukt-cron run weekly-digest --ai batch` process submits, the fake
 * OpenAI (a child process) then finishes the batch as OpenAI would within its window, and a second
 * process collects it — for users who all consented, with some lines failed and some cut short.
 *
 * For each size in `--users`, `--runs` passes (a fresh database each): requests submitted and
 * collected, users without a digest after the collecting run (goal 0 in every pass), the median
 * peak RSS of the collecting process, which reads the output file (goal ≤ 300 MB, and flat in
 * users: the largest size ÷ the smallest ≤ 1.25), the submitting process's beside it, and the
 * estimated cost of the collected answers at the Batch API's price against the same tokens at the
 * direct price.
 */
import { BATCH_DISCOUNT, DEFAULT_PRICES, usageOf } from '../src/ai/prices.ts';
import { getJob } from '../src/domain/jobs.ts';
import { periodEndingAtSlot, type Period } from '../src/domain/period.ts';
import type { RunReport } from '../src/runs/types.ts';
import { runCli, type CliRun } from './lib/cli.ts';
import { analyze, createBenchDatabase } from './lib/database.ts';
import { seedDigestUsers, usersWithoutDigest } from './digest.ts';
import { forkFakeOpenAI } from './lib/fakeOpenAIProcess.ts';
import { formatMb, formatMs, median, progress } from './lib/measure.ts';
import { atMost, noneMissing, type BenchResult, type Figure } from './lib/report.ts';

export interface DigestBatchBenchOptions {
  serverUrl: string;
  /** Sizes, each on its own database. @default [20000] */
  users: number[];
  /** Share of lines answered with an error (the error file). @default 0.02 */
  failShare: number;
  /** Share of output lines cut short (not JSON). @default 0.01 */
  malformedShare: number;
  /**
   * Passes of each size, each on a fresh database; memory figures are their medians (one pass's
   * peak varies by ±25 MB with the garbage collector's timing). @default 3
   */
  runs: number;
  keep: boolean;
}

/** A Sunday 30 minutes after the 20:00 UTC slot: the period is the 7 days before that slot. */
const AS_OF = new Date('2025-11-02T20:30:00Z');
const MODEL = 'gpt-4o-mini';
const MAX_RSS_MB = 300;
const MAX_RSS_GROWTH = 1.25;

interface BatchPass {
  users: number;
  /** The medians over the passes of this size (a single pass: its own peaks). */
  collectPeak: number;
  submitPeak: number;
  submit: { run: CliRun; report: RunReport };
  /** The size of the input file OpenAI received. */
  inputBytes: number;
  collect: { run: CliRun; report: RunReport };
  withoutDigest: number;
}

export async function benchDigestBatch(o: DigestBatchBenchOptions): Promise<BenchResult> {
  const definition = getJob('weekly-digest');
  const period = periodEndingAtSlot(definition.schedule, AS_OF, definition.windowDays);
  const figures: Figure[] = [];
  const notes: string[] = [];
  const passes: BatchPass[] = [];
  for (const users of o.users) {
    const runs: BatchPass[] = [];
    for (let i = 0; i < o.runs; i++) runs.push(await pass(o, users, period, `${i + 1}/${o.runs}`));
    const p = medianPass(runs);
    passes.push(p);
    const submitted = p.submit.report.figures['batch.submitted'] ?? 0;
    const f = p.collect.report.figures;
    figures.push(
      { label: `${users} users: requests submitted in one batch`, value: String(submitted) },
      {
        // The batch file limit (BATCH_LIMITS: 190 MiB, OpenAI's 200 MB with a margin) against what a request weighs.
        label: '  input file: size / a request / 50,000 such requests (info)',
        value: `${formatMb(p.inputBytes)} / ${(p.inputBytes / Math.max(submitted, 1) / 1024).toFixed(1)} KiB / ${formatMb((p.inputBytes / Math.max(submitted, 1)) * 50_000)}`,
      },
      {
        label: '  written from the answers / the template for a failed, invalid or missing line',
        value: `${f['batch.collected'] ?? 0} / ${f['batch.fell_back'] ?? 0}`,
      },
      noneMissing('  users without a digest after the collecting run (the worst pass)', p.withoutDigest),
      atMost(
        `  peak RSS of the collecting process (reads the output file), median of ${runs.length}`,
        mb(p.collectPeak),
        MAX_RSS_MB,
        ' MB',
      ),
      { label: '    samples', value: runs.map((r) => formatMb(r.collect.run.peakRss!)).join(' / ') },
      {
        label: `  peak RSS of the submitting process (builds the input file), median of ${runs.length} (info)`,
        value: `${formatMb(p.submitPeak)} (${runs.map((r) => formatMb(r.submit.run.peakRss!)).join(' / ')})`,
      },

      {
        label: '  submit run / collect run, process spawn to exit (info)',
        value: `${formatMs(p.submit.run.ms)} / ${formatMs(p.collect.run.ms)}`,
      },
      ...costFigures(p.collect.report),
    );
    notes.push(describePass(p));
  }
  if (passes.length > 1) {
    const small = passes[0]!;
    const large = passes[passes.length - 1]!;
    figures.push(
      atMost(
        `peak RSS while collecting, ${large.users} ÷ ${small.users} users (flat in users)`,
        large.collectPeak / small.collectPeak,
        MAX_RSS_GROWTH,
      ),
    );
    if (passes.length > 2) {
      const next = passes[passes.length - 2]!;
      figures.push({
        label: `  ${large.users} ÷ ${next.users} users (info)`,
        value: `${(large.collectPeak / next.collectPeak).toFixed(2)}×`,
      });
    }
    figures.push({
      label: `  submitting process, ${large.users} ÷ ${small.users} users (info)`,
      value: `${(large.submitPeak / small.submitPeak).toFixed(2)}×`,
    });
  }
  notes.push(
    `The fake OpenAI answers each batch line as its direct endpoint answers the same request, with ` +
      `${(o.failShare * 100).toFixed(1)}% of lines failed (500, to the error file) and ` +
      `${(o.malformedShare * 100).toFixed(1)}% of output lines cut short; between the two runs it finishes the batch ` +
      '(validating → in_progress → finalizing → completed) as OpenAI would within 24 h. Cost: the tokens of the ' +
      `collected answers priced with src/ai/prices.ts (${MODEL}: list price × ${BATCH_DISCOUNT} for the Batch API), ` +
      'against the same tokens at the direct price; the fake counts tokens as OpenAI would bill them only roughly.',
  );
  return {
    name: 'digest-batch',
    parameters: {
      users: o.users.join(','),
      'fail-share': o.failShare,
      runs: o.runs,
      'malformed-share': o.malformedShare,
    },
    figures,
    notes,
  };
}

/**
 * One pass standing for its size: the one with the median collecting peak (its report and notes),
 * carrying the medians of both peaks; a user without a digest in any pass is kept in view.
 */
function medianPass(runs: BatchPass[]): BatchPass {
  const sorted = [...runs].sort((a, b) => a.collect.run.peakRss! - b.collect.run.peakRss!);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)]!;
  return {
    ...middle,
    collectPeak: median(runs.map((r) => r.collect.run.peakRss!)),
    submitPeak: median(runs.map((r) => r.submit.run.peakRss!)),
    withoutDigest: Math.max(...runs.map((r) => r.withoutDigest)),
  };
}

async function pass(
  o: DigestBatchBenchOptions,
  users: number,
  period: Period,
  which: string,
): Promise<BatchPass> {
  const db = await createBenchDatabase(o.serverUrl, 'digest_batch');
  const fake = await forkFakeOpenAI({
    recordBodies: false,
    batchScript: {
      failLines: Math.round(users * o.failShare),
      malformedOutputLines: Math.round(users * o.malformedShare),
      // Failed lines come first in input order, cut lines last: reversed, both kinds are spread over the file.
      outputOrder: 'reversed',
    },
  });
  try {
    progress(`digest --writer batch: inserting ${users} consenting, active users`);
    await seedDigestUsers(db.sql, users, period);
    await analyze(db.sql);
    const run = async (what: string) => {
      progress(`digest --writer batch, ${users} users, pass ${which}: ${what}`);
      const cli = await runCli(
        ['run', 'weekly-digest', '--ai', 'batch', '--as-of', AS_OF.toISOString(), '--json', '--quiet'],
        db.url,
        'source',
        {
          env: { OPENAI_API_KEY: 'sk-bench', OPENAI_BASE_URL: fake.url, OPENAI_MODEL: MODEL },
          rssEveryMs: 50,
        },
      );
      if (cli.exitCode !== 0 || cli.peakRss === null) {
        throw new Error(`The ${what} run exited with ${cli.exitCode}: ${cli.stderr.slice(-2000)}`);
      }
      const report = JSON.parse(cli.stdout) as RunReport;
      progress(`  ${report.status}: ${report.message} (peak RSS ${formatMb(cli.peakRss)})`);
      return { run: cli, report };
    };
    const submit = await run('submitting');
    const { settled, inputBytes } = await fake.settleBatches();
    if (settled !== 1) throw new Error(`Expected the submitting run to create one batch, found ${settled}.`);
    const collect = await run('collecting');
    return {
      users,
      submit,
      inputBytes,
      collect,
      collectPeak: collect.run.peakRss!,
      submitPeak: submit.run.peakRss!,
      withoutDigest: await usersWithoutDigest(db.sql, period),
    };
  } finally {
    await fake.close();
    await db.finish({ keep: o.keep });
  }
}

/** The collected answers' cost at the batch price, and the same tokens at the direct price. */
function costFigures(report: RunReport): Figure[] {
  const batch = report.ai.batch;
  if (!batch) return [{ label: '  estimated cost', value: 'no batch usage recorded' }];
  const direct = usageOf(batch, MODEL, DEFAULT_PRICES).estimatedCostUsd;
  return [
    {
      label: `  estimated cost of ${batch.requests} answers: batch / the same tokens sent directly`,
      value: `$${batch.estimatedCostUsd.toFixed(4)} / $${direct.toFixed(4)} (${(batch.estimatedCostUsd / direct).toFixed(2)}×)`,
    },
  ];
}

function describePass(p: BatchPass): string {
  const s = p.submit.report;
  const c = p.collect.report;
  return (
    `${p.users} users: the submitting run ended ${s.status} (“${s.message}”); the collecting run ended ${c.status} ` +
    `(“${c.message}”), ${c.counts.succeeded} digests written, ${c.ai.requests} requests billed ` +
    `(${c.ai.promptTokens} prompt + ${c.ai.completionTokens} completion tokens).`
  );
}

const mb = (bytes: number) => bytes / 1024 / 1024;
