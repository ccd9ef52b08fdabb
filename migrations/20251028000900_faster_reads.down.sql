-- Reverses faster_reads: the previous bodies of both functions, then the time zone table.
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
  where l.function_name = p_function_name and l.run_time >= p_since
    and (p_after_time is null or (l.run_time, l.run_id) > (p_after_time, p_after_id))
  order by l.run_time, l.run_id
  limit least(greatest(p_limit, 1), 1000)
$$;

drop table if exists strukt.time_zones;
