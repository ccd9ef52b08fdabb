-- Reverses candidate_plans: cron_digest_candidates as 20261130001100_stress_matcher_and_coach_voice
-- created it, cron_digest_pending_count, cron_plan_candidates and cron_plan_pending_count as
-- 20261130000800_job_functions created them (the plan functions without p_window_days, with their
-- grants), and no strukt.check_window_days.
drop function public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid, integer);
drop function public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer, integer);
drop function strukt.check_window_days(integer);

-- Same arguments and columns: create or replace keeps the grants.
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
language sql
stable
security definer
set search_path = ''
as $$
  with zoned as (
    select p.user_id, p.full_name, p.coaching_tone, p.coaching_persona,
           coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = p.timezone), 'UTC') as tz
    from public.user_profiles p
    left join strukt.time_zones t on t.name = p.timezone
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
      and not exists (select 1 from public.ai_coach_notes n
                      where n.user_id = p.user_id and n.type = 'weekly_summary'
                        and n.period_start = p_period_start)
  ),
  page as (
    select z.user_id, z.tz, z.full_name, z.coaching_tone, z.coaching_persona,
           (p_period_start at time zone z.tz)::date as first_day,
           ((p_period_end - interval '1 microsecond') at time zone z.tz)::date as last_day
    from zoned z
    where strukt.has_activity(z.user_id, z.tz, p_period_start, p_period_end)
    order by z.user_id
    limit least(greatest(p_limit, 1), 1000)
  )
  select
    page.user_id,
    strukt.has_ai_consent(page.user_id),
    w.n, w.minutes, m.n, m.avg_calories, s.n, s.avg_hours, o.n, o.avg_mood, o.avg_stress,
    l.n, coalesce(x.excerpts, '{}'),
    (pg_catalog.regexp_match(page.full_name, '[^[:space:]]+'))[1], page.coaching_tone, page.coaching_persona
  from page
  cross join lateral (
    select count(*)::integer as n, coalesce(sum(duration_minutes), 0)::integer as minutes
    from public.workouts w
    where w.user_id = page.user_id
      and case when w.workout_date is not null then w.workout_date >= p_period_start and w.workout_date < p_period_end
               else w.date between page.first_day and page.last_day end
  ) w
  cross join lateral (
    select count(*)::integer as n, round(avg(calories))::numeric as avg_calories
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
    select count(*)::integer as n, round(avg(mood_score), 1) as avg_mood, round(avg(stress_level), 1) as avg_stress
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
  order by page.user_id
$$;

create or replace function public.cron_digest_pending_count(
  p_period_start timestamptz,
  p_period_end timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null
)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  left join strukt.time_zones t on t.name = p.timezone
  where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
    and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
    and not exists (select 1 from public.ai_coach_notes n
                    where n.user_id = p.user_id and n.type = 'weekly_summary'
                      and n.period_start = p_period_start)
    and strukt.has_activity(p.user_id,
          coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = p.timezone), 'UTC'),
          p_period_start, p_period_end)
$$;

create function public.cron_plan_candidates(
  p_as_of timestamptz,
  p_stale_days integer default 28,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000
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
language sql
stable
security definer
set search_path = ''
as $$
  with page as (
    select p.*, latest.version as latest_version,
           coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = p.timezone), 'UTC') as tz
    from public.user_profiles p
    left join strukt.time_zones t on t.name = p.timezone
    left join lateral (
      select pl.version, pl.created_at from public.plans pl
      where pl.user_id = p.user_id order by pl.version desc, pl.created_at desc limit 1
    ) latest on true
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and strukt.in_page(p.user_id, null, p_shard_index, p_shard_count, p_after)
      and case
            when p_users is not null then p.user_id = any (p_users)
            else coalesce(p.onboarding_completed, false)
                 and (latest.version is null or latest.created_at < p_as_of - make_interval(days => p_stale_days))
          end
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  ),
  span as (
    select page.*, p_as_of - interval '7 days' as from_ts,
           ((p_as_of - interval '7 days') at time zone page.tz)::date as first_day,
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
    select count(*)::integer as n, coalesce(sum(duration_minutes), 0)::integer as minutes
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
    select round(avg(mood_score), 1) as avg_mood, round(avg(stress_level), 1) as avg_stress
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
  order by span.user_id
$$;

create function public.cron_plan_pending_count(
  p_as_of timestamptz,
  p_stale_days integer default 28,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null
)
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  left join lateral (
    select pl.version, pl.created_at from public.plans pl
    where pl.user_id = p.user_id order by pl.version desc, pl.created_at desc limit 1
  ) latest on true
  where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
    and strukt.in_page(p.user_id, null, p_shard_index, p_shard_count, p_after)
    and case
          when p_users is not null then p.user_id = any (p_users)
          else coalesce(p.onboarding_completed, false)
               and (latest.version is null or latest.created_at < p_as_of - make_interval(days => p_stale_days))
        end
$$;

revoke all on function
  public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer),
  public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid)
  from public, anon, authenticated;
grant execute on function
  public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer),
  public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid)
  to service_role;
