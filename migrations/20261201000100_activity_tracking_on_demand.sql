-- Why: the statement triggers that keep strukt.last_activity (20261130001700) cost the app's
-- inserts 19–75% on a 1,000-row batch (docs/benchmarks.md, insert overhead), and only the
-- inactivity nudges read that table. Nudges are opt-in: most databases paid the cost for nothing.
-- Now the triggers exist only on a database where a status run has asked for nudges:
--  - public.cron_activity_tracking(p_on) creates the triggers and fills strukt.last_activity from
--    the tables (on), or drops them and empties it (off). A status run with nudges on calls it
--    with true before it reads anything; an operator can turn it off again (`strukt-cron db
--    activity-tracking off`). Tracking is on when all twenty triggers exist and are enabled:
--    pg_catalog.pg_trigger is the one record of it, so no flag can drift from the triggers.
--  - With tracking off, the status functions refuse nudges (55000, with the way out in the hint)
--    rather than decide them from an empty table; the operators' view (p_every_user) reads the
--    activity tables instead; and the job's own call without nudges reads no activity at all:
--    active_last_7_days and active_before are null there, since that decision never uses them.
-- What the default install still adds to the app's inserts: the partial index of stressful mood
-- logs (mood_logs only) and the stress evidence of 20261130001100 (ai_coach_logs, unchanged).
--
-- On a live database: this migration drops triggers (a short share row exclusive lock on each
-- table, no scan) and empties strukt.last_activity. A database that had nudges on is tracked
-- again by its next status run with nudges, which refills the table under the lock described at
-- cron_activity_tracking.
set local lock_timeout = '5s';

-- Whether strukt.last_activity is being kept: the four triggers on each of the five tables, enabled.
create function strukt.activity_tracked()
returns boolean
language sql
stable
set search_path = ''
as $$
  select count(*) = 20
  from pg_catalog.pg_trigger g
  where g.tgname in ('strukt_last_activity_insert', 'strukt_last_activity_update',
                     'strukt_last_activity_delete', 'strukt_last_activity_truncate')
    and g.tgenabled <> 'D'
    and g.tgrelid in ('public.ai_coach_logs'::regclass, 'public.workouts'::regclass, 'public.meals'::regclass,
                      'public.sleep_logs'::regclass, 'public.mood_logs'::regclass)
$$;

-- The latest activity of every user, from the tables (the TRUNCATE trigger, below, calls it too).
create function strukt.fill_last_activity()
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_users integer;
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
  get diagnostics v_users = row_count;
  return v_users;
end
$$;

-- The TRUNCATE trigger of 20261130001700 wrote the same statement out: one definition now.
create or replace function strukt.rebuild_last_activity()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform strukt.fill_last_activity();
  return null;
end
$$;

revoke all on function strukt.activity_tracked(), strukt.fill_last_activity() from public;

-- Turns the keeping of strukt.last_activity on (p_on true) or off (false); does nothing when it
-- already is, or when p_on is null (the default: only report). Returns the state, whether this
-- call changed it, and how many users strukt.last_activity holds.
-- Turning it on holds the app's inserts into the five tables (share row exclusive: never its
-- reads) from the triggers' creation to the commit, so no row can slip between the fill's
-- snapshot and the triggers: one pass over the activity tables, about 1 s per million rows on the
-- benchmark machine. lock_timeout makes it give up rather than queue the app behind a long
-- transaction; the caller's retry or next run tries again.
create function public.cron_activity_tracking(p_on boolean default null)
returns table (tracking boolean, changed boolean, users integer)
language plpgsql
volatile
security definer
set search_path = ''
set lock_timeout = '5s'
-- Without the notices of "drop trigger if exists" for triggers that were never there.
set client_min_messages = warning
as $$
declare
  t text;
  v_users integer;
begin
  if p_on is null then
    return query select strukt.activity_tracked(), false, (select count(*)::integer from strukt.last_activity);
    return;
  end if;
  -- Two runs turning it on at once: the second waits here, then finds it on.
  perform pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('strukt.activity_tracking'));
  if strukt.activity_tracked() = p_on then
    return query select p_on, false, (select count(*)::integer from strukt.last_activity);
    return;
  end if;
  if p_on then
    lock table public.ai_coach_logs, public.workouts, public.meals, public.sleep_logs, public.mood_logs
      in share row exclusive mode;
  end if;
  foreach t in array array['ai_coach_logs', 'workouts', 'meals', 'sleep_logs', 'mood_logs'] loop
    -- "if exists": a trigger dropped or disabled by hand leaves a partial set; start again from none.
    execute pg_catalog.format('drop trigger if exists strukt_last_activity_insert on public.%I', t);
    execute pg_catalog.format('drop trigger if exists strukt_last_activity_update on public.%I', t);
    execute pg_catalog.format('drop trigger if exists strukt_last_activity_delete on public.%I', t);
    execute pg_catalog.format('drop trigger if exists strukt_last_activity_truncate on public.%I', t);
    if p_on then
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
    end if;
  end loop;
  if p_on then
    v_users := strukt.fill_last_activity();
    analyze strukt.last_activity;
  else
    -- Stale from the moment the triggers are gone: nothing may read it until tracking is on again.
    delete from strukt.last_activity;
    v_users := 0;
  end if;
  return query select p_on, true, v_users;
end
$$;

revoke all on function public.cron_activity_tracking(boolean) from public, anon, authenticated;
grant execute on function public.cron_activity_tracking(boolean) to service_role;

-- Off by default: what 20261130001700 installed goes.
select 1 from public.cron_activity_tracking(false);

-- The status functions' guard: nudges are decided from strukt.last_activity, which is kept only
-- while tracking is on.
create function strukt.require_activity_tracking(p_nudges boolean)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_nudges and not strukt.activity_tracked() then
    raise exception 'inactivity nudges need activity tracking, and it is off on this database'
      using errcode = '55000',
            hint = 'Turn it on with select * from public.cron_activity_tracking(true) (a status run with nudges does).';
  end if;
end
$$;

revoke all on function strukt.require_activity_tracking(boolean) from public;

------------------------------------------------------------------------------------------------
-- The status decision: as 20261130001700, but nudges only with tracking on, and no activity
-- figures where the decision does not need them
------------------------------------------------------------------------------------------------

-- As 20261130001700, with the guard: a page with p_nudges refuses to run while tracking is off.
create or replace function strukt.status_users(
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
  perform strukt.require_activity_tracking(p_nudges);
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

-- As 20261130001700, except: the guard for p_nudges; with tracking off, the activity figures come
-- from the tables (strukt.has_activity) for every user; with neither p_nudges nor p_every_user
-- (the job's check-ins), active_last_7_days and active_before are null and nothing is read for them.
create or replace function public.cron_status_candidates(
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
declare
  -- With tracking off, strukt.last_activity is empty: every user is read from the tables ("later").
  v_tracked boolean := strukt.activity_tracked();
  -- The job's own call without nudges decides check-ins only, which need no activity figure.
  v_activity boolean := p_nudges or p_every_user;
begin
  perform strukt.check_status_windows(p_stress_days, p_cooldown_days, p_active_days, p_horizon_days);
  perform strukt.require_activity_tracking(p_nudges);
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
      case when r.recent or not v_activity then null
           when l.later then strukt.has_activity(page.user_id, page.tz, page.horizon_from, page.active_from)
           else coalesce(page.last_at >= page.horizon_from, false)
                or coalesce(page.last_day >= (page.horizon_from at time zone page.tz)::date, false)
      end as active_before
    from page
    cross join lateral (
      select not v_tracked
               or coalesce(page.last_at >= p_as_of, false)
               or coalesce(page.last_day > ((p_as_of - interval '1 microsecond') at time zone page.tz)::date, false)
               as later
    ) l
    cross join lateral (
      select case when not v_activity then null
                  when l.later then strukt.has_activity(page.user_id, page.tz, page.active_from, p_as_of)
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
