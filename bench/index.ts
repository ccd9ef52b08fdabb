/**
 * `npm run bench -- <status|digest|health|install|startup|demo> [options]`: one benchmark, most on a
 * fresh database of the local PostgreSQL server. Prints a table and appends a section to bench/RESULTS.md.
 * Benchmarks are not tests: they are never part of `npm test`. See docs/benchmarks.md.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPostgresSession } from '../src/db/postgres.ts';
import { benchDemo } from './demo.ts';
import { benchDigest } from './digest.ts';
import { benchDigestBatch } from './digestBatch.ts';
import { benchHealth } from './health.ts';
import { benchInstall } from './install.ts';
import type { LatencyDistribution } from '../test/support/fakeOpenAI.ts';
import { REPO_ROOT } from './lib/cli.ts';
import { DEFAULT_SERVER_URL, dropUnfinishedDatabases, serverVersion } from './lib/database.ts';
import {
  appendResults,
  describeMachine,
  renderMarkdown,
  renderText,
  type BenchResult,
} from './lib/report.ts';
import { benchStartup } from './startup.ts';
import { benchStatus } from './status.ts';

const USAGE = `Usage: npm run bench -- <name> [options]

  status   the user-status job vs the straightforward SQL of the same decision, insert overhead, the original algorithm
             --users <n>           users (default 100000)
             --runs <n>            measured runs of each variant (default 5)
             --original-users <n>  users for the original-algorithm comparison, 0 to skip (default 10000)
             --rtt <ms,...>        round trips (ms) to model for that comparison (default 0,20)
             --seed <n>            sample seed (default 1)
             --as-of <iso>         the data's "now" and the runs' --as-of (default 2025-11-03T08:00:00Z)
  digest   the weekly digest process, default settings, against a fake OpenAI with latency, a rate cap and faults
             --users <n,...>       users, all consenting and active; several sizes run one after the
                                   other, e.g. 2000,20000,50000 (default 20000)
             --latency <min-max>   fake OpenAI latency in ms, drawn uniformly, or one fixed value (default 1000-6000)
             --slow <share>@<min-max>  a share of answers drawn from a slower range instead (default 0.02@10000-20000)
             --rpm <n>             the fake's cap per 60 s, named in its x-ratelimit-limit-requests (default 10000)
             --concurrency <n>     the run's --concurrency (default auto, the product's default)
             --fault-rate <share>  injected 429/500 share in the second pass (default 0.05)
             --writer batch        batch mode instead (--ai batch): submit, the fake finishes the batch,
                                   collect; requests, peak RSS while collecting, cost vs direct
             --fail-share <share>  with --writer batch: lines answered with an error (default 0.02)
             --malformed-share <share>  with --writer batch: output lines cut short (default 0.01)
             --runs <n>            with --writer batch: passes of each size, figures their medians (default 3)
  install  db migrate on STRUKT's production schema while the app inserts coach messages
             --rows <n>            ai_coach_logs rows before the install (default 1000000)
             --interval <ms>       one insert every <ms> during the install (default 50)
  health   the health evaluation over system_cron_logs vs the bare SQL reading the same rows
             --rows <n>            system_cron_logs rows (default 1000000)
             --runs <n>            measured runs of each variant (default 5)
             --max-minutes <n>     a variant stops repeating after this long in total (default 10)
  startup  strukt-cron --help, spawn to exit: the compiled command vs tsx (no database)
             --runs <n>            measured spawns of each variant (default 15)
  demo     npm run demo: wall time and peak RSS of its process tree (no database server)
             --runs <n>            runs (default 3)
             --repo <dir>          the checkout to run it in, e.g. an older commit's (default: this one)

  Every benchmark:
             --server <url>        PostgreSQL server (default ${DEFAULT_SERVER_URL})
             --keep                keep the benchmark database (strukt_bench_<name>) afterwards
             --no-results          do not append to bench/RESULTS.md
`;

const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'RESULTS.md');

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        users: { type: 'string' },
        runs: { type: 'string' },
        'original-users': { type: 'string', default: '10000' },
        rtt: { type: 'string', default: '0,20' },
        seed: { type: 'string', default: '1' },
        'as-of': { type: 'string' },
        latency: { type: 'string', default: '1000-6000' },
        slow: { type: 'string', default: '0.02@10000-20000' },
        rpm: { type: 'string', default: '10000' },
        concurrency: { type: 'string', default: 'auto' },
        'fault-rate': { type: 'string', default: '0.05' },
        writer: { type: 'string', default: 'openai' },
        'fail-share': { type: 'string', default: '0.02' },
        'malformed-share': { type: 'string', default: '0.01' },
        rows: { type: 'string', default: '1000000' },
        'max-minutes': { type: 'string', default: '10' },
        interval: { type: 'string', default: '50' },
        repo: { type: 'string' },
        server: { type: 'string', default: DEFAULT_SERVER_URL },
        keep: { type: 'boolean', default: false },
        'no-results': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values: v, positionals } = parsed;
  const name = positionals[0];
  if (v.help || name === undefined) {
    console.log(USAGE);
    return v.help ? 0 : 2;
  }
  if (positionals.length > 1) {
    console.error(
      `Expected one benchmark name, got ${positionals.length}: ${positionals.join(' ')}.\n\n${USAGE}`,
    );
    return 2;
  }

  let run: () => Promise<BenchResult>;
  try {
    const common = { serverUrl: v.server, keep: v.keep };
    switch (name) {
      case 'status':
        run = () =>
          benchStatus({
            ...common,
            users: whole('--users', v.users ?? '100000', 1, 1_000_000),
            runs: whole('--runs', v.runs ?? '5', 1, 50),
            originalUsers: whole('--original-users', v['original-users'], 0, 1_000_000),
            rttMs: v.rtt.split(',').map((ms) => whole('--rtt', ms.trim(), 0, 1000)),
            seed: whole('--seed', v.seed, 0, 4_294_967_295),
            asOf: isoTime('--as-of', v['as-of'] ?? '2025-11-03T08:00:00Z'),
          });
        break;
      case 'digest':
        if (v.writer === 'batch') {
          run = () =>
            benchDigestBatch({
              ...common,
              users: (v.users ?? '20000').split(',').map((n) => whole('--users', n, 1, 100_000)),
              failShare: share('--fail-share', v['fail-share']),
              malformedShare: share('--malformed-share', v['malformed-share']),
              runs: whole('--runs', v.runs ?? '3', 1, 20),
            });
          break;
        }
        if (v.writer !== 'openai')
          throw new Error(`Invalid --writer '${v.writer}'. Expected openai or batch.`);
        run = () =>
          benchDigest({
            ...common,
            users: (v.users ?? '20000').split(',').map((n) => whole('--users', n, 1, 100_000)),
            latency: latencyOf(v.latency, v.slow),
            rpm: whole('--rpm', v.rpm, 1, 1_000_000),
            concurrency: v.concurrency === 'auto' ? null : whole('--concurrency', v.concurrency, 1, 64),
            faultRate: share('--fault-rate', v['fault-rate']),
          });
        break;
      case 'health':
        run = () =>
          benchHealth({
            ...common,
            rows: whole('--rows', v.rows, 1, 50_000_000),
            runs: whole('--runs', v.runs ?? '5', 1, 50),
            maxMinutes: whole('--max-minutes', v['max-minutes'], 1, 600),
          });
        break;
      case 'install':
        run = () =>
          benchInstall({
            ...common,
            rows: whole('--rows', v.rows, 1, 50_000_000),
            intervalMs: whole('--interval', v.interval, 1, 10_000),
          });
        break;
      case 'startup':
        run = () => benchStartup({ runs: whole('--runs', v.runs ?? '15', 1, 200) });
        break;
      case 'demo':
        run = () =>
          benchDemo({ runs: whole('--runs', v.runs ?? '3', 1, 20), repo: path.resolve(v.repo ?? REPO_ROOT) });
        break;
      default:
        console.error(
          `Unknown benchmark '${name}'. Expected status, digest, health, install, startup or demo.\n\n${USAGE}`,
        );
        return 2;
    }
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }

  // startup and demo use no database server; the machine line says so rather than asking one.
  const postgres = ['startup', 'demo'].includes(name)
    ? 'no database server'
    : await readServerVersion(v.server);
  const machine = describeMachine(postgres);
  const at = new Date();
  const result = await run();
  console.log(renderText(result, machine));
  if (!v['no-results']) {
    await appendResults(RESULTS_FILE, renderMarkdown(result, machine, at));
    console.error(`appended to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  }
  // A missed target is a finding to read, not a failure of the command (benchmarks are not tests).
  return 0;
}

async function readServerVersion(url: string): Promise<string> {
  const sql = await openPostgresSession(url);
  try {
    return await serverVersion(sql);
  } finally {
    await sql.close();
  }
}

function whole(flag: string, value: string, min: number, max: number): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new Error(`Invalid ${flag} '${value}'. Expected a whole number from ${min} to ${max}.`);
  }
  return n;
}

function share(flag: string, value: string): number {
  const n = /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!(n >= 0 && n <= 1))
    throw new Error(`Invalid ${flag} '${value}'. Expected a share from 0 to 1, like 0.05.`);
  return n;
}

/** `1000-6000` (or `200`) and `0.02@10000-20000` as the fake server's latency distribution. */
function latencyOf(latency: string, slow: string): LatencyDistribution {
  const range = (flag: string, text: string): [number, number] => {
    const parts = text.split('-').map((ms) => whole(flag, ms.trim(), 0, 600_000));
    const low = parts[0]!;
    const high = parts[1] ?? low;
    if (parts.length > 2 || low > high) {
      throw new Error(`Invalid ${flag} '${text}'. Expected min-max with min ≤ max, like 1000-6000.`);
    }
    return [low, high];
  };
  const [minMs, maxMs] = range('--latency', latency);
  const at = slow.indexOf('@');
  if (at < 0) throw new Error(`Invalid --slow '${slow}'. Expected <share>@<min-max>, like 0.02@10000-20000.`);
  const [slowMinMs, slowMaxMs] = range('--slow', slow.slice(at + 1));
  return { minMs, maxMs, slowShare: share('--slow', slow.slice(0, at)), slowMinMs, slowMaxMs, seed: 11 };
}

function isoTime(flag: string, value: string): Date {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? Date.parse(value)
    : NaN;
  if (Number.isNaN(ms)) {
    throw new Error(
      `Invalid ${flag} '${value}'. Expected an ISO 8601 time with a zone, like 2025-11-03T08:00:00Z.`,
    );
  }
  return new Date(ms);
}

// An interrupted benchmark must not leave its database behind.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: dropping the benchmark databases`);
    void dropUnfinishedDatabases().finally(() => process.exit(130));
  });
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  console.error('benchmark failed:', error);
  return 1;
});
