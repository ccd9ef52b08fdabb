/**
 * The candidate selection of the weekly digest and the plan refresh, timed at the run's size
 * against the straightforward query a reviewer would write first: one statement over every
 * profile, the existing digest left-joined away (or the latest plan), activity and consent as
 * EXISTS, the figures as lateral aggregates, no paging. Both return the same rows, which is
 * checked, so the ratio compares the same answer.
 */
import type { Period } from '../../src/domain/period.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { MAX_PAGE_SIZE } from '../../src/db/pages.ts';
import { STALE_PLAN_DAYS } from '../../src/jobs/planRefresh.ts';
import { getJob } from '../../src/domain/jobs.ts';
import { timed } from './measure.ts';

/**
 * The user's zone as the candidate functions read it, without their fallback to
 * pg_timezone_names for names strukt.time_zones lacks (the benchmark's users are all in UTC).
 */
const ZONE = `coalesce((select t.name from strukt.time_zones t where t.name = p.timezone), 'UTC')`;

/** The digest's rule in one plain statement: $1 period start, $2 period end. */
export const STRAIGHTFORWARD_DIGEST = `
  with candidates as (
    select p.user_id, p.full_name, p.coaching_tone, p.coaching_persona, z.tz,
           ($1::timestamptz at time zone z.tz)::date as first_day,
           (($2::timestamptz - interval '1 microsecond') at time zone z.tz)::date as last_day
    from public.user_profiles p
    cross join lateral (select ${ZONE} as tz) z
    left join public.ai_coach_notes n
      on n.user_id = p.user_id and n.type = 'weekly_summary' and n.period_start = $1
    where n.user_id is null
  )
  select c.user_id,
         exists (select 1 from public.user_consents k where k.user_id = c.user_id
                   and k.consent_type = 'openai_processing' and k.granted and k.withdrawn_at is null) as has_consent,
         w.n as workouts, w.minutes as workout_minutes, m.n as meals, m.avg_calories, s.n as sleep_nights,
         s.avg_hours as avg_sleep_hours, o.n as mood_entries, o.avg_mood, o.avg_stress, l.n as messages,
         coalesce(x.excerpts, '{}') as excerpts,
         (regexp_match(c.full_name, '[^[:space:]]+'))[1] as first_name, c.coaching_tone, c.coaching_persona
  from candidates c
  cross join lateral (
    select count(*)::integer as n, coalesce(sum(w.duration_minutes), 0)::integer as minutes from public.workouts w
    where w.user_id = c.user_id
      and case when w.workout_date is not null then w.workout_date >= $1 and w.workout_date < $2
               else w.date between c.first_day and c.last_day end) w
  cross join lateral (
    select count(*)::integer as n, round(avg(m.calories))::numeric as avg_calories from public.meals m
    where m.user_id = c.user_id
      and case when m."timestamp" is not null then m."timestamp" >= $1 and m."timestamp" < $2
               else m.date between c.first_day and c.last_day end) m
  cross join lateral (
    select count(*)::integer as n, round(avg(s.duration_minutes) / 60.0, 1) as avg_hours from public.sleep_logs s
    where s.user_id = c.user_id
      and coalesce(s.wake_time, s.created_at) >= $1 and coalesce(s.wake_time, s.created_at) < $2) s
  cross join lateral (
    select count(*)::integer as n, round(avg(o.mood_score), 1) as avg_mood, round(avg(o.stress_level), 1) as avg_stress
    from public.mood_logs o where o.user_id = c.user_id and o.date between c.first_day and c.last_day) o
  cross join lateral (
    select count(*)::integer as n from public.ai_coach_logs a
    where a.user_id = c.user_id and a."timestamp" >= $1 and a."timestamp" < $2) l
  cross join lateral (
    select array_agg(e.excerpt order by e.ts desc) as excerpts
    from (select left(regexp_replace(regexp_replace(a.user_message,
                   '[[:alnum:]._%+-]+@[[:alnum:].-]+\\.[[:alpha:]]{2,}', '[email]', 'g'),
                   '\\+?[0-9][0-9 ().-]{6,}[0-9]', '[phone]', 'g'), 200) as excerpt, a."timestamp" as ts
          from public.ai_coach_logs a
          where a.user_id = c.user_id and a."timestamp" >= $1 and a."timestamp" < $2 and btrim(a.user_message) <> ''
          order by a."timestamp" desc limit 10) e) x
  where l.n > 0 or w.n > 0 or m.n > 0 or s.n > 0 or o.n > 0
  order by c.user_id`;

/** How many digest candidates, the same way: the activity as EXISTS. */
export const STRAIGHTFORWARD_DIGEST_COUNT = `
  select count(*)::integer as n
  from public.user_profiles p
  cross join lateral (select ${ZONE} as tz) z
  left join public.ai_coach_notes n
    on n.user_id = p.user_id and n.type = 'weekly_summary' and n.period_start = $1
  where n.user_id is null
    and (exists (select 1 from public.ai_coach_logs a where a.user_id = p.user_id and a."timestamp" >= $1 and a."timestamp" < $2)
      or exists (select 1 from public.workouts w where w.user_id = p.user_id
                   and case when w.workout_date is not null then w.workout_date >= $1 and w.workout_date < $2
                            else w.date between ($1::timestamptz at time zone z.tz)::date
                                            and (($2::timestamptz - interval '1 microsecond') at time zone z.tz)::date end)
      or exists (select 1 from public.meals m where m.user_id = p.user_id
                   and case when m."timestamp" is not null then m."timestamp" >= $1 and m."timestamp" < $2
                            else m.date between ($1::timestamptz at time zone z.tz)::date
                                            and (($2::timestamptz - interval '1 microsecond') at time zone z.tz)::date end)
      or exists (select 1 from public.sleep_logs s where s.user_id = p.user_id
                   and coalesce(s.wake_time, s.created_at) >= $1 and coalesce(s.wake_time, s.created_at) < $2)
      or exists (select 1 from public.mood_logs o where o.user_id = p.user_id
                   and o.date between ($1::timestamptz at time zone z.tz)::date
                                  and (($2::timestamptz - interval '1 microsecond') at time zone z.tz)::date))`;

/** The plan refresh's rule in one plain statement: $1 as-of, $2 stale days, $3 window days. */
export const STRAIGHTFORWARD_PLANS = `
  with candidates as (
    select p.user_id, z.tz, $1::timestamptz - make_interval(days => $3) as from_ts,
           (($1::timestamptz - make_interval(days => $3)) at time zone z.tz)::date as first_day,
           (($1::timestamptz - interval '1 microsecond') at time zone z.tz)::date as last_day
    from public.user_profiles p
    cross join lateral (select ${ZONE} as tz) z
    left join lateral (
      select pl.version, pl.created_at from public.plans pl
      where pl.user_id = p.user_id order by pl.version desc, pl.created_at desc limit 1) latest on true
    where coalesce(p.onboarding_completed, false)
      and (latest.version is null or latest.created_at < $1::timestamptz - make_interval(days => $2))
  )
  select c.user_id,
         exists (select 1 from public.user_consents k where k.user_id = c.user_id
                   and k.consent_type = 'openai_processing' and k.granted and k.withdrawn_at is null) as has_consent,
         w.n as workouts, w.minutes as workout_minutes, s.avg_hours as avg_sleep_hours, o.avg_mood, o.avg_stress,
         strukt.stress_days(c.user_id, c.tz, c.from_ts, $1) as stressful_days, m.n as meals_logged
  from candidates c
  cross join lateral (
    select count(*)::integer as n, coalesce(sum(w.duration_minutes), 0)::integer as minutes from public.workouts w
    where w.user_id = c.user_id
      and case when w.workout_date is not null then w.workout_date >= c.from_ts and w.workout_date < $1
               else w.date between c.first_day and c.last_day end) w
  cross join lateral (
    select round(avg(s.duration_minutes) / 60.0, 1) as avg_hours from public.sleep_logs s
    where s.user_id = c.user_id
      and coalesce(s.wake_time, s.created_at) >= c.from_ts and coalesce(s.wake_time, s.created_at) < $1) s
  cross join lateral (
    select round(avg(o.mood_score), 1) as avg_mood, round(avg(o.stress_level), 1) as avg_stress
    from public.mood_logs o where o.user_id = c.user_id and o.date between c.first_day and c.last_day) o
  cross join lateral (
    select count(*)::integer as n from public.meals m
    where m.user_id = c.user_id
      and case when m."timestamp" is not null then m."timestamp" >= c.from_ts and m."timestamp" < $1
               else m.date between c.first_day and c.last_day end) m
  order by c.user_id`;

export interface SelectionTimes {
  /** Every page of the candidates function, 1,000 users each, as the job reads them (ms, one per round). */
  pages: number[];
  /** The straightforward statement (ms, one per round). */
  straightforward: number[];
  /** The pending count from the start (ms, one per round). */
  count: number[];
  /** The straightforward count (ms, one per round); absent for the plan refresh. */
  straightforwardCount: number[];
  candidates: number;
  /** Null when both return the same rows; else what differs. */
  mismatch: string | null;
}

type Row = Record<string, unknown> & { user_id: string };

async function allPages(sql: SqlClient, fn: string, args: string, params: unknown[]): Promise<Row[]> {
  const rows: Row[] = [];
  let after: string | null = null;
  const at = params.length + 1;
  for (;;) {
    const page: Row[] = await sql.query<Row>(
      `select * from public.${fn}(${args}, p_after => $${at}::uuid, p_limit => ${MAX_PAGE_SIZE})`,
      [...params, after],
    );
    rows.push(...page);
    if (page.length < MAX_PAGE_SIZE) return rows;
    after = page.at(-1)!.user_id;
  }
}

/** The columns both return, compared as JSON (numerics arrive as strings from both). */
function differences(a: Row[], b: Row[], columns: readonly string[]): string | null {
  if (a.length !== b.length) return `${a.length} rows against ${b.length}`;
  for (let i = 0; i < a.length; i += 1) {
    const left = JSON.stringify(columns.map((c) => a[i]![c]));
    const right = JSON.stringify(columns.map((c) => b[i]![c]));
    if (left !== right) return `row ${i} (${a[i]!.user_id}): ${left} against ${right}`;
  }
  return null;
}

const DIGEST_COLUMNS = [
  'user_id',
  'has_consent',
  'workouts',
  'workout_minutes',
  'meals',
  'avg_calories',
  'sleep_nights',
  'avg_sleep_hours',
  'mood_entries',
  'avg_mood',
  'avg_stress',
  'messages',
  'excerpts',
  'first_name',
  'coaching_tone',
  'coaching_persona',
] as const;
const PLAN_COLUMNS = [
  'user_id',
  'has_consent',
  'workouts',
  'workout_minutes',
  'avg_sleep_hours',
  'avg_mood',
  'avg_stress',
  'stressful_days',
  'meals_logged',
] as const;

/**
 * `rounds` rounds, each: all pages, the straightforward statement, the count, the straightforward
 * count, in that order, so that noise on the shared machine hits each alike. One warm-up round
 * first (not counted) reads the tables into the cache for both.
 */
export async function timeDigestSelection(
  sql: SqlClient,
  period: Period,
  rounds: number,
): Promise<SelectionTimes> {
  const params = [period.start.toISOString(), period.end.toISOString()];
  const times: SelectionTimes = {
    pages: [],
    straightforward: [],
    count: [],
    straightforwardCount: [],
    candidates: 0,
    mismatch: null,
  };
  for (let round = 0; round <= rounds; round += 1) {
    const paged = await timed(() =>
      allPages(sql, 'cron_digest_candidates', 'p_period_start => $1, p_period_end => $2', params),
    );
    const plain = await timed(() => sql.query<Row>(STRAIGHTFORWARD_DIGEST, params));
    const count = await timed(() =>
      sql.query<{ n: number }>(`select public.cron_digest_pending_count($1, $2) as n`, params),
    );
    const plainCount = await timed(() => sql.query<{ n: number }>(STRAIGHTFORWARD_DIGEST_COUNT, params));
    if (round === 0) {
      times.candidates = paged.value.length;
      times.mismatch =
        differences(paged.value, plain.value, DIGEST_COLUMNS) ??
        (count.value[0]?.n !== paged.value.length || plainCount.value[0]?.n !== paged.value.length
          ? `counts ${count.value[0]?.n} and ${plainCount.value[0]?.n} for ${paged.value.length} candidates`
          : null);
      continue;
    }
    times.pages.push(paged.ms);
    times.straightforward.push(plain.ms);
    times.count.push(count.ms);
    times.straightforwardCount.push(plainCount.ms);
  }
  return times;
}

/** The same for the plan refresh at `asOf`, with the registry's window and the job's stale age. */
export async function timePlanSelection(sql: SqlClient, asOf: Date, rounds: number): Promise<SelectionTimes> {
  const windowDays = getJob('plan-refresh').windowDays;
  const params = [asOf.toISOString(), STALE_PLAN_DAYS, windowDays];
  const times: SelectionTimes = {
    pages: [],
    straightforward: [],
    count: [],
    straightforwardCount: [],
    candidates: 0,
    mismatch: null,
  };
  for (let round = 0; round <= rounds; round += 1) {
    const paged = await timed(() =>
      allPages(sql, 'cron_plan_candidates', 'p_as_of => $1, p_stale_days => $2, p_window_days => $3', params),
    );
    const plain = await timed(() => sql.query<Row>(STRAIGHTFORWARD_PLANS, params));
    const count = await timed(() =>
      sql.query<{ n: number }>(
        `select public.cron_plan_pending_count($1, $2, p_window_days => $3) as n`,
        params,
      ),
    );
    if (round === 0) {
      times.candidates = paged.value.length;
      times.mismatch =
        differences(paged.value, plain.value, PLAN_COLUMNS) ??
        (count.value[0]?.n !== paged.value.length
          ? `count ${count.value[0]?.n} for ${paged.value.length} candidates`
          : null);
      continue;
    }
    times.pages.push(paged.ms);
    times.straightforward.push(plain.ms);
    times.count.push(count.ms);
  }
  return times;
}
