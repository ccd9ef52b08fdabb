/**
 * `npm run bench -- install`: installing onto a live STRUKT database. STRUKT's production schema
 * with `--rows` coach messages; another connection inserts a message every `--interval` ms (the
 * app at work) while the project's migrations run. The figure that matters is the longest any
 * of those inserts waited (goal < 1 s). Beside it, the straightforward form a reviewer would
 * write first for "match each message once" — a stored generated column on ai_coach_logs, the
 * form this project shipped before — run the same way on a copy of the same data.
 */
import { readFileSync } from 'node:fs';
import { migrateUp } from '../src/db/migrate.ts';
import { openPostgresSession } from '../src/db/postgres.ts';
import type { SqlClient } from '../src/db/types.ts';
import { REPO_ROOT } from './lib/cli.ts';
import { createBenchDatabase, withDatabase } from './lib/database.ts';
import { formatMs, median, progress } from './lib/measure.ts';
import { atMost, type BenchResult } from './lib/report.ts';

export interface InstallBenchOptions {
  serverUrl: string;
  keep: boolean;
  /** ai_coach_logs rows before the install. @default 1000000 */
  rows: number;
  /** The app's insert rhythm during the install, in ms. @default 50 */
  intervalMs: number;
}

const PRODUCTION_SCHEMA = readFileSync(`${REPO_ROOT}/test/fixtures/strukt-production.sql`, 'utf8');

/** What the old migration did: the matcher as a stored generated column (rewrites the table). */
const GENERATED_COLUMN = `
  create schema if not exists strukt;
  create function strukt.has_stress_keyword(message text) returns boolean language sql immutable as $$
    select coalesce(bool_or(m[1] is null), false)
    from regexp_matches(lower(replace(coalesce(message, ''), '’', '''')),
      '(?:\\m(not feeling|isn''t feeling|wasn''t feeling|no longer|not|never|isn''t|wasn''t)\\s+)?\\m(stressed|stress|anxious|anxiety|overwhelmed|tired|exhausted|difficult|tough|hard\\s+time|struggling|down|sad|depressed|frustrated|angry|upset)\\M',
      'g') as m
  $$;
  alter table public.ai_coach_logs
    add column stress_evidence boolean generated always as (strukt.has_stress_keyword(user_message)) stored;
  create index ai_coach_logs_stress_idx on public.ai_coach_logs (user_id, "timestamp") where stress_evidence;`;

const MESSAGES = [
  'Great session today, legs feel strong',
  'I am so stressed about work this week',
  'What should I eat before a run?',
  'Feeling overwhelmed and tired',
  'Slept well, ready for tomorrow',
  'Not stressed at all, just busy',
  'Can you adjust my plan for travel?',
  'Had a tough day but I still trained',
];

/** Users, and `rows` messages spread over 90 days, in one statement each. */
async function seed(sql: SqlClient, rows: number): Promise<void> {
  const users = Math.max(1, Math.round(rows / 100));
  await sql.exec(`
    insert into auth.users (id, email)
      select ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::uuid, 'u' || i || '@example.test'
      from generate_series(1, ${users}) i;
    insert into public.user_profiles (user_id, timezone, onboarding_completed)
      select id, 'UTC', true from auth.users;`);
  await sql.query(
    `insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response, "timestamp", created_at)
     select ('00000000-0000-4000-8000-' || lpad(to_hex(1 + i % $2), 12, '0'))::uuid, 's' || (i % 97),
            ($3::text[])[1 + i % array_length($3::text[], 1)], 'Thanks for telling me.',
            now() - make_interval(secs => (i % 7776000)), now() - make_interval(secs => (i % 7776000))
     from generate_series(1, $1) i`,
    [rows, users, MESSAGES],
  );
  await sql.exec('vacuum analyze');
}

interface Observed {
  /** Each insert's wait, in ms, from when it was due to when it returned. */
  waits: number[];
  /** When each insert was due (performance.now()). */
  dueAt: number[];
  installMs: number;
}

/** Runs `install` while another session inserts a message every intervalMs; returns every insert's wait. */
async function underLoad(url: string, intervalMs: number, install: () => Promise<void>): Promise<Observed> {
  const app = await openPostgresSession(url);
  const waits: number[] = [];
  const dueAt: number[] = [];
  let stop = false;
  const inserter = (async () => {
    let due = performance.now();
    while (!stop) {
      const started = performance.now();
      await app.query(
        `insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response)
         values ('00000000-0000-4000-8000-000000000001', 'live', 'feeling stressed during the install', 'ok')`,
      );
      waits.push(performance.now() - Math.min(started, due));
      dueAt.push(Math.min(started, due));
      due += intervalMs;
      const pause = due - performance.now();
      if (pause > 0) await new Promise((r) => setTimeout(r, pause));
      else due = performance.now();
    }
  })();
  try {
    await new Promise((r) => setTimeout(r, 10 * intervalMs)); // the app's rhythm settles first
    const t0 = performance.now();
    await install();
    const installMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 10 * intervalMs));
    return { waits, dueAt, installMs };
  } finally {
    stop = true;
    await inserter.catch(() => {});
    await app.close();
  }
}

export async function benchInstall(o: InstallBenchOptions): Promise<BenchResult> {
  const template = await createBenchDatabase(o.serverUrl, 'install', { migrate: false });
  const copies: string[] = [];
  try {
    progress(`building STRUKT's production schema with ${o.rows} coach messages`);
    await template.sql.exec(PRODUCTION_SCHEMA);
    await seed(template.sql, o.rows);
    await template.sql.close();

    const copy = async (suffix: string) => {
      const name = `${template.name}_${suffix}`;
      const admin = await openPostgresSession(o.serverUrl);
      try {
        await admin.exec(`drop database if exists ${name} with (force)`);
        await admin.exec(`create database ${name} template ${template.name}`);
      } finally {
        await admin.close();
      }
      copies.push(name);
      return withDatabase(o.serverUrl, name);
    };

    progress('strukt-cron db migrate under a live insert load');
    const projectUrl = await copy('project');
    const projectSql = await openPostgresSession(projectUrl);
    const steps: { name: string; from: number; to: number }[] = [];
    let project: Observed;
    try {
      project = await underLoad(projectUrl, o.intervalMs, async () => {
        let last = performance.now();
        await migrateUp(projectSql, {
          onStep: ({ file }) => {
            const now = performance.now();
            steps.push({ name: file.replace(/^\d+_|\.sql$/g, ''), from: last, to: now });
            last = now;
          },
        });
      });
    } finally {
      await projectSql.close();
    }

    progress('the stored generated column (the straightforward form) under the same load');
    const baselineUrl = await copy('generated');
    const baselineSql = await openPostgresSession(baselineUrl);
    let baseline: Observed;
    try {
      baseline = await underLoad(baselineUrl, o.intervalMs, async () => {
        await baselineSql.exec(`begin; ${GENERATED_COLUMN} commit;`);
      });
    } finally {
      await baselineSql.close();
    }

    const longest = (x: Observed) => Math.max(...x.waits);
    const worst = project.waits.indexOf(longest(project));
    const worstAt = project.dueAt[worst]!;
    const during =
      steps.find((step) => worstAt >= step.from && worstAt < step.to)?.name ??
      'no migration (before or after)';
    return {
      name: 'install',
      parameters: { rows: o.rows, intervalMs: o.intervalMs },
      figures: [
        { ...atMost('longest insert wait during db migrate', longest(project) / 1000, 1, ' s') },
        { label: 'median insert wait during db migrate', value: formatMs(median(project.waits)) },
        { label: 'inserts during db migrate', value: String(project.waits.length) },
        { label: 'db migrate, all migrations', value: formatMs(project.installMs) },
        {
          label: 'longest insert wait, stored generated column',
          value: formatMs(longest(baseline)),
        },
        { label: 'stored generated column, alter table', value: formatMs(baseline.installMs) },
        {
          label: 'longest wait: migrations ÷ generated column',
          value: `${(longest(project) / longest(baseline)).toFixed(3)}×`,
        },
      ],
      notes: [
        `Per migration: ${steps.map((step) => `${step.name} ${formatMs(step.to - step.from)}`).join(', ')}.`,
        `The longest insert wait of db migrate began during: ${during}.`,
        'The wait of an insert runs from when it was due (every interval) to when it returned, so an insert queued behind a lock counts the whole time it queued.',
        'The generated column rewrites ai_coach_logs under an ACCESS EXCLUSIVE lock: every insert waits for the whole rewrite.',
      ],
    };
  } finally {
    const admin = await openPostgresSession(o.serverUrl);
    try {
      for (const name of copies)
        if (!o.keep) await admin.exec(`drop database if exists ${name} with (force)`);
    } finally {
      await admin.close();
    }
    await template.finish({ keep: o.keep });
  }
}
