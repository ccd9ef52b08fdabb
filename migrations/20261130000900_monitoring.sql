-- Why: the seed's monitoring queries as functions, so `strukt-cron report`, the health check and
-- job summaries read the same figures over every transport (PostgREST exposes functions, not
-- ad-hoc SQL), over admin.system_cron_logs: the runs the original Phase 3 logged and the runs
-- strukt-cron logs, together. Plus the retry-needed rate, the health window and retention.
-- service_role only. Rows from before run_id existed read their row id as run id, a missing
-- attempts as 1.

-- Success rate by function over the last p_days (seed: "Success Rate Analysis").
create function public.cron_success_rates(p_days integer default 30, p_now timestamptz default now())
returns table (function_name text, total_runs integer, successful integer, success_rate_pct numeric)
language sql
stable
security definer
set search_path = ''
as $$
  select l.function_name,
         count(*)::integer,
         count(*) filter (where l.run_status = 'success')::integer,
         round(100.0 * count(*) filter (where l.run_status = 'success') / count(*), 2)
  from admin.system_cron_logs l
  where l.run_time > p_now - make_interval(days => p_days)
  group by l.function_name
  order by l.function_name
$$;

-- Duration by function over the last p_days, errors excluded (seed: "Performance Metrics").
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

-- Share of runs that needed a retry (attempts > 1) by function over the last p_days.
create function public.cron_retry_rates(p_days integer default 30, p_now timestamptz default now())
returns table (function_name text, runs integer, retried integer, retry_rate_pct numeric)
language sql
stable
security definer
set search_path = ''
as $$
  select l.function_name, count(*)::integer, count(*) filter (where l.attempts > 1)::integer,
         round(100.0 * count(*) filter (where l.attempts > 1) / count(*), 2)
  from admin.system_cron_logs l
  where l.run_time > p_now - make_interval(days => p_days)
  group by l.function_name
  order by l.function_name
$$;

-- The most recent error runs (seed: "Recent errors with details").
create function public.cron_recent_errors(p_limit integer default 20)
returns table (function_name text, run_time timestamptz, error_message text, details jsonb, attempts integer)
language sql
stable
security definer
set search_path = ''
as $$
  select l.function_name, l.run_time, l.error_message, coalesce(l.details, '{}'::jsonb), coalesce(l.attempts, 1)
  from admin.system_cron_logs l
  where l.run_status = 'error'
  order by l.run_time desc
  limit least(greatest(p_limit, 1), 1000)
$$;

-- Errors grouped by message over the last p_days (seed: "High Error Rate"). Grouped by function
-- and message only: every run's details differ, so grouping by them would count each once.
create function public.cron_error_analysis(p_days integer default 7, p_now timestamptz default now())
returns table (function_name text, error_message text, occurrences integer, last_seen timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select l.function_name, coalesce(l.error_message, '(no message)'), count(*)::integer, max(l.run_time)
  from admin.system_cron_logs l
  where l.run_status = 'error' and l.run_time > p_now - make_interval(days => p_days)
  group by 1, 2
  order by 3 desc, 4 desc
  limit 100
$$;

-- Notifications per day over the last p_days, with the proactive ones (seed: "Notification Trends").
create function public.cron_notification_trends(p_days integer default 30, p_now timestamptz default now())
returns table (date date, notifications_sent integer, proactive_count integer)
language sql
stable
security definer
set search_path = ''
as $$
  select (n.created_at at time zone 'UTC')::date, count(*)::integer,
         count(*) filter (where n.type = 'ai_coach_proactive')::integer
  from public.coach_notifications n
  where n.created_at > p_now - make_interval(days => p_days)
  group by 1
  order by 1 desc
$$;

-- Runs of one function since p_since, lightest columns only, keyset-paged by (run_time, run id):
-- what the health check evaluates (rates, durations, streaks, missed slots). The cursor's time
-- bounds the scan of (function_name, run_time); the run id only breaks ties.
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

-- Retention: deletes run logs older than p_keep_days and expired leases.
create function public.cron_prune(p_keep_days integer default 90, p_now timestamptz default now())
returns table (logs_deleted integer, leases_deleted integer)
language plpgsql
security definer
set search_path = ''
as $$
declare
  logs integer;
  leases integer;
begin
  if p_keep_days < 1 then
    raise exception 'p_keep_days must be at least 1, got %', p_keep_days using errcode = '22023';
  end if;
  delete from admin.system_cron_logs where run_time < p_now - make_interval(days => p_keep_days);
  get diagnostics logs = row_count;
  delete from public.cron_leases where expires_at < p_now;
  get diagnostics leases = row_count;
  return query select logs, leases;
end
$$;

revoke all on function
  public.cron_success_rates(integer, timestamptz), public.cron_performance(integer, timestamptz),
  public.cron_retry_rates(integer, timestamptz), public.cron_recent_errors(integer),
  public.cron_error_analysis(integer, timestamptz), public.cron_notification_trends(integer, timestamptz),
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer), public.cron_prune(integer, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.cron_success_rates(integer, timestamptz), public.cron_performance(integer, timestamptz),
  public.cron_retry_rates(integer, timestamptz), public.cron_recent_errors(integer),
  public.cron_error_analysis(integer, timestamptz), public.cron_notification_trends(integer, timestamptz),
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer), public.cron_prune(integer, timestamptz)
  to service_role;
