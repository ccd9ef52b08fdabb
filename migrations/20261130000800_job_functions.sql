-- Why: the jobs' set-based work. Each job pages through its candidates (keyset on user_id, at most
-- 1,000 rows a page: PostgREST's cap) and every row already carries the aggregates the decision
-- needs, so a run costs one call per page, never one per user. Writes are idempotent: a digest per
-- (user, period), a notification per cooldown, a plan per version.
--
-- Which day an activity row belongs to (STRUKT's columns; the user's own time zone,
-- user_profiles.timezone, UTC when unset or unknown):
--   coach messages  ai_coach_logs.timestamp
--   workouts        workouts.workout_date, else workouts.date (rows the app logged by day only)
--   meals           meals.timestamp, else meals.date
--   sleep           sleep_logs.wake_time (a night counts on the morning it ends), else created_at
--   mood            mood_logs.date
-- A window [from, to) holds the timestamped rows inside it and the day-only rows whose day is
-- one of the user's local days the window touches.

-- Known time zone names, copied once from pg_timezone_names: the view reads every zone file from
-- disk on each call (~40 ms). A name missing here (a zone added by a later tzdata) is still looked
-- up in the view, so this table only ever saves time; it never changes a decision.
create table strukt.time_zones (name text primary key);
insert into strukt.time_zones select name from pg_catalog.pg_timezone_names on conflict do nothing;
analyze strukt.time_zones;

-- Which of n shards a user belongs to: the first 32 bits of md5(id), so every transport and
-- PostgreSQL version agrees.
create function strukt.shard_of(p_user_id uuid, p_shard_count integer)
returns integer
language sql
immutable
parallel safe
set search_path = ''
as $$
  select ((('x' || pg_catalog.substr(pg_catalog.md5(p_user_id::text), 1, 8))::bit(32)::bigint)
          % greatest(p_shard_count, 1))::integer
$$;

-- The shard and keyset filter every candidate list shares. `user_id >= coalesce(p_after, nil)`
-- lets the primary key's index range start at the cursor; with one shard md5 is skipped (an
-- expression the planner cannot estimate would make it sort every profile for one page).
create function strukt.in_page(p_user_id uuid, p_users uuid[], p_shard_index integer, p_shard_count integer,
                               p_after uuid)
returns boolean
language sql
immutable
set search_path = ''
as $$
  select (p_after is null or p_user_id > p_after)
     and (p_users is null or p_user_id = any (p_users))
     and case when p_shard_count <= 1 then p_shard_index = 0
              else strukt.shard_of(p_user_id, p_shard_count) = p_shard_index end
$$;

-- Days (in the user's own time zone) within [p_from, p_to) on which one of the user's own
-- messages showed stress or a mood log had stress_level >= 7 or mood_score <= 3.
create function strukt.stress_days(p_user_id uuid, p_tz text, p_from timestamptz, p_to timestamptz)
returns integer
language sql
stable
set search_path = ''
as $$
  select count(distinct day)::integer
  from (
    select (s.at at time zone p_tz)::date as day
    from strukt.stress_messages s
    where s.user_id = p_user_id and s.at >= p_from and s.at < p_to
    union
    select m.date
    from public.mood_logs m
    where m.user_id = p_user_id
      and m.date between (p_from at time zone p_tz)::date and ((p_to - interval '1 microsecond') at time zone p_tz)::date
      and (m.stress_level >= 7 or m.mood_score <= 3)
  ) d
$$;

-- Any activity of the user within [p_from, p_to): coach messages, workouts, meals, sleep, mood.
create function strukt.has_activity(p_user_id uuid, p_tz text, p_from timestamptz, p_to timestamptz)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (select 1 from public.ai_coach_logs l where l.user_id = p_user_id
                   and l."timestamp" >= p_from and l."timestamp" < p_to)
      or exists (select 1 from public.workouts w where w.user_id = p_user_id
                   and case when w.workout_date is not null then w.workout_date >= p_from and w.workout_date < p_to
                            else w.date between (p_from at time zone p_tz)::date
                                            and ((p_to - interval '1 microsecond') at time zone p_tz)::date end)
      or exists (select 1 from public.meals m where m.user_id = p_user_id
                   and case when m."timestamp" is not null then m."timestamp" >= p_from and m."timestamp" < p_to
                            else m.date between (p_from at time zone p_tz)::date
                                            and ((p_to - interval '1 microsecond') at time zone p_tz)::date end)
      or exists (select 1 from public.sleep_logs s where s.user_id = p_user_id
                   and coalesce(s.wake_time, s.created_at) >= p_from and coalesce(s.wake_time, s.created_at) < p_to)
      or exists (select 1 from public.mood_logs o where o.user_id = p_user_id
                   and o.date between (p_from at time zone p_tz)::date
                                  and ((p_to - interval '1 microsecond') at time zone p_tz)::date)
$$;

-- Whether the user has an active openai_processing consent (only they have data sent to OpenAI).
create function strukt.has_ai_consent(p_user_id uuid)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (select 1 from public.user_consents c
                 where c.user_id = p_user_id and c.consent_type = 'openai_processing'
                   and c.granted and c.withdrawn_at is null)
$$;

revoke all on function strukt.shard_of(uuid, integer), strukt.in_page(uuid, uuid[], integer, integer, uuid),
  strukt.stress_days(uuid, text, timestamptz, timestamptz), strukt.has_activity(uuid, text, timestamptz, timestamptz),
  strukt.has_ai_consent(uuid)
  from public;

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
security definer
set search_path = ''
as $$
  with zoned as (
    select p.user_id,
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
    select z.user_id, z.tz,
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
    l.n, coalesce(x.excerpts, '{}')
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

-- Stores digests; a digest that already exists for the user and period is left as it is.
-- Returns the users whose digest this call wrote.
create function public.cron_save_digests(p_period_start timestamptz, p_period_end timestamptz, p_notes jsonb)
returns table (user_id uuid)
language sql
security definer
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

-- Every user with the figures and the decision of the status check at p_as_of: stressful days in
-- the 3 days before (in the user's time zone), cooldowns, and inactivity.
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
security definer
set search_path = ''
as $$
  with ids as (
    select p.user_id, p.timezone
    from public.user_profiles p
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  ),
  page as (
    -- The page is chosen before the zone lookup (fenced by its LIMIT) so the join cannot turn the
    -- ordered index scan into a sort; the view is read at most once per call.
    select ids.user_id,
           coalesce(t.name, (select n.name from pg_catalog.pg_timezone_names n where n.name = ids.timezone), 'UTC') as tz
    from ids
    left join strukt.time_zones t on t.name = ids.timezone
  ),
  figures as materialized (
    select
      page.user_id,
      strukt.stress_days(page.user_id, page.tz, p_as_of - interval '3 days', p_as_of) as stressful_days,
      exists (select 1 from public.coach_notifications c
              where c.user_id = page.user_id and c.type = 'ai_coach_proactive'
                and c.created_at > p_as_of - interval '3 days') as recently_notified,
      strukt.has_activity(page.user_id, page.tz, p_as_of - interval '7 days', p_as_of) as active_last_7_days,
      strukt.has_activity(page.user_id, page.tz, p_as_of - interval '37 days', p_as_of - interval '7 days') as active_before,
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
security definer
set search_path = ''
as $$
  select count(*)::integer
  from public.user_profiles p
  where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
    and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
$$;

-- Queues notifications, each only if the user got none of its type within the cooldown (3 days
-- for proactive check-ins, 7 for nudges). Per-user advisory locks, taken in user order, make the
-- check-then-insert hold when several runs race. Returns what this call inserted.
create function public.cron_queue_notifications(p_as_of timestamptz, p_notifications jsonb)
returns table (user_id uuid, type text, priority text, notification_id uuid)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('strukt:notify:' || u.user_id::text, 0))
  from (
    select distinct (x ->> 'user_id')::uuid as user_id
    from pg_catalog.jsonb_array_elements(p_notifications) x
    order by 1
  ) u;

  return query
  with wanted as (
    select distinct on (x.user_id, x.type) x.user_id, x.type, x.priority, x.message
    from pg_catalog.jsonb_to_recordset(p_notifications) as x(user_id uuid, type text, priority text, message text)
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

-- Version numbers stay unique per user. The key is added only where the existing plans allow it
-- (STRUKT's table never had one); without it cron_save_plans still never writes a duplicate, and
-- `strukt-cron verify` says which of the two holds.
do $$
begin
  if not exists (select 1 from public.plans group by user_id, version having count(*) > 1) then
    create unique index strukt_plans_user_version_key on public.plans (user_id, version);
  else
    raise notice 'plans has duplicate (user_id, version) pairs: strukt_plans_user_version_key not created';
  end if;
end $$;

-- Onboarded users with no plan or a plan older than p_stale_days (or exactly p_users, when given),
-- with the profile fields a plan depends on (never name, email or free notes beyond them) and the
-- wellness context of the last 7 days.
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

-- Saves each plan as version base_version + 1, only if no version above base_version exists: a
-- racing run that already wrote one wins and this write is skipped. A per-user advisory lock
-- (taken in user order) makes the check-then-insert hold without relying on a unique index.
-- Returns the versions written.
create function public.cron_save_plans(p_plans jsonb)
returns table (user_id uuid, version integer)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended('strukt:plan:' || u.user_id::text, 0))
  from (
    select distinct (x ->> 'user_id')::uuid as user_id
    from pg_catalog.jsonb_array_elements(p_plans) x
    order by 1
  ) u;

  return query
  insert into public.plans as pl
    (user_id, plan_data, version, generation_method, fallback_reason, wellness_context, profile_snapshot,
     is_valid, validation_errors)
  select x.user_id, x.plan_data, x.base_version + 1, x.generation_method, x.fallback_reason, x.wellness_context,
         x.profile_snapshot, x.is_valid, coalesce(x.validation_errors, '[]'::jsonb)
  from (
    select distinct on (r.user_id) r.*
    from pg_catalog.jsonb_to_recordset(p_plans) as r(
      user_id uuid, base_version integer, plan_data jsonb, generation_method text, fallback_reason text,
      wellness_context jsonb, profile_snapshot jsonb, is_valid boolean, validation_errors jsonb)
    order by r.user_id, r.base_version desc
  ) x
  where not exists (select 1 from public.plans p2 where p2.user_id = x.user_id and p2.version > x.base_version)
  returning pl.user_id, pl.version;
end
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
