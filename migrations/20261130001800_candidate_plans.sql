-- Why: reading the weekly digest's candidates took 13.6 s to 45 s a page at 20,000 users, and
-- counting them 28 s to 41 s, where a page of the user-status check takes a fraction of a second
-- (docs/benchmarks.md, digest). Two causes, both in how PostgreSQL planned the old functions:
--  - A SQL function's statement is planned once per call without its arguments' values. With the
--    period unknown, ai_coach_logs' "timestamp" index looked selective, so every per-user probe
--    (strukt.has_activity, the message count, the excerpts) ANDed it with the user_id index and
--    read the whole period's index entries of every user: ~2.3 ms a user at 20,000 users.
--  - The page ("the first 1,000 users after the cursor with activity and no digest") was estimated
--    at a few hundred rows, so PostgreSQL checked every profile after the cursor and sorted them,
--    or hashed the period's activity of every user, instead of walking the primary key and
--    stopping at the 1,000th candidate. Each page cost as much as the whole run's users.
-- So a page is now driven by the profiles: the candidate functions walk user_profiles' primary
-- key from the cursor in chunks and only then look up each chunk's users, one index probe each
-- (existing digest, activity, latest plan, figures), until the page is full. They are PL/pgSQL
-- with plan_cache_mode = force_custom_plan, so every statement is planned with the call's own
-- period, cursor and filters. The probes are scalar subqueries, which PostgreSQL runs per row and
-- never turns into a hash over every user's rows. cron_plan_candidates was fast only by luck of
-- its estimates (planned with its values, it sorted all 20,000 profiles for each page), so it is
-- chunked the same way.
-- Decisions are unchanged: the same rules as strukt.has_activity (whose copy here must change
-- with it) and strukt.in_page (keyset, users, shard; written out, see below).
--
-- Also (issue 16, item 5): cron_plan_candidates reads the wellness window it is given,
-- p_window_days (src/jobs/registry.ts, plan-refresh's windowDays), instead of its own 7 days; the
-- default keeps today's value for older callers. cron_plan_pending_count accepts it too, because
-- the job passes the candidates' arguments to the count; the window never changes who is a
-- candidate. Both refuse a window outside 1..366 days. The digest's window already comes from
-- its caller (p_period_start, p_period_end).
--
-- Safe on a live database: functions only, no table is read or locked.
set local lock_timeout = '5s';

------------------------------------------------------------------------------------------------
-- Weekly digest
------------------------------------------------------------------------------------------------

-- Users with activity in the period and no digest for it yet, with their week's figures and up
-- to 10 recent excerpts of their own messages (emails and phone numbers removed, <= 200 chars),
-- and how the template greets them: first name (the first word of full_name), tone, persona.
-- Same arguments and columns as before (create or replace keeps the grants).
create or replace function public.cron_digest_candidates(
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000
)
returns table (
  user_id uuid,
  has_consent boolean,
  workouts integer,
  workout_minutes integer,
  meals integer,
  avg_calories numeric,
  sleep_nights integer,
  avg_sleep_hours numeric,
  mood_entries integer,
  avg_mood numeric,
  avg_stress numeric,
  messages integer,
  excerpts text[],
  first_name text,
  coaching_tone text,
  coaching_persona text
)
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  v_limit constant integer := least(greatest(p_limit, 1), 1000);
  -- The chunk of profiles is (v_from, v_to] in key order; v_from null is the start.
  v_from uuid := p_after;
  v_to uuid;
  v_read integer;
  v_chunk integer := v_limit;
  v_left integer := v_limit;
  v_found integer;
begin
  loop
    -- The next profiles after the cursor: a range of the primary key, read in order and cut at
    -- v_chunk, whatever their activity.
    -- v_to is its last key, v_read how many it holds (uuid has no max()).
    select c.user_id, c.n into v_to, v_read
    from (
      select p.user_id, pg_catalog.row_number() over (order by p.user_id)::integer as n
      from public.user_profiles p
      -- strukt.in_page's rule (keyset, users, shard), written out: in_page pins search_path, so it
      -- is never inlined; called once per profile it cost ~30 µs and hid its filters from the
      -- planner. Planned with the call's values, a users filter reads those users by key and one
      -- shard needs no md5.
      where p.user_id >= coalesce(v_from, '00000000-0000-0000-0000-000000000000'::uuid)
        and (v_from is null or p.user_id > v_from)
        and (p_users is null or p.user_id = any (p_users))
        and case when p_shard_count <= 1 then p_shard_index = 0
                 else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
      order by p.user_id
      limit v_chunk
    ) c
    order by c.n desc
    limit 1;
    exit when v_read is null;

    return query
    with chunk as materialized (
      select p.user_id, p.full_name, p.coaching_tone, p.coaching_persona, p.timezone, t.name as known_zone
      from public.user_profiles p
      left join strukt.time_zones t on t.name = p.timezone
      where p.user_id >= coalesce(v_from, '00000000-0000-0000-0000-000000000000'::uuid)
        and p.user_id <= v_to
        and (v_from is null or p.user_id > v_from)
        and (p_users is null or p.user_id = any (p_users))
        and case when p_shard_count <= 1 then p_shard_index = 0
                 else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
        -- No digest for the period yet: one probe of strukt_ai_coach_notes_period_key.
        and (select true from public.ai_coach_notes n
             where n.user_id = p.user_id and n.type = 'weekly_summary' and n.period_start = p_period_start
             limit 1) is null
    ),
    -- Zone names strukt.time_zones lacks (a later tzdata's, or none at all), looked up in
    -- pg_timezone_names, which reads every zone file (~40 ms): once per statement and only if a
    -- profile needs it, not once per such profile and use of its zone.
    other_zones as materialized (
      select n.name
      from pg_catalog.pg_timezone_names n
      where exists (select from chunk c where c.known_zone is null and c.timezone is not null)
        and n.name in (select c.timezone from chunk c where c.known_zone is null)
    ),
    days as (
      select c.user_id, c.full_name, c.coaching_tone, c.coaching_persona, z.tz,
             (p_period_start at time zone z.tz)::date as first_day,
             ((p_period_end - interval '1 microsecond') at time zone z.tz)::date as last_day
      from chunk c
      cross join lateral (
        select coalesce(c.known_zone, (select o.name from other_zones o where o.name = c.timezone), 'UTC') as tz
      ) z
    ),
    page as materialized (
      select d.*
      from days d
      -- Any activity in the period (strukt.has_activity's rule), each table probed through its
      -- user_id index and the first row found ending the search.
      where (select true from (
               select from public.ai_coach_logs l
               where l.user_id = d.user_id and l."timestamp" >= p_period_start and l."timestamp" < p_period_end
               union all
               select from public.workouts w
               where w.user_id = d.user_id
                 and case when w.workout_date is not null
                          then w.workout_date >= p_period_start and w.workout_date < p_period_end
                          else w.date between d.first_day and d.last_day end
               union all
               select from public.meals m
               where m.user_id = d.user_id
                 and case when m."timestamp" is not null
                          then m."timestamp" >= p_period_start and m."timestamp" < p_period_end
                          else m.date between d.first_day and d.last_day end
               union all
               select from public.sleep_logs s
               where s.user_id = d.user_id
                 and coalesce(s.wake_time, s.created_at) >= p_period_start
                 and coalesce(s.wake_time, s.created_at) < p_period_end
               union all
               select from public.mood_logs o
               where o.user_id = d.user_id and o.date between d.first_day and d.last_day
             ) any_activity limit 1)
      order by d.user_id
      limit v_left
    )
    select
      page.user_id,
      strukt.has_ai_consent(page.user_id),
      w.n, w.minutes, m.n, m.avg_calories, s.n, s.avg_hours, o.n, o.avg_mood, o.avg_stress,
      l.n, coalesce(x.excerpts, '{}'),
      (pg_catalog.regexp_match(page.full_name, '[^[:space:]]+'))[1], page.coaching_tone, page.coaching_persona
    from page
    cross join lateral (
      select count(*)::integer as n, coalesce(sum(w.duration_minutes), 0)::integer as minutes
      from public.workouts w
      where w.user_id = page.user_id
        and case when w.workout_date is not null then w.workout_date >= p_period_start and w.workout_date < p_period_end
                 else w.date between page.first_day and page.last_day end
    ) w
    cross join lateral (
      select count(*)::integer as n, round(avg(m.calories))::numeric as avg_calories
      from public.meals m
      where m.user_id = page.user_id
        and case when m."timestamp" is not null then m."timestamp" >= p_period_start and m."timestamp" < p_period_end
                 else m.date between page.first_day and page.last_day end
    ) m
    cross join lateral (
      select count(*)::integer as n, round(avg(s.duration_minutes) / 60.0, 1) as avg_hours
      from public.sleep_logs s
      where s.user_id = page.user_id
        and coalesce(s.wake_time, s.created_at) >= p_period_start and coalesce(s.wake_time, s.created_at) < p_period_end
    ) s
    cross join lateral (
      select count(*)::integer as n, round(avg(o.mood_score), 1) as avg_mood, round(avg(o.stress_level), 1) as avg_stress
      from public.mood_logs o
      where o.user_id = page.user_id and o.date between page.first_day and page.last_day
    ) o
    cross join lateral (
      select count(*)::integer as n
      from public.ai_coach_logs a
      where a.user_id = page.user_id and a."timestamp" >= p_period_start and a."timestamp" < p_period_end
    ) l
    cross join lateral (
      select array_agg(e.excerpt order by e.ts desc) as excerpts
      from (
        select left(
                 regexp_replace(
                   regexp_replace(a.user_message, '[[:alnum:]._%+-]+@[[:alnum:].-]+\.[[:alpha:]]{2,}', '[email]', 'g'),
                   '\+?[0-9][0-9 ().-]{6,}[0-9]', '[phone]', 'g'),
                 200) as excerpt,
               a."timestamp" as ts
        from public.ai_coach_logs a
        where a.user_id = page.user_id and a."timestamp" >= p_period_start and a."timestamp" < p_period_end
          and btrim(a.user_message) <> ''
        order by a."timestamp" desc
        limit 10
      ) e
    ) x
    order by page.user_id;

    get diagnostics v_found = row_count;
    v_left := v_left - v_found;
    exit when v_left = 0 or v_read < v_chunk;
    v_from := v_to;
    -- Few candidates among these profiles (most already have their digest, or were inactive):
    -- larger chunks, so a sparse stretch costs a few statements, not one per 1,000 profiles.
    -- Capped because the chunk's profiles are all probed before the page is cut.
    v_chunk := least(v_chunk * 4, 16000);
  end loop;
end
$$;

-- How many digest candidates remain after p_after (for a run that stops at its time budget, and
-- the progress display). Exact: the run's report counts the users left to the next run with it.
-- Same rule as cron_digest_candidates, probe for probe, over every profile after the cursor.
create or replace function public.cron_digest_pending_count(
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null
)
returns integer
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  return (
    with chunk as materialized (
      select p.user_id, p.timezone, t.name as known_zone
      from public.user_profiles p
      left join strukt.time_zones t on t.name = p.timezone
      where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
        and (p_after is null or p.user_id > p_after)
        and (p_users is null or p.user_id = any (p_users))
        and case when p_shard_count <= 1 then p_shard_index = 0
                 else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
        and (select true from public.ai_coach_notes n
             where n.user_id = p.user_id and n.type = 'weekly_summary' and n.period_start = p_period_start
             limit 1) is null
    ),
    -- As in cron_digest_candidates: the zone view read once, and only if needed.
    other_zones as materialized (
      select n.name
      from pg_catalog.pg_timezone_names n
      where exists (select from chunk c where c.known_zone is null and c.timezone is not null)
        and n.name in (select c.timezone from chunk c where c.known_zone is null)
    ),
    days as (
      select c.user_id,
             (p_period_start at time zone z.tz)::date as first_day,
             ((p_period_end - interval '1 microsecond') at time zone z.tz)::date as last_day
      from chunk c
      cross join lateral (
        select coalesce(c.known_zone, (select o.name from other_zones o where o.name = c.timezone), 'UTC') as tz
      ) z
    )
    select count(*)::integer
    from days d
    where (select true from (
             select from public.ai_coach_logs l
             where l.user_id = d.user_id and l."timestamp" >= p_period_start and l."timestamp" < p_period_end
             union all
             select from public.workouts w
             where w.user_id = d.user_id
               and case when w.workout_date is not null
                        then w.workout_date >= p_period_start and w.workout_date < p_period_end
                        else w.date between d.first_day and d.last_day end
             union all
             select from public.meals m
             where m.user_id = d.user_id
               and case when m."timestamp" is not null
                        then m."timestamp" >= p_period_start and m."timestamp" < p_period_end
                        else m.date between d.first_day and d.last_day end
             union all
             select from public.sleep_logs s
             where s.user_id = d.user_id
               and coalesce(s.wake_time, s.created_at) >= p_period_start
               and coalesce(s.wake_time, s.created_at) < p_period_end
             union all
             select from public.mood_logs o
             where o.user_id = d.user_id and o.date between d.first_day and d.last_day
           ) any_activity limit 1)
  );
end
$$;

------------------------------------------------------------------------------------------------
-- Plan refresh
------------------------------------------------------------------------------------------------

-- Refuses a wellness window the plan refresh cannot mean: null, under a day or over a year.
create function strukt.check_window_days(p_window_days integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_window_days is null or p_window_days < 1 or p_window_days > 366 then
    raise exception 'p_window_days must be a whole number of days from 1 to 366, got %',
      coalesce(p_window_days::text, 'null')
      using errcode = '22023',
            hint = 'Pass the job''s windowDays (src/jobs/registry.ts), or leave it out for 7.';
  end if;
end
$$;
revoke all on function strukt.check_window_days(integer) from public;

-- Onboarded users with no plan or a plan older than p_stale_days (or exactly p_users, when given),
-- with the profile fields a plan depends on (never name, email or free notes beyond them) and the
-- wellness context of the p_window_days days before p_as_of. New signature (p_window_days, last):
-- the old function is dropped, so no call can reach a copy with its own window.
drop function public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer);
create function public.cron_plan_candidates(
  p_as_of timestamptz,
  p_stale_days integer default 28,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000,
  p_window_days integer default 7
)
returns table (
  user_id uuid,
  has_consent boolean,
  latest_version integer,
  primary_goal text,
  experience_level text,
  days_per_week integer,
  session_minutes integer,
  equipment_access text[],
  workout_location text,
  injuries text[],
  conditions text[],
  contraindications text[],
  is_pregnant_or_breastfeeding boolean,
  is_recovering_from_surgery boolean,
  allergies text[],
  intolerances text[],
  diet_pattern text,
  faith_diet_rules text[],
  daily_kcal_target integer,
  macro_targets jsonb,
  coaching_tone text,
  coaching_persona text,
  workouts integer,
  workout_minutes integer,
  avg_sleep_hours numeric,
  avg_mood numeric,
  avg_stress numeric,
  stressful_days integer,
  meals_logged integer
)
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
#variable_conflict use_column
declare
  v_limit constant integer := least(greatest(p_limit, 1), 1000);
  -- As in cron_digest_candidates: chunks (v_from, v_to] of the primary key, probed per user.
  v_from uuid := p_after;
  v_to uuid;
  v_read integer;
  v_chunk integer := v_limit;
  v_left integer := v_limit;
  v_found integer;
begin
  perform strukt.check_window_days(p_window_days);
  loop
    -- The next profiles after the cursor, in key order (strukt.in_page's keyset and shard rule,
    -- written out as in cron_digest_candidates; p_users is the case below, as before).
    select c.user_id, c.n into v_to, v_read
    from (
      select p.user_id, pg_catalog.row_number() over (order by p.user_id)::integer as n
      from public.user_profiles p
      where p.user_id >= coalesce(v_from, '00000000-0000-0000-0000-000000000000'::uuid)
        and (v_from is null or p.user_id > v_from)
        and (p_users is null or p.user_id = any (p_users))
        and case when p_shard_count <= 1 then p_shard_index = 0
                 else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
      order by p.user_id
      limit v_chunk
    ) c
    order by c.n desc
    limit 1;
    exit when v_read is null;

    return query
    with page as materialized (
      select p.*, latest.version as latest_version,
             coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = p.timezone), 'UTC') as tz
      from public.user_profiles p
      left join strukt.time_zones t on t.name = p.timezone
      left join lateral (
        select pl.version, pl.created_at from public.plans pl
        where pl.user_id = p.user_id order by pl.version desc, pl.created_at desc limit 1
      ) latest on true
      where p.user_id >= coalesce(v_from, '00000000-0000-0000-0000-000000000000'::uuid)
        and p.user_id <= v_to
        and (v_from is null or p.user_id > v_from)
        and case when p_shard_count <= 1 then p_shard_index = 0
                 else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
        and case
              when p_users is not null then p.user_id = any (p_users)
              else coalesce(p.onboarding_completed, false)
                   and (latest.version is null or latest.created_at < p_as_of - make_interval(days => p_stale_days))
            end
      order by p.user_id
      limit v_left
    ),
    span as (
      select page.*, p_as_of - make_interval(days => p_window_days) as from_ts,
             ((p_as_of - make_interval(days => p_window_days)) at time zone page.tz)::date as first_day,
             ((p_as_of - interval '1 microsecond') at time zone page.tz)::date as last_day
      from page
    )
    select
      span.user_id,
      strukt.has_ai_consent(span.user_id),
      coalesce(span.latest_version, 0), span.primary_goal, span.experience_level,
      span.days_per_week, span.session_minutes, span.equipment_access, span.workout_location,
      span.injuries, span.conditions, span.contraindications, span.is_pregnant_or_breastfeeding,
      span.is_recovering_from_surgery, span.allergies, span.intolerances, span.diet_pattern, span.faith_diet_rules,
      span.daily_kcal_target, span.macro_targets, span.coaching_tone, span.coaching_persona,
      w.n, w.minutes, s.avg_hours, o.avg_mood, o.avg_stress,
      strukt.stress_days(span.user_id, span.tz, span.from_ts, p_as_of),
      m.n
    from span
    cross join lateral (
      select count(*)::integer as n, coalesce(sum(w.duration_minutes), 0)::integer as minutes
      from public.workouts w
      where w.user_id = span.user_id
        and case when w.workout_date is not null then w.workout_date >= span.from_ts and w.workout_date < p_as_of
                 else w.date between span.first_day and span.last_day end
    ) w
    cross join lateral (
      select round(avg(s.duration_minutes) / 60.0, 1) as avg_hours
      from public.sleep_logs s
      where s.user_id = span.user_id
        and coalesce(s.wake_time, s.created_at) >= span.from_ts and coalesce(s.wake_time, s.created_at) < p_as_of
    ) s
    cross join lateral (
      select round(avg(o.mood_score), 1) as avg_mood, round(avg(o.stress_level), 1) as avg_stress
      from public.mood_logs o
      where o.user_id = span.user_id and o.date between span.first_day and span.last_day
    ) o
    cross join lateral (
      select count(*)::integer as n
      from public.meals m
      where m.user_id = span.user_id
        and case when m."timestamp" is not null then m."timestamp" >= span.from_ts and m."timestamp" < p_as_of
                 else m.date between span.first_day and span.last_day end
    ) m
    order by span.user_id;

    get diagnostics v_found = row_count;
    v_left := v_left - v_found;
    exit when v_left = 0 or v_read < v_chunk;
    v_from := v_to;
    v_chunk := least(v_chunk * 4, 16000);
  end loop;
end
$$;

-- How many plan candidates remain after p_after (same rule as cron_plan_candidates). It takes the
-- candidates' arguments, p_window_days included (checked the same way), because the job passes
-- them to both; the window does not change who is a candidate.
drop function public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid);
create function public.cron_plan_pending_count(
  p_as_of timestamptz,
  p_stale_days integer default 28,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_window_days integer default 7
)
returns integer
language plpgsql
stable
security definer
set search_path = ''
set plan_cache_mode = force_custom_plan
as $$
begin
  perform strukt.check_window_days(p_window_days);
  return (
    select count(*)::integer
    from public.user_profiles p
    left join lateral (
      select pl.version, pl.created_at from public.plans pl
      where pl.user_id = p.user_id order by pl.version desc, pl.created_at desc limit 1
    ) latest on true
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and (p_after is null or p.user_id > p_after)
      and case when p_shard_count <= 1 then p_shard_index = 0
               else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
      and case
            when p_users is not null then p.user_id = any (p_users)
            else coalesce(p.onboarding_completed, false)
                 and (latest.version is null or latest.created_at < p_as_of - make_interval(days => p_stale_days))
          end
  );
end
$$;

revoke all on function
  public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer, integer),
  public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid, integer)
  from public, anon, authenticated;
grant execute on function
  public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer, integer),
  public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid, integer)
  to service_role;
