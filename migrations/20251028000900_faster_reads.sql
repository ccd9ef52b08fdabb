-- Faster reads for the status check and the health check: the same arguments, rows and
-- decisions as before. Measured with `npm run bench -- status` and `-- health` (bench/RESULTS.md):
-- at 100,000 users the status candidates went from 21 s to 6 s of SQL, and reading a million
-- run logs from 231 s to 5 s.

-- Known time zone names, copied once from pg_timezone_names. The view reads every zone file
-- from disk on each call (~40 ms) and was joined by nested loop: about 1.2 million name
-- comparisons per page of 1,000 users. A name missing here (a zone added by a later tzdata) is
-- still looked up in the view, so this table only ever saves time; it never changes a decision.
create table strukt.time_zones (name text primary key);
comment on table strukt.time_zones is 'strukt-cron: known time zone names for cron_status_candidates';
insert into strukt.time_zones select name from pg_catalog.pg_timezone_names on conflict do nothing;
alter table strukt.time_zones enable row level security;
revoke all on table strukt.time_zones from public, anon, authenticated;
grant select on table strukt.time_zones to service_role;
analyze strukt.time_zones;

-- Four changes, each measured:
-- 1. time zones from strukt.time_zones (above);
-- 2. `figures as materialized`, so stress_days, has_activity and the cooldown checks run once
--    per user: inlined, each reference in the CASE expressions repeated them;
-- 3. the shard test skips md5 when there is one shard. The bare `shard_of(...) = p_shard_index`
--    is estimated to keep 0.5% of the rows (an expression without statistics), so the planner
--    sorted every profile for a page it believed held one row;
-- 4. keyset as an index range: `user_id >= coalesce(p_after, nil uuid)` starts the primary-key
--    scan at the cursor, where `(p_after is null or user_id > p_after)` alone scanned every
--    earlier user again on every page.
-- The page is selected before the zone lookup (`ids`, fenced by its LIMIT) so the join cannot
-- turn the ordered index scan into a sort.
create or replace function public.cron_status_candidates(
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
  with ids as (
    select p.user_id, p.timezone
    from public.user_profiles p
    where p.user_id >= coalesce(p_after, '00000000-0000-0000-0000-000000000000'::uuid)
      and (p_after is null or p.user_id > p_after)
      and (p_users is null or p.user_id = any (p_users))
      and case when p_shard_count <= 1 then p_shard_index = 0
               else strukt.shard_of(p.user_id, p_shard_count) = p_shard_index end
    order by p.user_id
    limit least(greatest(p_limit, 1), 1000)
  ),
  page as (
    -- A timezone PostgreSQL does not know falls back to UTC rather than failing the run. The view
    -- is read at most once per call (its rows are kept and rewound for each user): a page of
    -- 1,000 unknown zones costs what every page cost before this migration (~200 ms).
    select ids.user_id,
           coalesce(t.name,
                    (select n.name from pg_catalog.pg_timezone_names n where n.name = ids.timezone),
                    'UTC') as tz
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

-- `(p_after_time is null or (run_time, run_id) > (…))` cannot bound an index scan, so every page
-- scanned the window from p_since up to its cursor: reading a window was quadratic in its size.
-- Here the cursor's time bounds the scan of (function_name, run_time); the row comparison only
-- breaks ties.
create or replace function public.cron_runs_since(
  p_function_name text,
  p_since timestamptz,
  p_after_time timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 1000
)
returns table (run_id uuid, run_time timestamptz, run_status text, duration_ms integer, attempts integer,
               period_end text, trigger text, error_message text)
language sql
stable
security invoker
set search_path = ''
as $$
  select l.run_id, l.run_time, l.run_status, l.duration_ms, l.attempts,
         l.details #>> '{period,end}', l.details ->> 'trigger', l.error_message
  from public.system_cron_logs l
  where l.function_name = p_function_name
    and l.run_time >= greatest(p_since, coalesce(p_after_time, p_since))
    and (p_after_time is null or (l.run_time, l.run_id) > (p_after_time, p_after_id))
  order by l.run_time, l.run_id
  limit least(greatest(p_limit, 1), 1000)
$$;
