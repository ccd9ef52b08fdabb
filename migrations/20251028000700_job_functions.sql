-- Why: the jobs' set-based work. Each job pages through its candidates (keyset on user_id,
-- at most 1,000 rows a page: PostgREST's cap) and every row already carries the aggregates the
-- decision needs, so a run costs one call per page, never one per user. Writes are idempotent:
-- a digest per (user, period), a notification per cooldown, a plan per version.
-- All are for service_role only.

-- Which of n shards a user belongs to: the first 32 bits of md5(id), so every transport and
-- PostgreSQL version agrees.
create function strukt.shard_of(p_user_id uuid, p_shard_count integer)
returns integer
language sql
immutable
parallel safe
as $$
  select ((('x' || substr(md5(p_user_id::text), 1, 8))::bit(32)::bigint) % greatest(p_shard_count, 1))::integer
$$;

-- Days (in the user's own timezone) within [p_from, p_to) on which the user's own messages
-- showed stress or a mood log had stress_level >= 7 or mood_score <= 3.
create function strukt.stress_days(p_user_id uuid, p_timezone text, p_from timestamptz, p_to timestamptz)
returns integer
language sql
stable
as $$
  select count(distinct day)::integer
  from (
    select (l."timestamp" at time zone p_timezone)::date as day
    from public.ai_coach_logs l
    where l.user_id = p_user_id and l.stress_evidence
      and l."timestamp" >= p_from and l."timestamp" < p_to
    union
    select m.date
    from public.mood_logs m
    where m.user_id = p_user_id
      and m.date >= (p_from at time zone p_timezone)::date
      and m.date <= ((p_to - interval '1 microsecond') at time zone p_timezone)::date
      and (m.stress_level >= 7 or m.mood_score <= 3)
  ) d
$$;

-- Any activity of the user within [p_from, p_to): coach messages, workouts, meals, sleep, mood.
create function strukt.has_activity(p_user_id uuid, p_from timestamptz, p_to timestamptz)
returns boolean
language sql
stable
as $$
  select exists (select 1 from public.ai_coach_logs l where l.user_id = p_user_id
                   and l."timestamp" >= p_from and l."timestamp" < p_to)
      or exists (select 1 from public.workouts w where w.user_id = p_user_id
                   and w.performed_at >= p_from and w.performed_at < p_to)
      or exists (select 1 from public.meals m where m.user_id = p_user_id
                   and m.logged_at >= p_from and m.logged_at < p_to)
      or exists (select 1 from public.sleep_logs s where s.user_id = p_user_id
                   and s.date >= p_from::date and s.date < p_to::date)
      or exists (select 1 from public.mood_logs o where o.user_id = p_user_id
                   and o.date >= p_from::date and o.date < p_to::date)
$$;

grant execute on function strukt.shard_of(uuid, integer),
  strukt.stress_days(uuid, text, timestamptz, timestamptz), strukt.has_activity(uuid, timestamptz, timestamptz)
  to service_role;

------------------------------------------------------------------------------------------------
-- Weekly digest
------------------------------------------------------------------------------------------------

-- Users with activity in the period and no digest for it yet, with their week's figures and up
-- to 10 recent excerpts of their own messages (emails and phone numbers removed, <= 200 chars).
create function public.cron_digest_candidates(
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
  excerpts text[]
)
language sql
stable
security invoker
set search_path = ''
as $$
  with page as (
    select p.user_id
    from public.user_profiles p
    where (p_after is null or p.user_id > p_after)
      and (p_users is null or p.user_id = any (p_users))
      and strukt.shard_of(p.user_id, p_shard_count) = p_shard_index
      and not exists (select 1 from public.ai_coach_notes n
                      where n.user_id = p.user_id and n.type = 'weekly_summary'
                        and n.period_start = p_period_start)
      and strukt.has_activity(p.user_id, p_period_start, p_period_end)
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  )
  select
    page.user_id,
    exists (select 1 from public.user_consents c
            where c.user_id = page.user_id and c.consent_type = 'openai_processing'
              and c.granted and c.withdrawn_at is null),
    w.n, w.minutes, m.n, m.avg_calories, s.n, s.avg_hours, o.n, o.avg_mood, o.avg_stress,
    l.n, coalesce(x.excerpts, '{}')
  from page
  cross join lateral (
    select count(*)::integer as n, coalesce(sum(duration_minutes), 0)::integer as minutes
    from public.workouts
    where workouts.user_id = page.user_id and performed_at >= p_period_start and performed_at < p_period_end
  ) w
  cross join lateral (
    select count(*)::integer as n, round(avg(calories))::numeric as avg_calories
    from public.meals
    where meals.user_id = page.user_id and logged_at >= p_period_start and logged_at < p_period_end
  ) m
  cross join lateral (
    select count(*)::integer as n, round(avg(hours), 1) as avg_hours
    from public.sleep_logs
    where sleep_logs.user_id = page.user_id and date >= p_period_start::date and date < p_period_end::date
  ) s
  cross join lateral (
    select count(*)::integer as n, round(avg(mood_score), 1) as avg_mood, round(avg(stress_level), 1) as avg_stress
    from public.mood_logs
    where mood_logs.user_id = page.user_id and date >= p_period_start::date and date < p_period_end::date
  ) o
  cross join lateral (
    select count(*)::integer as n
    from public.ai_coach_logs
    where ai_coach_logs.user_id = page.user_id and "timestamp" >= p_period_start and "timestamp" < p_period_end
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
        and coalesce(btrim(a.user_message), '') <> ''
      order by a."timestamp" desc
      limit 10
    ) e
  ) x
  order by page.user_id
$$;

-- How many digest candidates remain after p_after (for a run that stops at its time budget).
create function public.cron_digest_pending_count(
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
security invoker
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  where (p_after is null or p.user_id > p_after)
    and (p_users is null or p.user_id = any (p_users))
    and strukt.shard_of(p.user_id, p_shard_count) = p_shard_index
    and not exists (select 1 from public.ai_coach_notes n
                    where n.user_id = p.user_id and n.type = 'weekly_summary'
                      and n.period_start = p_period_start)
    and strukt.has_activity(p.user_id, p_period_start, p_period_end)
$$;

-- Stores digests; a digest that already exists for the user and period is left as it is.
-- Returns the users whose digest this call wrote.
create function public.cron_save_digests(p_period_start timestamptz, p_period_end timestamptz, p_notes jsonb)
returns table (user_id uuid)
language sql
security invoker
set search_path = ''
as $$
  insert into public.ai_coach_notes as n
    (user_id, note, type, period_start, period_end, generation_method, model, details)
  select x.user_id, x.note, 'weekly_summary', p_period_start, p_period_end, x.generation_method, x.model,
         coalesce(x.details, '{}'::jsonb)
  from jsonb_to_recordset(p_notes) as x(user_id uuid, note text, generation_method text, model text, details jsonb)
  on conflict (user_id, type, period_start) do nothing
  returning n.user_id
$$;

------------------------------------------------------------------------------------------------
-- User status
------------------------------------------------------------------------------------------------

-- Every user with the figures and the decision of the status check at p_as_of:
-- stressful days in the 3 days before (in the user's timezone), cooldowns, and inactivity.
create function public.cron_status_candidates(
  p_as_of timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000
)
returns table (
  user_id uuid,
  stressful_days integer,
  recently_notified boolean,
  active_last_7_days boolean,
  active_before boolean,
  recently_nudged boolean,
  action text,
  priority text
)
language sql
stable
security invoker
set search_path = ''
as $$
  with page as (
    -- A timezone PostgreSQL does not know falls back to UTC rather than failing the run.
    select p.user_id, coalesce(t.name, 'UTC') as tz
    from public.user_profiles p
    left join pg_catalog.pg_timezone_names t on t.name = p.timezone
    where (p_after is null or p.user_id > p_after)
      and (p_users is null or p.user_id = any (p_users))
      and strukt.shard_of(p.user_id, p_shard_count) = p_shard_index
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  ),
  figures as (
    select
      page.user_id,
      strukt.stress_days(page.user_id, page.tz, p_as_of - interval '3 days', p_as_of) as stressful_days,
      exists (select 1 from public.coach_notifications c
              where c.user_id = page.user_id and c.type = 'ai_coach_proactive'
                and c.created_at > p_as_of - interval '3 days') as recently_notified,
      strukt.has_activity(page.user_id, p_as_of - interval '7 days', p_as_of) as active_last_7_days,
      strukt.has_activity(page.user_id, p_as_of - interval '37 days', p_as_of - interval '7 days') as active_before,
      exists (select 1 from public.coach_notifications c
              where c.user_id = page.user_id and c.type = 'nudge'
                and c.created_at > p_as_of - interval '7 days') as recently_nudged
    from page
  )
  select f.user_id, f.stressful_days, f.recently_notified, f.active_last_7_days, f.active_before, f.recently_nudged,
    case
      when f.stressful_days >= 2 and not f.recently_notified then 'ai_coach_proactive'
      when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'nudge'
    end,
    case
      when f.stressful_days >= 3 and not f.recently_notified then 'high'
      when f.stressful_days >= 2 and not f.recently_notified then 'normal'
      when not f.active_last_7_days and f.active_before and not f.recently_nudged then 'low'
    end
  from figures f
  order by f.user_id
$$;

-- How many users after p_after the status check has still to look at.
create function public.cron_status_pending_count(
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null
)
returns integer
language sql
stable
security invoker
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  where (p_after is null or p.user_id > p_after)
    and (p_users is null or p.user_id = any (p_users))
    and strukt.shard_of(p.user_id, p_shard_count) = p_shard_index
$$;

-- Queues notifications, each only if the user got none of its type within the cooldown
-- (3 days for proactive check-ins, 7 for nudges). Per-user advisory locks, taken in user order,
-- make the check-then-insert hold when several runs race. Returns what this call inserted.
create function public.cron_queue_notifications(p_as_of timestamptz, p_notifications jsonb)
returns table (user_id uuid, type text, priority text, notification_id uuid)
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('strukt:notify:' || u.user_id::text, 0))
  from (
    select distinct (x ->> 'user_id')::uuid as user_id
    from jsonb_array_elements(p_notifications) x
    order by 1
  ) u;

  return query
  with wanted as (
    select distinct on (x.user_id, x.type) x.user_id, x.type, x.priority, x.message
    from jsonb_to_recordset(p_notifications) as x(user_id uuid, type text, priority text, message text)
  ),
  inserted as (
    insert into public.coach_notifications as c
      (user_id, message, type, priority, delivery_channel, status, created_at)
    select w.user_id, w.message, w.type, w.priority, 'in-app', 'pending', p_as_of
    from wanted w
    where not exists (
      select 1 from public.coach_notifications c2
      where c2.user_id = w.user_id and c2.type = w.type
        and c2.created_at > p_as_of - case w.type when 'nudge' then interval '7 days' else interval '3 days' end
    )
    returning c.user_id, c.type, c.priority, c.id
  )
  select i.user_id, i.type, i.priority, i.id from inserted i;
end
$$;

------------------------------------------------------------------------------------------------
-- Plan refresh
------------------------------------------------------------------------------------------------

-- Onboarded users with no plan or a plan older than p_stale_days (or exactly p_users, when
-- given), with their profile (never name or email) and the wellness context of the last 7 days.
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
  injuries text[],
  coaching_tone text,
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
security invoker
set search_path = ''
as $$
  with page as (
    select p.*, coalesce(t.name, 'UTC') as tz, latest.version as latest_version
    from public.user_profiles p
    left join pg_catalog.pg_timezone_names t on t.name = p.timezone
    left join lateral (
      select pl.version, pl.created_at from public.plans pl
      where pl.user_id = p.user_id order by pl.version desc limit 1
    ) latest on true
    where (p_after is null or p.user_id > p_after)
      and strukt.shard_of(p.user_id, p_shard_count) = p_shard_index
      and case
            when p_users is not null then p.user_id = any (p_users)
            else p.onboarding_completed
                 and (latest.version is null or latest.created_at < p_as_of - make_interval(days => p_stale_days))
          end
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  )
  select
    page.user_id,
    exists (select 1 from public.user_consents c
            where c.user_id = page.user_id and c.consent_type = 'openai_processing'
              and c.granted and c.withdrawn_at is null),
    coalesce(page.latest_version, 0), page.primary_goal, page.experience_level,
    page.days_per_week, page.session_minutes, page.equipment_access, page.injuries, page.coaching_tone,
    w.n, w.minutes, s.avg_hours, o.avg_mood, o.avg_stress,
    strukt.stress_days(page.user_id, page.tz, p_as_of - interval '7 days', p_as_of),
    m.n
  from page
  cross join lateral (
    select count(*)::integer as n, coalesce(sum(duration_minutes), 0)::integer as minutes
    from public.workouts
    where workouts.user_id = page.user_id and performed_at >= p_as_of - interval '7 days' and performed_at < p_as_of
  ) w
  cross join lateral (
    select round(avg(hours), 1) as avg_hours from public.sleep_logs
    where sleep_logs.user_id = page.user_id and date >= (p_as_of - interval '7 days')::date and date < p_as_of::date
  ) s
  cross join lateral (
    select round(avg(mood_score), 1) as avg_mood, round(avg(stress_level), 1) as avg_stress from public.mood_logs
    where mood_logs.user_id = page.user_id and date >= (p_as_of - interval '7 days')::date and date < p_as_of::date
  ) o
  cross join lateral (
    select count(*)::integer as n from public.meals
    where meals.user_id = page.user_id and logged_at >= p_as_of - interval '7 days' and logged_at < p_as_of
  ) m
  order by page.user_id
$$;

-- How many plan candidates remain after p_after (same rule as cron_plan_candidates).
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
security invoker
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  left join lateral (
    select pl.version, pl.created_at from public.plans pl
    where pl.user_id = p.user_id order by pl.version desc limit 1
  ) latest on true
  where (p_after is null or p.user_id > p_after)
    and strukt.shard_of(p.user_id, p_shard_count) = p_shard_index
    and case
          when p_users is not null then p.user_id = any (p_users)
          else p.onboarding_completed
               and (latest.version is null or latest.created_at < p_as_of - make_interval(days => p_stale_days))
        end
$$;

-- Saves each plan as version base_version + 1, only if no newer version exists: a racing run
-- that already wrote it wins and this write is skipped. Returns the versions written.
create function public.cron_save_plans(p_plans jsonb)
returns table (user_id uuid, version integer)
language sql
security invoker
set search_path = ''
as $$
  insert into public.plans as pl
    (user_id, plan_data, version, generation_method, fallback_reason, wellness_context, profile_snapshot,
     is_valid, validation_errors)
  select x.user_id, x.plan_data, x.base_version + 1, x.generation_method, x.fallback_reason, x.wellness_context,
         x.profile_snapshot, x.is_valid, coalesce(x.validation_errors, '[]'::jsonb)
  from jsonb_to_recordset(p_plans) as x(
    user_id uuid, base_version integer, plan_data jsonb, generation_method text, fallback_reason text,
    wellness_context jsonb, profile_snapshot jsonb, is_valid boolean, validation_errors jsonb)
  where not exists (select 1 from public.plans p2 where p2.user_id = x.user_id and p2.version > x.base_version)
  on conflict (user_id, version) do nothing
  returning pl.user_id, pl.version
$$;

revoke all on function
  public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_digest_pending_count(timestamptz, timestamptz, uuid[], integer, integer, uuid),
  public.cron_save_digests(timestamptz, timestamptz, jsonb),
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_status_pending_count(uuid[], integer, integer, uuid),
  public.cron_queue_notifications(timestamptz, jsonb),
  public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer),
  public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid),
  public.cron_save_plans(jsonb)
  from public, anon, authenticated;
grant execute on function
  public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_digest_pending_count(timestamptz, timestamptz, uuid[], integer, integer, uuid),
  public.cron_save_digests(timestamptz, timestamptz, jsonb),
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer),
  public.cron_status_pending_count(uuid[], integer, integer, uuid),
  public.cron_queue_notifications(timestamptz, jsonb),
  public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer),
  public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid),
  public.cron_save_plans(jsonb)
  to service_role;
