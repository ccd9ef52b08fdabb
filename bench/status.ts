/**
 * `npm run bench -- status`: the user-status decision at scale.
 *
 * Goal (issue 17): the job's own duration (its report's durationMs) ≤ 0.25× the straightforward
 * SQL of the same decision, the query a reviewer writes first (regexes over the window's messages
 * and mood logs at read time, cooldown by `not exists`), with default settings; ≤ 0.5× with
 * inactivity nudges on. Both in the same run, interleaved, medians; the whole process (Node and
 * tsx start-up included) beside it, and the job's decision checked equal to the straightforward
 * one, user for user. Also: what strukt-cron adds to the app's inserts (goal ≤ 10% on a 1,000-row
 * batch, with the default install; activity tracking, which nudges turn on, for information), and at a smaller size the ORIGINAL algorithm (bench/original/checkUserStatus.ts)
 * against the job at the 20 ms round trip a runner sees (the local server's figure for
 * information). The variants are in bench/lib/statusRuns.ts.
 */
import type { RunReport } from '../src/runs/types.ts';
import { seedSampleData } from '../src/seed/load.ts';
import { analyze, createBenchDatabase, type BenchDatabase } from './lib/database.ts';
import { startLatencyProxy } from './lib/latencyProxy.ts';
import { formatMs, formatRatio, formatSamples, median, progress, timed } from './lib/measure.ts';
import { atMost, type BenchResult, type Figure } from './lib/report.ts';
import {
  PAGE,
  actionCounts,
  barePagedSql,
  decisionDiff,
  insertOverhead,
  jobInProcess,
  jobProcess,
  straightforwardSql,
  turnOnTracking,
  windowVolume,
  type Decision,
} from './lib/statusRuns.ts';
import { checkUserStatusOriginal, type OriginalStatusResult } from './original/checkUserStatus.ts';

export interface StatusBenchOptions {
  serverUrl: string;
  /** Users in the main measurement. @default 100000 */
  users: number;
  /** Measured runs of each variant (after one warm-up run each). @default 5 */
  runs: number;
  /** Seed of the sample data. @default 1 */
  seed: number;
  /** "Now" of the sample data and the runs' --as-of. */
  asOf: Date;
  /** Users for the comparison with the original algorithm; 0 skips it. @default 10000 */
  originalUsers: number;
  /** Round trips (ms) to model for the original comparison; 0 is the local server as it is. @default [0, 20] */
  rttMs: number[];
  keep: boolean;
}

export async function benchStatus(o: StatusBenchOptions): Promise<BenchResult> {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const db = await createBenchDatabase(o.serverUrl, 'status');
  try {
    let seeded = 0;
    const seedTo = async (users: number) => {
      progress(`seeding users ${seeded + 1}–${users} (seedSampleData, seed ${o.seed})`);
      const { ms, value } = await timed(async () => {
        const result = await seedSampleData(db.sql, { users, seed: o.seed, asOf: o.asOf, batchUsers: 5000 });
        await analyze(db.sql);
        return result;
      });
      progress(`seeded ${users - seeded} users in ${formatMs(ms)} (${value.rows.ai_coach_logs} coach logs)`);
      seeded = users;
      return ms;
    };

    // The smaller size first: the loader extends the same sample, so the main size reuses it.
    let seedMs = 0;
    if (o.originalUsers > 0 && o.originalUsers <= o.users) {
      seedMs += await seedTo(o.originalUsers);
      const volume = await windowVolume(db, o.asOf);
      notes.push(
        `At ${o.originalUsers} users the 3-day window holds ${volume.messages} coach messages and ` +
          `${volume.moods} mood logs.`,
      );
      for (const rtt of o.rttMs) figures.push(...(await compareWithOriginal(db, o, rtt, notes)));
    }
    seedMs += await seedTo(o.users);
    figures.unshift({
      label: `seed ${o.users} users (seedSampleData + vacuum analyze)`,
      value: formatMs(seedMs),
    });
    const volume = await windowVolume(db, o.asOf);
    notes.push(
      `At ${o.users} users the 3-day window holds ${volume.messages} coach messages and ${volume.moods} mood ` +
        `logs; the 7-day activity window ${volume.week} activity rows ` +
        `(${(volume.week / o.users).toFixed(1)} per user); ${volume.rows} rows in the activity tables overall.`,
    );
    figures.push(...(await compareWithStraightforward(db, o, false, notes)));
    figures.push(...(await trackingFigures(db, o)));
    figures.push(...(await compareWithStraightforward(db, o, true, notes)));
    figures.push(...(await insertFigures(db, o, notes)));
  } finally {
    await db.finish({ keep: o.keep });
  }
  return {
    name: 'status',
    parameters: {
      users: o.users,
      runs: o.runs,
      seed: o.seed,
      'as-of': o.asOf.toISOString(),
      'original-users': o.originalUsers,
      rtt: o.rttMs.join(','),
    },
    figures,
    notes,
  };
}

/**
 * The job (its process, and its own durationMs) vs the straightforward SQL of the same decision,
 * interleaved so noise hits both alike; the job's SQL paged bare, for information. The decision
 * of each is checked: the job's figures against the straightforward rows, and the job's pages
 * row for row against them.
 */
async function compareWithStraightforward(
  db: BenchDatabase,
  o: StatusBenchOptions,
  nudges: boolean,
  notes: string[],
): Promise<Figure[]> {
  const mode = nudges ? 'nudges on' : 'default settings';
  const job: number[] = [];
  const jobOwn: number[] = [];
  const bare: number[] = [];
  const plain: number[] = [];
  let reported: RunReport | null = null;
  let paged: Decision[] = [];
  let straightforward: Decision[] = [];
  for (let i = 0; i <= o.runs; i++) {
    const label = i === 0 ? 'warm-up' : `run ${i}/${o.runs}`;
    const j = await jobProcess(db.url, o.asOf, nudges);
    const s = await timed(() => straightforwardSql(db.url, o.asOf, nudges));
    const b = await timed(() => barePagedSql(db.url, o.asOf, nudges));
    progress(
      `${o.users} users, ${mode}, ${label}: job ${formatMs(j.report.durationMs)} (process ${formatMs(j.ms)}), ` +
        `straightforward SQL ${formatMs(s.ms)}, job's SQL paged bare ${formatMs(b.ms)}`,
    );
    if (i === 0) continue;
    job.push(j.ms);
    jobOwn.push(j.report.durationMs);
    plain.push(s.ms);
    bare.push(b.ms);
    reported = j.report;
    paged = b.value;
    straightforward = s.value;
  }
  // The same decision: the rows of the job's function and of the straightforward SQL, user for
  // user, and the job's own figures (users checked, notifications by type and priority).
  const rowsDiffer = decisionDiff(paged, straightforward);
  const wanted = actionCounts(straightforward);
  const figuresDiffer =
    reported === null ||
    reported.counts.considered !== straightforward.length ||
    Object.entries(wanted).some(([k, n]) => (reported!.figures[`notifications.${k}`] ?? 0) !== n) ||
    (reported.figures['notifications'] ?? 0) !== Object.values(wanted).reduce((a, n) => a + n, 0);
  const same = rowsDiffer.length === 0 && !figuresDiffer;
  const queued = Object.values(wanted).reduce((a, n) => a + n, 0);
  notes.push(
    same
      ? `${mode}: both decide the same, user for user: the job checked ${straightforward.length} users ` +
          `(${Math.ceil(straightforward.length / PAGE)} pages of ≤ ${PAGE}) and would queue ${queued} ` +
          `notifications (${Object.entries(wanted)
            .map(([k, n]) => `${k} ${n}`)
            .join(', ')}).`
      : `MISMATCH (${mode}): the job checked ${reported?.counts.considered} users and would queue ` +
          `${reported?.figures['notifications'] ?? 0}; the straightforward SQL concerns ${straightforward.length} ` +
          `users and queues ${queued}. First differences: ${rowsDiffer.join('; ') || 'figures only'}.`,
  );
  const target = nudges ? 0.5 : 0.25;
  return [
    atMost(
      `job's own durationMs ÷ straightforward SQL, ${o.users} users, ${mode}`,
      median(jobOwn) / median(plain),
      target,
    ),
    {
      label: '  same decision as the straightforward SQL, user for user',
      value: same ? 'yes' : 'NO',
      target: 'yes',
      pass: same,
    },
    { label: `  job's own durationMs (median of ${o.runs})`, value: formatMs(median(jobOwn)) },
    { label: '    samples', value: formatSamples(jobOwn) },
    { label: '  straightforward SQL, one statement', value: formatMs(median(plain)) },
    { label: '    samples', value: formatSamples(plain) },
    {
      label: '  job process, start-up included (node --import tsx src/main.ts)',
      value: formatMs(median(job)),
    },
    { label: '  job process ÷ straightforward SQL (info)', value: formatRatio(median(job) / median(plain)) },
    {
      label: `  the job's SQL alone, pages of ${PAGE} bare through the driver (info)`,
      value: formatMs(median(bare)),
    },
  ];
}

/** What strukt-cron adds to the app's inserts, by state (bench/lib/statusRuns.ts, INSERT_STATES). */
async function insertFigures(db: BenchDatabase, o: StatusBenchOptions, notes: string[]): Promise<Figure[]> {
  progress('timing inserts in each state: app alone, before issue 17, installed now, activity tracking on');
  // Inserts are cheap to time: more samples than the runs, against a shared machine's noise.
  const samples = Math.max(18, o.runs * 6);
  const times = await insertOverhead(db, samples);
  const pct = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(0)}%`;
  const figures: Figure[] = [];
  const share = `${(times.stressfulMoodShare * 100).toFixed(0)}%`;
  for (const [table, t] of Object.entries(times.byInsert)) {
    const overhead = (t.pairedBatchRatio - 1) * 100;
    figures.push(
      table === 'mood_logs, all stressful'
        ? {
            // Every row enters the partial index: a worst case no app writes, shown beside the goal.
            label:
              'insert overhead of the default install, 1,000 stressful mood logs in one batch (worst case, info)',
            value: `${overhead.toFixed(1)}%`,
          }
        : atMost(
            `insert overhead of the default install, 1,000-row batch into ${table === 'mood_logs' ? `mood_logs (${share} stressful, as the sample)` : table}`,
            overhead,
            10,
            '%',
          ),
    );
    figures.push({
      label: '  batch installed / before issue 17 (medians; the goal: the median of paired rounds)',
      value: `${formatMs(t.installed.batch)} / ${formatMs(t.before.batch)}`,
    });
    figures.push({
      label: '  200 single-row inserts installed / before (info)',
      value: `${formatMs(t.installed.rows)} / ${formatMs(t.before.rows)} (${pct(t.installed.rows, t.before.rows)})`,
    });
    figures.push({
      label: '  with activity tracking on (nudges): batch / dated a year back / 200 rows vs before (info)',
      value:
        `${pct(t.tracking.batch, t.before.batch)} / ${pct(t.tracking.older, t.before.older)} / ` +
        pct(t.tracking.rows, t.before.rows),
    });
    if (table === 'ai_coach_logs') {
      figures.push({
        label: "  stress evidence (20261130000600) vs the app's table alone: batch / 200 rows (info)",
        value: `${pct(t.before.batch, t.app.batch)} / ${pct(t.before.rows, t.app.rows)}`,
      });
    }
  }
  notes.push(
    `Insert overhead: medians of ${samples} samples of each state, the states without tracking timed side by side for each insert in every order in turn (each state in each place equally often), tracking on timed in a phase of its own each round, each ` +
      'insert rolled back. "Before issue 17" is the table as strukt-cron had it before (for ai_coach_logs, with ' +
      'the stress-evidence trigger); "installed" adds what migrating now adds (the partial index of stressful ' +
      'mood logs on mood_logs; nothing on the other four: activity tracking is off until a status run with ' +
      'nudges turns it on); "tracking on" adds the four statement triggers per table that keep ' +
      'strukt.last_activity. A batch is one statement of 1,000 rows for 1,000 users dated now (each row raises ' +
      "its user's latest activity: the triggers' worst case); a single-row insert is one statement per row " +
      '(one round trip each on a local socket).',
  );
  return figures;
}

/** The first run with nudges turns activity tracking on: the one-time fill of strukt.last_activity. */
async function trackingFigures(db: BenchDatabase, o: StatusBenchOptions): Promise<Figure[]> {
  progress('turning activity tracking on (the first nudges run does this once)');
  const { ms, value } = await timed(() => turnOnTracking(db));
  return [
    {
      label: `turning activity tracking on at ${o.users} users (once; fills the latest activity of ${value} users)`,
      value: formatMs(ms),
    },
  ];
}

/** The original algorithm vs the job at the smaller size, optionally through a modelled network. */
async function compareWithOriginal(
  db: BenchDatabase,
  o: StatusBenchOptions,
  rttMs: number,
  notes: string[],
): Promise<Figure[]> {
  const proxy = rttMs > 0 ? await startLatencyProxy(db.url, rttMs) : null;
  const url = proxy?.url ?? db.url;
  const where = rttMs > 0 ? `, ${rttMs} ms RTT` : '';
  const original: number[] = [];
  const job: number[] = [];
  const inProcess: number[] = [];
  let last: OriginalStatusResult | null = null;
  const phases: OriginalStatusResult['phases'][] = [];
  let jobNotifications = 0;
  try {
    for (let i = 0; i <= o.runs; i++) {
      const label = i === 0 ? 'warm-up' : `run ${i}/${o.runs}`;
      const orig = await timed(() => checkUserStatusOriginal(url, o.asOf));
      const j = await jobProcess(url, o.asOf);
      const p = await timed(() => jobInProcess(url, o.asOf));
      progress(
        `${o.originalUsers} users${where}, ${label}: original ${formatMs(orig.ms)} ` +
          `(${orig.value.cooldownQueries} cooldown queries), job process ${formatMs(j.ms)}, ` +
          `job in-process ${formatMs(p.ms)}`,
      );
      if (i === 0) continue;
      original.push(orig.ms);
      job.push(j.ms);
      inProcess.push(p.ms);
      phases.push(orig.value.phases);
      last = orig.value;
      jobNotifications = j.report.figures['notifications.ai_coach_proactive.high'] ?? 0;
      jobNotifications += j.report.figures['notifications.ai_coach_proactive.normal'] ?? 0;
    }
  } finally {
    await proxy?.close();
  }
  const phase = (pick: (p: OriginalStatusResult['phases']) => number) => median(phases.map(pick));
  if (last) {
    notes.push(
      `Original at ${o.originalUsers} users${where}: fetched ${last.messages} messages and ${last.moodLogs} ` +
        `mood logs (fetch ${formatMs(phase((p) => p.fetchMs))}), matched them in JS ` +
        `(${formatMs(phase((p) => p.matchMs))}), then ran ${last.cooldownQueries} cooldown queries one by one ` +
        `(${formatMs(phase((p) => p.cooldownMs))}); it would queue ${last.wouldNotify} check-ins where the job ` +
        `queues ${jobNotifications} (UTC days and no negation in the original; user-local days, negation ` +
        `and mood in the job).`,
    );
  }
  const ratio = median(original) / median(job);
  const figures: Figure[] = [
    { label: `original algorithm, ${o.originalUsers} users${where}`, value: formatMs(median(original)) },
    { label: '  samples', value: formatSamples(original) },
    { label: `job process, ${o.originalUsers} users${where}`, value: formatMs(median(job)) },
    {
      label: `job in-process (runJob), ${o.originalUsers} users${where}`,
      value: formatMs(median(inProcess)),
    },
  ];
  const label = `original ÷ job process at ${o.originalUsers} users${where}`;
  // A runner sees ~20 ms to the database: that figure is the one to read; the local socket's is
  // shown for information (a round trip there costs ~0.3 ms, so the original's query per user is
  // almost free).
  figures.push({ label: rttMs === 0 ? `${label} (info)` : label, value: formatRatio(ratio) });
  figures.push({
    label: `original ÷ job in-process${where} (info)`,
    value: formatRatio(median(original) / median(inProcess)),
  });
  return figures;
}
