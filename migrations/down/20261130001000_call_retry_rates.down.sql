-- Reverses call_retry_rates: drops cron_call_retry_rates and restores cron_runs_since and
-- cron_performance exactly as 20261130000900_monitoring created them. The logs stay, details.ai
-- included.
drop function if exists public.cron_call_retry_rates(integer, timestamptz);
drop function public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer);
drop function public.cron_performance(integer, timestamptz);

create function public.cron_performance(p_days integer default 7, p_now timestamptz default now())
returns table (function_name text, executions integer, avg_duration_ms integer, max_duration_ms integer,
               min_duration_ms integer)
language sql
stable
security definer
set search_path = ''
as $$
  select l.function_name, count(*)::integer, round(avg(l.duration_ms))::integer, max(l.duration_ms), min(l.duration_ms)
  from admin.system_cron_logs l
  where l.run_time > p_now - make_interval(days => p_days) and l.run_status <> 'error'
  group by l.function_name
  order by l.function_name
$$;

create function public.cron_runs_since(
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
security definer
set search_path = ''
as $$
  select coalesce(l.run_id, l.id), l.run_time, l.run_status, l.duration_ms, coalesce(l.attempts, 1),
         l.details #>> '{period,end}', l.details ->> 'trigger', l.error_message
  from admin.system_cron_logs l
  where l.function_name = p_function_name
    and l.run_time >= greatest(p_since, coalesce(p_after_time, p_since))
    and (p_after_time is null or (l.run_time, coalesce(l.run_id, l.id)) > (p_after_time, p_after_id))
  order by l.run_time, coalesce(l.run_id, l.id)
  limit least(greatest(p_limit, 1), 1000)
$$;

revoke all on function
  public.cron_performance(integer, timestamptz),
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer)
  from public, anon, authenticated;
grant execute on function
  public.cron_performance(integer, timestamptz),
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer)
  to service_role;
