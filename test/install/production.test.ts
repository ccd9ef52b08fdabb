import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/db/migrate.ts';
import { planRefreshJob } from '../../src/jobs/planRefresh.ts';
import { userStatusJob } from '../../src/jobs/userStatus.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { renderRecentRuns, type RecentRun } from '../../src/runs/markdownSummary.ts';
import { readMonitoringReport } from '../../src/monitoring/report.ts';
import { catalogSnapshot, schemaDump } from '../support/catalog.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// Issue 13's acceptance, as a STRUKT operator meets it: the production schema with rows the app
// and the original Phase 3 already wrote → `db migrate` → the three jobs → every old row and old
// run still there, old runs in the report → `db rollback --all` → the schema exactly as found.

/** One hour after the Sunday 20:00 UTC slot: digest period 2 Nov 20:00 → 9 Nov 20:00; status window 6 Nov 21:00 →. */
const AS_OF = '2025-11-09T21:00:00Z';
const PERIOD_START = '2025-11-02T20:00:00+00';

const USERS = {
  /** Consenting, London: stressed on three local days of the status window. */
  stressed: '00000000-0000-4000-8000-0000000000a1',
  /** No consent; everything logged the app's older way (by day, no instant; sleep without wake_time). */
  dayOnly: '00000000-0000-4000-8000-0000000000b2',
  /** Active 20 days ago, silent since. */
  lapsed: '00000000-0000-4000-8000-0000000000c3',
  /** A stale manual plan (version 1). */
  planned: '00000000-0000-4000-8000-0000000000d4',
  /** Two plans numbered 1: data a unique (user_id, version) index would refuse. */
  duplicated: '00000000-0000-4000-8000-0000000000e5',
};

/** Tables STRUKT had before the install, with the rows it wrote (the install must lose none). */
const PRE_EXISTING = [
  'auth.users',
  'public.user_profiles',
  'public.user_consents',
  'public.ai_coach_logs',
  'public.workouts',
  'public.meals',
  'public.sleep_logs',
  'public.mood_logs',
  'public.ai_coach_notes',
  'public.coach_notifications',
  'public.plans',
  'admin.system_cron_logs',
  'public.chat_interactions',
] as const;

async function fillAsTheAppDid(t: TestDatabase): Promise<void> {
  const u = USERS;
  await t.sql.exec(`
    insert into auth.users (id, email) values
      ('${u.stressed}', 'stressed@example.test'), ('${u.dayOnly}', 'dayonly@example.test'),
      ('${u.lapsed}', 'lapsed@example.test'), ('${u.planned}', 'planned@example.test'),
      ('${u.duplicated}', 'duplicated@example.test');
    insert into public.user_profiles (user_id, full_name, email, timezone, primary_goal, days_per_week,
        session_minutes, workout_location, coaching_tone, onboarding_completed, is_pregnant_or_breastfeeding,
        allergies, daily_kcal_target, macro_targets)
    values
      ('${u.stressed}', 'Sally Stress', 'stressed@example.test', 'Europe/London', 'lose weight', 3, 45, 'home',
       'gentle', true, false, '{}', null, null),
      ('${u.dayOnly}', 'Dan Day', 'dayonly@example.test', null, 'build strength', 4, 60, 'gym',
       'direct', false, false, '{}', null, null),
      ('${u.lapsed}', 'Lara Lapse', 'lapsed@example.test', 'America/New_York', null, null, null, null,
       null, false, false, '{}', null, null),
      ('${u.planned}', 'Pia Plan', 'planned@example.test', 'UTC', 'general fitness', 3, 30, 'home',
       'cheerleader', true, true, '{peanuts}', 2100, '{"protein_g": 120, "carbs_g": 220, "fat_g": 70}'),
      ('${u.duplicated}', 'Dora Dup', 'duplicated@example.test', 'UTC', 'general fitness', 2, 40, 'gym',
       'brief', true, false, '{}', null, null);
    insert into public.user_consents (user_id, consent_type, granted, granted_at)
      values ('${u.stressed}', 'openai_processing', true, '2025-10-01T00:00:00Z');

    -- Coach chat: the stressed user's own words on 7 and 8 Nov (London), an AI reply that is not evidence.
    insert into public.ai_coach_logs (user_id, session_id, user_message, ai_response, issues, "timestamp", created_at)
    values
      ('${u.stressed}', 's1', 'Work has me so stressed this week', 'That sounds hard.', '{}',
       '2025-11-07T10:00:00Z', '2025-11-07T10:00:00Z'),
      ('${u.stressed}', 's1', 'Feeling overwhelmed again', 'You are not alone in feeling stressed.', null,
       '2025-11-08T10:00:00Z', '2025-11-08T10:00:00Z'),
      ('${u.lapsed}', 's9', 'Hello coach', 'Hi! Feeling stressed?', '{}', '2025-10-20T12:00:00Z', '2025-10-20T12:00:00Z');
    insert into public.mood_logs (user_id, mood_score, stress_level, notes, date)
      values ('${u.stressed}', 5, 8, 'long day', '2025-11-09');

    insert into public.workouts (user_id, type, workout_type, duration_minutes, perceived_exertion, date, workout_date)
    values
      ('${u.stressed}', 'run', 'cardio', 30, 6, '2025-11-05', '2025-11-05T18:00:00Z'),
      ('${u.dayOnly}', 'lift', null, 50, null, '2025-11-05', null);
    insert into public.meals (user_id, description, calories, date, "timestamp")
    values
      ('${u.stressed}', 'porridge', 420, '2025-11-06', '2025-11-06T08:00:00Z'),
      ('${u.dayOnly}', 'rice bowl', 650, '2025-11-05', null);
    insert into public.sleep_logs (user_id, duration_minutes, quality, bedtime, wake_time, created_at)
    values
      ('${u.stressed}', 420, 'ok', '2025-11-05T23:00:00Z', '2025-11-06T06:00:00Z', '2025-11-06T06:05:00Z'),
      ('${u.dayOnly}', 480, 'great', null, null, '2025-11-06T07:00:00Z');

    -- What the app and the original Phase 3 wrote before the install.
    insert into public.ai_coach_notes (user_id, note, type, created_at)
      values ('${u.stressed}', 'An earlier weekly summary.', 'weekly_summary', '2025-10-26T20:00:00Z');
    insert into public.coach_notifications (user_id, message, type, priority, created_at)
      values ('${u.stressed}', 'An earlier check-in.', 'ai_coach_proactive', 'normal', '2025-10-20T08:00:00Z');
    insert into public.plans (user_id, plan_data, version, generation_method, created_at)
    values
      ('${u.planned}', '{"training": {"overview": "old"}}', 1, 'manual', '2025-09-01T00:00:00Z'),
      ('${u.duplicated}', '{"training": {"overview": "a"}}', 1, 'ai', '2025-09-01T00:00:00Z'),
      ('${u.duplicated}', '{"training": {"overview": "b"}}', 1, 'ai', '2025-09-02T00:00:00Z');
    insert into admin.system_cron_logs (function_name, run_status, run_time, details, duration_ms, attempts, error_message)
    values
      ('generateWeeklyDigest', 'success', '2025-11-02T20:00:05Z', '{"users_processed": 12}', 4200, 1, null),
      ('checkUserStatus', 'error', '2025-11-08T08:00:03Z', null, 900, 3, 'OpenAI timeout'),
      ('checkUserStatus', 'success', '2025-11-09T08:00:02Z', '{"users_checked": 40}', 1300, null, null);
    insert into public.chat_interactions (user_id, message, response)
      values ('${u.stressed}', 'an older chat', 'kept as it was');
  `);
}

/** Every row of every pre-existing table, as JSON, keyed by table. */
async function rowsOf(t: TestDatabase): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of PRE_EXISTING) {
    const rows = await t.sql.query<{ row: string }>(
      `select to_jsonb(x)::text as row from ${table} x order by 1`,
    );
    out[table] = rows.map((r) => r.row);
  }
  return out;
}

/** The rows of `before` that no row of the table now contains (columns added since are ignored). */
async function missingRows(t: TestDatabase, table: string, before: string[]): Promise<string[]> {
  const rows = await t.sql.query<{ row: string }>(
    `select r.value::text as row from jsonb_array_elements($1::jsonb) r
     where not exists (select 1 from ${table} x where to_jsonb(x) @> r.value)`,
    [JSON.stringify(before.map((row) => JSON.parse(row) as unknown))],
  );
  return rows.map((r) => r.row);
}

describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
] as const)('installing onto STRUKT’s production database on %s', (_label, embedded) => {
  let t: TestDatabase;
  let schemaBefore: string[];
  let dumpBefore: string[] | null = null;
  let rowsBefore: Record<string, string[]>;

  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false, embedded });
    await fillAsTheAppDid(t);
    schemaBefore = await catalogSnapshot(t.sql);
    if (t.url) dumpBefore = await schemaDump(t.url);
    rowsBefore = await rowsOf(t);
    await migrateUp(t.sql);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('reads the real columns: day-only rows count on their day, a sleep log on its wake or creation day', async () => {
    const rows = await t.db.call<{ user_id: string; workouts: number; meals: number; sleep_nights: number }>(
      'cron_digest_candidates',
      { p_period_start: PERIOD_START, p_period_end: '2025-11-09T20:00:00+00' },
    );
    const byUser = new Map(rows.map((r) => [r.user_id, r]));
    expect(byUser.get(USERS.dayOnly)).toMatchObject({ workouts: 1, meals: 1, sleep_nights: 1 });
    expect(byUser.get(USERS.stressed)).toMatchObject({ workouts: 1, meals: 1, sleep_nights: 1 });
    expect(byUser.has(USERS.lapsed)).toBe(false);
  });

  it('queues one high-priority check-in for three stressful London days, and no second run duplicates it', async () => {
    const report = await runTestJob(userStatusJob, t.db, testOptions(AS_OF));
    expect(report.status).toBe('success');
    await runTestJob(userStatusJob, t.db, testOptions(AS_OF));
    const queued = await t.sql.query<{ user_id: string; type: string; priority: string; status: string }>(
      `select user_id, type, priority, status from public.coach_notifications
       where created_at > '2025-11-01' order by user_id, type`,
    );
    expect(queued).toContainEqual({
      user_id: USERS.stressed,
      type: 'ai_coach_proactive',
      priority: 'high',
      status: 'pending',
    });
    expect(queued.filter((n) => n.type === 'ai_coach_proactive')).toHaveLength(1);
    expect(queued.some((n) => n.user_id === USERS.dayOnly)).toBe(false);
  });

  it('writes one digest per active user for the period, next to the notes the app already had', async () => {
    const report = await runTestJob(weeklyDigestJob, t.db, testOptions(AS_OF));
    expect(report.status).toBe('success');
    const notes = await t.sql.query<{ user_id: string; period_start: string | null; note: string }>(
      `select user_id, period_start::text, note from public.ai_coach_notes order by user_id, created_at`,
    );
    const forPeriod = notes.filter((n) => n.period_start !== null);
    expect(forPeriod.map((n) => n.user_id).sort()).toEqual([USERS.stressed, USERS.dayOnly].sort());
    expect(notes).toContainEqual({
      user_id: USERS.stressed,
      period_start: null,
      note: 'An earlier weekly summary.',
    });
  });

  it('writes each stale plan as the next version, once, in the app’s plan shape and methods', async () => {
    const report = await runTestJob(planRefreshJob, t.db, testOptions(AS_OF));
    expect(report.status).toBe('success');
    await runTestJob(planRefreshJob, t.db, testOptions(AS_OF));
    const plans = await t.sql.query<{
      user_id: string;
      version: number;
      generation_method: string;
      fallback_reason: string | null;
      sections: string[];
    }>(
      `select user_id, version, generation_method, fallback_reason,
              array(select jsonb_object_keys(plan_data) order by 1) as sections
       from public.plans where created_at > '2025-11-01' order by user_id`,
    );
    expect(plans.map((p) => [p.user_id, p.version])).toEqual([
      [USERS.stressed, 1],
      [USERS.planned, 2],
      [USERS.duplicated, 2],
    ]);
    for (const plan of plans) {
      expect(['ai', 'fallback', 'manual']).toContain(plan.generation_method);
      if (plan.generation_method === 'fallback') expect(plan.fallback_reason).toBeTruthy();
      expect(plan.sections).toEqual(['coaching', 'nutrition', 'recovery', 'training']);
    }
    const [index] = await t.sql.query<{ present: boolean }>(
      `select to_regclass('public.strukt_plans_user_version_key') is not null as present`,
    );
    // The existing duplicate (user 'duplicated', version 1) keeps the unique index out.
    expect(index!.present).toBe(false);
  });

  it('shows the runs the original Phase 3 logged beside the new ones, in one table', async () => {
    // The new runs are logged at the real time of running, a year after the old ones.
    const report = await readMonitoringReport(t.db, 800, new Date());
    const rates = new Map(report.successRates.map((r) => [r.function_name, r.total_runs]));
    expect(rates.get('checkUserStatus')).toBe(2 + 2);
    expect(rates.get('generateWeeklyDigest')).toBe(1 + 1);
    expect(report.recentErrors).toContainEqual(
      expect.objectContaining({
        function_name: 'checkUserStatus',
        error_message: 'OpenAI timeout',
        attempts: 3,
      }),
    );
    const recent = await t.db.call<RecentRun>('cron_recent_runs', {
      p_function_name: 'checkUserStatus',
      p_limit: 10,
    });
    expect(recent).toHaveLength(4);
    expect(recent.every((r) => typeof r.run_id === 'string' && r.attempts >= 1)).toBe(true);
    // The job summary's recent-runs table lists the original Phase 3's runs too.
    const table = renderRecentRuns(recent).join('\n');
    expect(table).toContain('| 2025-11-08 08:00 | ❌ error | 900 ms | 3 |');
    expect(table).toContain('| 2025-11-09 08:00 | ✅ success | 1.3 s | 1 |');
  });

  it('keeps every row it found, and rolls back to exactly the schema it found', async () => {
    for (const table of PRE_EXISTING) {
      expect(await missingRows(t, table, rowsBefore[table]!), table).toEqual([]);
    }
    await migrateDown(t.sql, 'all');
    expect(await catalogSnapshot(t.sql)).toEqual(schemaBefore);
    if (t.url) expect(await schemaDump(t.url)).toEqual(dumpBefore);
    const after = await rowsOf(t);
    for (const table of PRE_EXISTING) {
      expect(after[table], table).toEqual(expect.arrayContaining(rowsBefore[table]!));
    }
    // What the jobs wrote stays too: the STRUKT app may already have shown it to its users.
    expect(after['public.ai_coach_notes']!.length).toBe(rowsBefore['public.ai_coach_notes']!.length + 2);
  });
});
