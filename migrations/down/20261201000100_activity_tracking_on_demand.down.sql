-- Reverses activity_tracking_on_demand: strukt.status_users, cron_status_candidates and
-- strukt.rebuild_last_activity as 20261130001700 defines them, word for word (same signatures,
-- so their grants stay), and the
-- activity triggers on every database again, with strukt.last_activity filled from the tables
-- (under the lock cron_activity_tracking describes). The app's rows are untouched.
set local lock_timeout = '5s';

select 1 from public.cron_activity_tracking(true);

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

-- As 20261130001700 wrote it (this migration made it call strukt.fill_last_activity).
-- TRUNCATE fires no row or delete trigger: every row is computed again.
create or replace function strukt.rebuild_last_activity()
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

drop function public.cron_activity_tracking(boolean);
drop function strukt.require_activity_tracking(boolean);
drop function strukt.fill_last_activity();
drop function strukt.activity_tracked();
