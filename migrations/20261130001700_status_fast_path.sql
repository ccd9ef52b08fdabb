-- Why: the status check visited every profile and, for each, counted stressful days and looked
-- for activity in two windows (issue 17, goal 1): at 100k users it was no faster than one plain
-- query of the same decision. Most users have nothing to decide: no stressful day in the window
-- and, with nudges on, no lapse. Now the indexes pick the users who do, and only they are read:
--  - stress: strukt.stress_messages (already kept as messages arrive) and a partial index on
--    the app's mood_logs holding only the stressful logs (stress_level >= 7 or mood_score <= 3),
--    both walked in user order so that a page of 1,000 users reads about 1,000 users' evidence;
--  - lapses: strukt.last_activity, one row per user with the latest instant and the latest
--    day-only date of their activity, kept by statement triggers on the five activity tables.
--    The lapsed users are found from those two values, and their figures follow from them
--    without reading the activity tables (which are read only for a user with rows after
--    p_as_of, where a latest value says nothing about an earlier window).
-- cron_status_candidates takes p_every_user: true (the default, what operators and old callers
-- get) keeps one row per profile; false (what the job passes) returns only the users the decision
-- concerns. The windows are parameters now, with today's values as defaults, so the job passes
-- them from one TypeScript definition (src/jobs/registry.ts, STATUS_WINDOWS); they are checked.
-- New signatures: the old functions are dropped, the new ones created and granted to
-- service_role only, like every cron_* function.
--
-- On a live database: the triggers are created before the backfill and their lock (share row
-- exclusive on the five tables, which holds the app's inserts, never its reads) is kept to the
-- commit, so no row can slip between the backfill's snapshot and the triggers. That hold lasts
-- the backfill and the index build: one pass over the activity tables (about 1 s per million
-- rows on the benchmark machine). lock_timeout makes the migration give up rather than queue the
-- app behind a long transaction.
set local lock_timeout = '5s';

------------------------------------------------------------------------------------------------
-- Latest activity per user
------------------------------------------------------------------------------------------------

-- last_at: the latest instant among the user's timestamped rows (coach message timestamp,
-- workouts.workout_date, meals.timestamp, sleep_logs coalesce(wake_time, created_at)).
-- last_day: the latest user-local date among the rows kept by day only (workouts and meals
-- without their instant, mood_logs.date). A user with no activity has no row. Which rows count
-- is strukt.has_activity's definition (20261130000800), column for column.
create table strukt.last_activity (
  user_id uuid primary key,
  last_at timestamptz,
  last_day date
);
-- No index but the key: the status check walks it in user order, and an update that touches no
-- index can stay on its page (HOT), which is most of what an insert into the app's tables costs
-- now. Free space on each page for those updates.
alter table strukt.last_activity set (fillfactor = 70);
alter table strukt.last_activity enable row level security;
revoke all on strukt.last_activity from public, anon, authenticated, service_role;

-- The user's latest activity computed from the tables themselves (a delete or an update can
-- lower it, which the insert trigger's greatest() cannot).
create function strukt.latest_activity(p_user_id uuid, out last_at timestamptz, out last_day date)
language sql
stable
set search_path = ''
as $$
  select
    greatest(
      (select max(l."timestamp") from public.ai_coach_logs l where l.user_id = p_user_id),
      (select max(w.workout_date) from public.workouts w where w.user_id = p_user_id),
      (select max(m."timestamp") from public.meals m where m.user_id = p_user_id),
      (select max(coalesce(s.wake_time, s.created_at)) from public.sleep_logs s where s.user_id = p_user_id)),
    greatest(
      (select max(w.date) from public.workouts w where w.user_id = p_user_id and w.workout_date is null),
      (select max(m.date) from public.meals m where m.user_id = p_user_id and m."timestamp" is null),
      (select max(o.date) from public.mood_logs o where o.user_id = p_user_id))
$$;

-- Sets the users' rows to what the tables hold now. Each user's row is locked first and the
-- tables read in a later statement: a concurrent insert has then either committed (and is seen)
-- or not yet raised the row (and its trigger's greatest() will, after this commits).
create function strukt.refresh_last_activity(p_users uuid[])
returns void
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform 1 from strukt.last_activity a where a.user_id = any (p_users) order by a.user_id for update;
  with latest as (
    select u.user_id, x.last_at, x.last_day
    from (select distinct v as user_id from pg_catalog.unnest(p_users) v where v is not null) u
    cross join lateral strukt.latest_activity(u.user_id) x
  ),
  gone as (
    delete from strukt.last_activity a
    using latest
    where a.user_id = latest.user_id and latest.last_at is null and latest.last_day is null
  )
  insert into strukt.last_activity as a (user_id, last_at, last_day)
  select latest.user_id, latest.last_at, latest.last_day
  from latest
  where latest.last_at is not null or latest.last_day is not null
  on conflict (user_id) do update set last_at = excluded.last_at, last_day = excluded.last_day;
end
$$;

-- After an insert into one of the five tables: one upsert per statement (its transition table),
-- so a batch of 1,000 rows costs one statement, not 1,000, raising each user's row to the batch's
-- latest values, and writing nothing when the row already holds later ones. Each branch names the
-- columns of its own table (PL/pgSQL plans a statement when it first runs, then keeps the plan).
create function strukt.note_activity_insert()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  -- Users whose row already holds the batch's latest values are left out before the upsert: no
  -- lock, no write (history imported late, a second log the same day for day-only rows).
  if tg_table_name = 'ai_coach_logs' then
    insert into strukt.last_activity as a (user_id, last_at)
    select n.user_id, n.at
    from (select r.user_id, max(r."timestamp") as at from new_rows r group by r.user_id) n
    where n.at is not null
      and not exists (select 1 from strukt.last_activity x where x.user_id = n.user_id and x.last_at >= n.at)
    on conflict (user_id) do update set last_at = excluded.last_at
      where a.last_at is null or a.last_at < excluded.last_at;
  elsif tg_table_name = 'workouts' then
    insert into strukt.last_activity as a (user_id, last_at, last_day)
    select n.user_id, n.at, n.day
    from (select r.user_id, max(r.workout_date) as at, max(case when r.workout_date is null then r.date end) as day
          from new_rows r group by r.user_id) n
    where (n.at is not null or n.day is not null)
      and not exists (select 1 from strukt.last_activity x
                      where x.user_id = n.user_id and (n.at is null or x.last_at >= n.at)
                        and (n.day is null or x.last_day >= n.day))
    on conflict (user_id) do update
      set last_at = greatest(a.last_at, excluded.last_at), last_day = greatest(a.last_day, excluded.last_day)
      where greatest(a.last_at, excluded.last_at) is distinct from a.last_at
         or greatest(a.last_day, excluded.last_day) is distinct from a.last_day;
  elsif tg_table_name = 'meals' then
    insert into strukt.last_activity as a (user_id, last_at, last_day)
    select n.user_id, n.at, n.day
    from (select r.user_id, max(r."timestamp") as at, max(case when r."timestamp" is null then r.date end) as day
          from new_rows r group by r.user_id) n
    where (n.at is not null or n.day is not null)
      and not exists (select 1 from strukt.last_activity x
                      where x.user_id = n.user_id and (n.at is null or x.last_at >= n.at)
                        and (n.day is null or x.last_day >= n.day))
    on conflict (user_id) do update
      set last_at = greatest(a.last_at, excluded.last_at), last_day = greatest(a.last_day, excluded.last_day)
      where greatest(a.last_at, excluded.last_at) is distinct from a.last_at
         or greatest(a.last_day, excluded.last_day) is distinct from a.last_day;
  elsif tg_table_name = 'sleep_logs' then
    insert into strukt.last_activity as a (user_id, last_at)
    select n.user_id, n.at
    from (select r.user_id, max(coalesce(r.wake_time, r.created_at)) as at from new_rows r group by r.user_id) n
    where n.at is not null
      and not exists (select 1 from strukt.last_activity x where x.user_id = n.user_id and x.last_at >= n.at)
    on conflict (user_id) do update set last_at = excluded.last_at
      where a.last_at is null or a.last_at < excluded.last_at;
  elsif tg_table_name = 'mood_logs' then
    insert into strukt.last_activity as a (user_id, last_day)
    select n.user_id, n.day
    from (select r.user_id, max(r.date) as day from new_rows r group by r.user_id) n
    where n.day is not null
      and not exists (select 1 from strukt.last_activity x where x.user_id = n.user_id and x.last_day >= n.day)
    on conflict (user_id) do update set last_day = excluded.last_day
      where a.last_day is null or a.last_day < excluded.last_day;
  end if;
  return null;
end
$$;

-- After an update or a delete: the users of the changed rows (before and after) are computed
-- again from the tables. Updates and deletes of activity are rare next to inserts.
create function strukt.note_activity_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  users uuid[];
begin
  if tg_op = 'DELETE' then
    select array_agg(distinct o.user_id) into users from old_rows o;
  else
    select array_agg(distinct u.user_id) into users
    from (select o.user_id from old_rows o union select n.user_id from new_rows n) u;
  end if;
  if users is not null then
    perform strukt.refresh_last_activity(users);
  end if;
  return null;
end
$$;

-- TRUNCATE fires no row or delete trigger: every row is computed again.
create function strukt.rebuild_last_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  delete from strukt.last_activity;
  insert into strukt.last_activity (user_id, last_at, last_day)
  select x.user_id, max(x.at), max(x.day)
  from (
    select l.user_id, l."timestamp" as at, null::date as day from public.ai_coach_logs l
    union all
    select w.user_id, w.workout_date, case when w.workout_date is null then w.date end from public.workouts w
    union all
    select m.user_id, m."timestamp", case when m."timestamp" is null then m.date end from public.meals m
    union all
    select s.user_id, coalesce(s.wake_time, s.created_at), null from public.sleep_logs s
    union all
    select o.user_id, null, o.date from public.mood_logs o
  ) x
  group by x.user_id
  having max(x.at) is not null or max(x.day) is not null;
  return null;
end
$$;

revoke all on function strukt.latest_activity(uuid), strukt.refresh_last_activity(uuid[]), strukt.note_activity_insert(),
  strukt.note_activity_change(), strukt.rebuild_last_activity()
  from public;

-- Four triggers per table: insert, update and delete each with its transition table (PostgreSQL
-- allows one only on a single-event trigger), and truncate.
do $$
declare
  t text;
begin
  foreach t in array array['ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs'] loop
    execute pg_catalog.format(
      'create trigger strukt_last_activity_insert after insert on public.%I
         referencing new table as new_rows for each statement execute function strukt.note_activity_insert()', t);
    execute pg_catalog.format(
      'create trigger strukt_last_activity_update after update on public.%I
         referencing old table as old_rows new table as new_rows
         for each statement execute function strukt.note_activity_change()', t);
    execute pg_catalog.format(
      'create trigger strukt_last_activity_delete after delete on public.%I
         referencing old table as old_rows for each statement execute function strukt.note_activity_change()', t);
    execute pg_catalog.format(
      'create trigger strukt_last_activity_truncate after truncate on public.%I
         for each statement execute function strukt.rebuild_last_activity()', t);
  end loop;
end
$$;

-- Backfill, under the triggers' lock (see the top): what the tables hold now.
insert into strukt.last_activity (user_id, last_at, last_day)
select x.user_id, max(x.at), max(x.day)
from (
  select l.user_id, l."timestamp" as at, null::date as day from public.ai_coach_logs l
  union all
  select w.user_id, w.workout_date, case when w.workout_date is null then w.date end from public.workouts w
  union all
  select m.user_id, m."timestamp", case when m."timestamp" is null then m.date end from public.meals m
  union all
  select s.user_id, coalesce(s.wake_time, s.created_at), null from public.sleep_logs s
  union all
  select o.user_id, null, o.date from public.mood_logs o
) x
group by x.user_id
having max(x.at) is not null or max(x.day) is not null;
analyze strukt.last_activity;

-- Only the stressful mood logs, in user order: the status check walks the users with one in its
-- window page by page, as it walks strukt.stress_messages by its (user_id, at) index.
create index mood_logs_stressful_user_date_idx on public.mood_logs (user_id, date)
  where stress_level >= 7 or mood_score <= 3;

------------------------------------------------------------------------------------------------
-- The decision
------------------------------------------------------------------------------------------------

-- A clear error for windows that make no sense (zero, negative, more than a year, or an activity
-- window not inside the "active before" horizon), rather than an empty or wrong decision.
create function strukt.check_status_windows(p_stress_days integer, p_cooldown_days integer,
                                            p_active_days integer, p_horizon_days integer)
returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  if p_stress_days is null or p_stress_days not between 1 and 366 then
    raise exception 'p_stress_days must be a whole number of days from 1 to 366, got %', p_stress_days
      using errcode = '22023';
  end if;
  if p_cooldown_days is null or p_cooldown_days not between 1 and 366 then
    raise exception 'p_cooldown_days must be a whole number of days from 1 to 366, got %', p_cooldown_days
      using errcode = '22023';
  end if;
  if p_active_days is null or p_active_days not between 1 and 366 then
    raise exception 'p_active_days must be a whole number of days from 1 to 366, got %', p_active_days
      using errcode = '22023';
  end if;
  if p_horizon_days is null or p_horizon_days not between p_active_days + 1 and 732 then
    raise exception 'p_horizon_days must be more than p_active_days (%) and at most 732, got %',
      p_active_days, p_horizon_days using errcode = '22023';
  end if;
end
$$;

-- The zone the status check counts a user's days in: user_profiles.timezone when PostgreSQL knows
-- it, else UTC (strukt.time_zones first; the view only for a name the copy lacks).
create function strukt.zone_of(p_timezone text)
returns text
language sql
stable
set search_path = ''
as $$
  select case when p_timezone is null then 'UTC'
              else coalesce((select t.name from strukt.time_zones t where t.name = p_timezone),
                            (select n.name from pg_catalog.pg_timezone_names n where n.name = p_timezone),
                            'UTC') end
$$;

-- The users the status check at p_as_of concerns, in the selection, in user order after p_after
-- (at most p_limit; null: all): a stressful day in the stress window (a stressful message of
-- their own, or a stressful mood log on a day the window touches in their zone) and, with
-- p_nudges, users lapsed (active in the horizon before the activity window, not within it).
-- Only users with a profile. Each branch reads an index in user order, so a page stops after
-- its users instead of computing the whole set again for every page.
--
-- Whether a user was active in a window [from, p_as_of), as strukt.has_activity answers, follows
-- from strukt.last_activity when none of the user's rows lies after p_as_of ("later" false):
-- the latest instant is in the window iff it is >= from, and the latest day-only date is touched
-- iff it is >= the user-local day of from. For a lapsed user (nothing from the activity window
-- on) the same holds for the horizon. A user with rows after p_as_of is decided by reading the
-- tables (strukt.has_activity), as before.
create function strukt.status_users(
  p_as_of timestamptz, p_users uuid[], p_shard_index integer, p_shard_count integer, p_after uuid,
  p_limit integer, p_nudges boolean, p_stress_days integer, p_active_days integer, p_horizon_days integer
)
returns table (user_id uuid)
language plpgsql
stable
set search_path = ''
-- Planned with the call's values each time: a generic plan cannot see that the window is a
-- small part of the evidence, and would read the whole window for every page. No JIT: the
-- estimates of the branches before their LIMIT pass its threshold, and compiling (~45 ms) would
-- cost more than a page.
set plan_cache_mode = force_custom_plan
set jit = off
as $$
#variable_conflict use_column
begin
  return query
  -- Each branch walks its index in user order and stops at p_limit users that pass; the page is
  -- the first p_limit of their union (the first p_limit of a union are among each branch's first
  -- p_limit). Filters are applied before each branch's limit, so a page is short only at the end.
  select x.user_id
  from (
    (select distinct s.user_id
     from strukt.stress_messages s
     where s.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
       and s.at >= p_as_of - pg_catalog.make_interval(days => p_stress_days) and s.at < p_as_of
       and (p_after is null or s.user_id <> p_after)
       and (p_users is null or s.user_id = any (p_users))
       and case when p_shard_count <= 1 then p_shard_index = 0
                else strukt.shard_of(s.user_id, p_shard_count) = p_shard_index end
       -- A subquery, not a join: the planner would merge-join every profile from the first.
       and (select true from public.user_profiles p where p.user_id = s.user_id)
     order by s.user_id
     limit p_limit)
    union
    -- A user-local day differs from the UTC date by at most one: the index gives the logs within
    -- a day of the window, and the user's zone is looked up only for those on its edge days.
    (select distinct m.user_id
     from public.mood_logs m
     cross join lateral (select p.timezone from public.user_profiles p where p.user_id = m.user_id offset 0) p
     where (m.stress_level >= 7 or m.mood_score <= 3)
       and m.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
       and m.date between ((p_as_of - pg_catalog.make_interval(days => p_stress_days)) at time zone 'UTC')::date - 1
                      and ((p_as_of - interval '1 microsecond') at time zone 'UTC')::date + 1
       and (p_after is null or m.user_id <> p_after)
       and (p_users is null or m.user_id = any (p_users))
       and case when p_shard_count <= 1 then p_shard_index = 0
                else strukt.shard_of(m.user_id, p_shard_count) = p_shard_index end
       and (m.date between ((p_as_of - pg_catalog.make_interval(days => p_stress_days)) at time zone 'UTC')::date + 1
                       and ((p_as_of - interval '1 microsecond') at time zone 'UTC')::date - 1
            or exists (select 1
                       from (select coalesce((select t.name from strukt.time_zones t where t.name = p.timezone),
                                             strukt.zone_of(p.timezone)) as tz) z
                       where m.date between ((p_as_of - pg_catalog.make_interval(days => p_stress_days)) at time zone z.tz)::date
                                        and ((p_as_of - interval '1 microsecond') at time zone z.tz)::date))
     order by m.user_id
     limit p_limit)
    union
    -- Lapsed by the latest values (a day's margin for the zone of day-only rows), or with rows
    -- after p_as_of; then exactly, in the user's zone.
    (select a.user_id
     from strukt.last_activity a
     cross join lateral (select p.timezone from public.user_profiles p where p.user_id = a.user_id offset 0) p
     cross join lateral (
       select coalesce((select t.name from strukt.time_zones t where t.name = p.timezone),
                       strukt.zone_of(p.timezone)) as tz
     ) z
     cross join lateral (
       select p_as_of - pg_catalog.make_interval(days => p_active_days) as active_from,
              p_as_of - pg_catalog.make_interval(days => p_horizon_days) as horizon_from
     ) w
     where p_nudges
       and a.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
       and (p_after is null or a.user_id <> p_after)
       and (p_users is null or a.user_id = any (p_users))
       and case when p_shard_count <= 1 then p_shard_index = 0
                else strukt.shard_of(a.user_id, p_shard_count) = p_shard_index end
       and ((a.last_at >= w.horizon_from and a.last_at < w.active_from)
            or a.last_day between (w.horizon_from at time zone 'UTC')::date - 1 and (w.active_from at time zone 'UTC')::date + 1
            or a.last_at >= p_as_of
            or a.last_day >= ((p_as_of - interval '1 microsecond') at time zone 'UTC')::date)
       and not coalesce(a.last_at >= w.active_from and a.last_at < p_as_of, false)
       and case when coalesce(a.last_at >= p_as_of, false)
                     or coalesce(a.last_day > ((p_as_of - interval '1 microsecond') at time zone z.tz)::date, false) then
                  not strukt.has_activity(a.user_id, z.tz, w.active_from, p_as_of)
                  and strukt.has_activity(a.user_id, z.tz, w.horizon_from, w.active_from)
                else
                  not (coalesce(a.last_at >= w.active_from, false)
                       or coalesce(a.last_day >= (w.active_from at time zone z.tz)::date, false))
                  and (coalesce(a.last_at >= w.horizon_from, false)
                       or coalesce(a.last_day >= (w.horizon_from at time zone z.tz)::date, false))
           end
     order by a.user_id
     limit p_limit)
  ) x
  order by x.user_id
  limit p_limit;
end
$$;

revoke all on function strukt.check_status_windows(integer, integer, integer, integer), strukt.zone_of(text),
  strukt.status_users(timestamptz, uuid[], integer, integer, uuid, integer, boolean, integer, integer, integer)
  from public;

-- With the windows as parameters (defaults: today's 3-day stress window and check-in cooldown,
-- 7-day activity window, 37-day horizon) and p_every_user. Rows, columns and decision are those
-- of 20261130001500, except active_before: null for a user active within the activity window (the
-- decision does not need it, and reading it would cost what this migration saves).
-- p_every_user true: every profile in the selection, in pages (an operator's view, old callers).
-- p_every_user false: only the users the decision concerns (strukt.status_users), in pages: what
-- the job reads, and what "Checked N users" counts.
drop function public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean);
create function public.cron_status_candidates(
  p_as_of timestamptz,
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_limit integer default 1000,
  p_nudges boolean default false,
  p_every_user boolean default true,
  p_stress_days integer default 3,
  p_cooldown_days integer default 3,
  p_active_days integer default 7,
  p_horizon_days integer default 37
)
returns table (
  user_id uuid,
  stressful_days integer,
  recently_notified boolean,
  active_last_7_days boolean,
  active_before boolean,
  nudged_this_lapse boolean,
  action text,
  priority text,
  stress_message_days integer,
  stress_mood_days integer,
  first_name text,
  coaching_tone text,
  coaching_persona text
)
language plpgsql
stable
security definer
set search_path = ''
-- As strukt.status_users: planned for the call's values, not compiled.
set plan_cache_mode = force_custom_plan
set jit = off
as $$
#variable_conflict use_column
begin
  perform strukt.check_status_windows(p_stress_days, p_cooldown_days, p_active_days, p_horizon_days);
  return query
  with ids as materialized (
    -- One of the two, by p_every_user; each fenced by its LIMIT so the ordered scan stays one.
    (select p.user_id
     from public.user_profiles p
     where p_every_user
       and p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
       and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after)
     order by p.user_id
     limit least(greatest(p_limit, 1), 1000))
    union all
    (select u.user_id
     from strukt.status_users(p_as_of, p_users, p_shard_index, p_shard_count, p_after,
                              least(greatest(p_limit, 1), 1000), p_nudges, p_stress_days, p_active_days,
                              p_horizon_days) u
     where not p_every_user)
  ),
  page as materialized (
    select ids.user_id, p.full_name, p.coaching_tone, p.coaching_persona,
           coalesce(t.name, strukt.zone_of(p.timezone)) as tz,
           a.last_at, a.last_day,
           p_as_of - pg_catalog.make_interval(days => p_stress_days) as stress_from,
           p_as_of - pg_catalog.make_interval(days => p_active_days) as active_from,
           p_as_of - pg_catalog.make_interval(days => p_horizon_days) as horizon_from
    from ids
    join public.user_profiles p on p.user_id = ids.user_id
    left join strukt.time_zones t on t.name = p.timezone
    -- A probe per user (the planner, guessing the page's size, would hash the whole table).
    left join lateral (select a.last_at, a.last_day from strukt.last_activity a where a.user_id = ids.user_id offset 0) a
      on true
  ),
  figures as materialized (
    -- Written out rather than calling strukt.stress_days / has_activity per user: the same rules
    -- (stressful days as strukt.stress_days counts them; activity as strukt.status_users explains),
    -- planned once per page instead of once per user.
    select
      page.user_id, page.tz, page.full_name, page.coaching_tone, page.coaching_persona,
      page.last_at, page.last_day, l.later,
      (select count(distinct day)::integer
       from (
         select (s.at at time zone page.tz)::date as day
         from strukt.stress_messages s
         where s.user_id = page.user_id and s.at >= page.stress_from and s.at < p_as_of
         union
         select m.date
         from public.mood_logs m
         where m.user_id = page.user_id
           and m.date between (page.stress_from at time zone page.tz)::date
                          and ((p_as_of - interval '1 microsecond') at time zone page.tz)::date
           and (m.stress_level >= 7 or m.mood_score <= 3)
       ) d) as stressful_days,
      exists (select 1 from strukt.notification_ledger n
              where n.user_id = page.user_id and n.type = 'ai_coach_proactive'
                and n.created_at > p_as_of - pg_catalog.make_interval(days => p_cooldown_days)) as recently_notified,
      r.recent as active_last_7_days,
      case when r.recent then null
           when l.later then strukt.has_activity(page.user_id, page.tz, page.horizon_from, page.active_from)
           else coalesce(page.last_at >= page.horizon_from, false)
                or coalesce(page.last_day >= (page.horizon_from at time zone page.tz)::date, false)
      end as active_before
    from page
    cross join lateral (
      select coalesce(page.last_at >= p_as_of, false)
               or coalesce(page.last_day > ((p_as_of - interval '1 microsecond') at time zone page.tz)::date, false)
               as later
    ) l
    cross join lateral (
      select case when l.later then strukt.has_activity(page.user_id, page.tz, page.active_from, p_as_of)
                  else coalesce(page.last_at >= page.active_from, false)
                       or coalesce(page.last_day >= (page.active_from at time zone page.tz)::date, false)
             end as recent
    ) r
  ),
  lapses as (
    -- Only a lapsed user can have been nudged in this lapse: a nudge within the horizon with no
    -- activity between it and p_as_of (from the latest values unless rows lie after p_as_of).
    select f.*,
           case when not f.active_last_7_days and f.active_before then
             exists (select 1 from strukt.notification_ledger n
                     where n.user_id = f.user_id and n.type = 'nudge'
                       and n.created_at > p_as_of - pg_catalog.make_interval(days => p_horizon_days)
                       and n.created_at <= p_as_of
                       and not case when f.later then strukt.has_activity(f.user_id, f.tz, n.created_at, p_as_of)
                                    else coalesce(f.last_at >= n.created_at, false)
                                         or coalesce(f.last_day >= (n.created_at at time zone f.tz)::date, false) end)
           else false end as nudged_this_lapse
    from figures f
  )
  select f.user_id, f.stressful_days, f.recently_notified, f.active_last_7_days, f.active_before, f.nudged_this_lapse,
    d.action, d.priority,
    -- What the evidence was, read only for the users who get a check-in: strukt.stress_day_sources
    -- written out (a function call per user cost more than its two index probes).
    case when d.action = 'ai_coach_proactive' then
      (select count(distinct (s.at at time zone f.tz)::date)::integer
       from strukt.stress_messages s
       where s.user_id = f.user_id and s.at >= p_as_of - pg_catalog.make_interval(days => p_stress_days)
         and s.at < p_as_of) end,
    case when d.action = 'ai_coach_proactive' then
      (select count(distinct m.date)::integer
       from public.mood_logs m
       where m.user_id = f.user_id
         and m.date between ((p_as_of - pg_catalog.make_interval(days => p_stress_days)) at time zone f.tz)::date
                        and ((p_as_of - interval '1 microsecond') at time zone f.tz)::date
         and (m.stress_level >= 7 or m.mood_score <= 3)) end,
    -- Only a user who gets a message gets a name: the rest of the page never leaves the database.
    case when d.action is not null then (pg_catalog.regexp_match(f.full_name, '[^[:space:]]+'))[1] end,
    f.coaching_tone, f.coaching_persona
  from lapses f
  cross join lateral (
    select
      case
        when f.stressful_days >= 2 and not f.recently_notified then 'ai_coach_proactive'
        when p_nudges and not f.active_last_7_days and f.active_before and not f.nudged_this_lapse then 'nudge'
      end as action,
      case
        when f.stressful_days >= 3 and not f.recently_notified then 'high'
        when f.stressful_days >= 2 and not f.recently_notified then 'normal'
        when p_nudges and not f.active_last_7_days and f.active_before and not f.nudged_this_lapse then 'low'
      end as priority
  ) d
  order by f.user_id;
end
$$;

-- How many users after p_after the status check has still to look at: every profile in the
-- selection (p_every_user true, the default: the old count), or the users the decision concerns
-- at p_as_of, as cron_status_candidates with the same arguments returns them.
drop function public.cron_status_pending_count(uuid[], integer, integer, uuid);
create function public.cron_status_pending_count(
  p_users uuid[] default null,
  p_shard_index integer default 0,
  p_shard_count integer default 1,
  p_after uuid default null,
  p_as_of timestamptz default null,
  p_nudges boolean default false,
  p_every_user boolean default true,
  p_stress_days integer default 3,
  p_cooldown_days integer default 3,
  p_active_days integer default 7,
  p_horizon_days integer default 37
)
returns integer
language plpgsql
stable
security definer
set search_path = ''
as $$
begin
  perform strukt.check_status_windows(p_stress_days, p_cooldown_days, p_active_days, p_horizon_days);
  if p_every_user then
    return (select count(*)::integer
            from public.user_profiles p
            where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
              and strukt.in_page(p.user_id, p_users, p_shard_index, p_shard_count, p_after));
  end if;
  if p_as_of is null then
    raise exception 'p_as_of is required when p_every_user is false' using errcode = '22023';
  end if;
  return (select count(*)::integer
          from strukt.status_users(p_as_of, p_users, p_shard_index, p_shard_count, p_after, null, p_nudges,
                                   p_stress_days, p_active_days, p_horizon_days));
end
$$;

-- As 20261130001500, with the two cooldowns as parameters (defaults: 3 days for proactive
-- check-ins, 7 for nudges).
drop function public.cron_queue_notifications(timestamptz, jsonb);
create function public.cron_queue_notifications(
  p_as_of timestamptz,
  p_notifications jsonb,
  p_checkin_cooldown_days integer default 3,
  p_nudge_cooldown_days integer default 7
)
returns table (user_id uuid, type text, priority text, notification_id uuid)
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_column
begin
  if p_checkin_cooldown_days is null or p_checkin_cooldown_days not between 1 and 366 then
    raise exception 'p_checkin_cooldown_days must be a whole number of days from 1 to 366, got %',
      p_checkin_cooldown_days using errcode = '22023';
  end if;
  if p_nudge_cooldown_days is null or p_nudge_cooldown_days not between 1 and 366 then
    raise exception 'p_nudge_cooldown_days must be a whole number of days from 1 to 366, got %',
      p_nudge_cooldown_days using errcode = '22023';
  end if;

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
      select 1 from strukt.notification_ledger l
      where l.user_id = w.user_id and l.type = w.type
        and l.created_at > p_as_of - pg_catalog.make_interval(
              days => case w.type when 'nudge' then p_nudge_cooldown_days else p_checkin_cooldown_days end)
    )
    returning c.user_id, c.type, c.priority, c.id, c.created_at
  ),
  recorded as (
    insert into strukt.notification_ledger (notification_id, user_id, type, created_at)
    select i.id, i.user_id, i.type, i.created_at from inserted i
  )
  select i.user_id, i.type, i.priority, i.id from inserted i;
end
$$;

revoke all on function
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean, boolean,
                                integer, integer, integer, integer),
  public.cron_status_pending_count(uuid[], integer, integer, uuid, timestamptz, boolean, boolean,
                                   integer, integer, integer, integer),
  public.cron_queue_notifications(timestamptz, jsonb, integer, integer)
  from public, anon, authenticated;
grant execute on function
  public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer, boolean, boolean,
                                integer, integer, integer, integer),
  public.cron_status_pending_count(uuid[], integer, integer, uuid, timestamptz, boolean, boolean,
                                   integer, integer, integer, integer),
  public.cron_queue_notifications(timestamptz, jsonb, integer, integer)
  to service_role;
