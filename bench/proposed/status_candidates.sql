-- Bench-only: a proposed rewrite of public.cron_status_candidates, created in the benchmark
-- database (schema bench) to measure the expected effect of the change. Not a migration.
-- Same arguments, rows and decision; four differences:
-- 1. Known time zones come from a table filled once from pg_timezone_names. The view reads the
--    zone files from disk on every call (~40 ms) and was joined by nested loop: about 1.2
--    million name comparisons per page of 1,000 users.
-- 2. `figures as materialized`, so stress_days, has_activity and the cooldown checks run once
--    per user. Inlined, each reference in the CASE expressions repeated them.
-- 3. The shard test as a CASE that skips md5 when there is one shard. The bare
--    `shard_of(...) = p_shard_index` is estimated to keep 0.5% of the rows (an expression
--    without statistics), so any plan change (such as point 4) made the planner sort every
--    profile for a page it believed held one row.
-- 4. Keyset as an index range: `user_id >= coalesce(p_after, nil uuid)` starts the primary-key
--    scan at the cursor, where `(p_after is null or user_id > p_after)` alone scans every earlier
--    user again on every page.
-- The page is selected before the zone lookup (`ids`, fenced by its LIMIT) so the join cannot
-- turn the ordered index scan into a sort.
create schema if not exists bench;

create table if not exists bench.time_zones (name text primary key);
insert into bench.time_zones select name from pg_catalog.pg_timezone_names on conflict do nothing;
analyze bench.time_zones;

create or replace function bench.status_candidates(
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
    select ids.user_id, coalesce(t.name, 'UTC') as tz
    from ids
    left join bench.time_zones t on t.name = ids.timezone
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
