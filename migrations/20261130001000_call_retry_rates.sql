-- Why: a run's `attempts` now counts tries of its own database work, and its OpenAI calls are
-- recorded apart in details.ai (calls, retried_calls), so one retried call no longer marks a whole
-- run as "retried". This adds what monitoring needs to read them:
--  - cron_call_retry_rates: retried OpenAI calls ÷ calls by function over a window (`report`);
--  - cron_runs_since: also each run's considered users and OpenAI calls, for the health check's
--    call-retry-rate and size-aware slow-run checks;
--  - cron_performance: also the users behind the durations and the time per user, beside the
--    seed's flat average.
-- Both replaced functions keep their arguments and their columns first, in order; new columns come
-- last. A return type cannot change in place, so each is dropped and created again (the down
-- restores the old ones). Rows the original Phase 3 logged have no such details: they read as 0
-- calls and unknown users, a missing attempts as 1 and details as {}, as before. A value in
-- details that is not a number reads as unknown rather than failing the health check.

drop function public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer);
drop function public.cron_performance(integer, timestamptz);

-- Runs of one function since p_since, keyset-paged by (run_time, run id): what the health check
-- evaluates. considered is null when the run did not record it; ai_calls and ai_retried_calls are 0.
create function public.cron_runs_since(
  p_function_name text,
  p_since timestamptz,
  p_after_time timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 1000
)
returns table (run_id uuid, run_time timestamptz, run_status text, duration_ms integer, attempts integer,
               period_end text, trigger text, error_message text, considered integer, ai_calls integer,
               ai_retried_calls integer)
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(l.run_id, l.id), l.run_time, l.run_status, l.duration_ms, coalesce(l.attempts, 1),
         l.details #>> '{period,end}', l.details ->> 'trigger', l.error_message,
         case when jsonb_typeof(l.details #> '{counts,considered}') = 'number'
              then least(greatest((l.details #>> '{counts,considered}')::numeric, 0), 2147483647)::integer end,
         case when jsonb_typeof(l.details #> '{ai,calls}') = 'number'
              then least(greatest((l.details #>> '{ai,calls}')::numeric, 0), 2147483647)::integer else 0 end,
         case when jsonb_typeof(l.details #> '{ai,retried_calls}') = 'number'
              then least(greatest((l.details #>> '{ai,retried_calls}')::numeric, 0), 2147483647)::integer else 0 end
  from admin.system_cron_logs l
  where l.function_name = p_function_name
    and l.run_time >= greatest(p_since, coalesce(p_after_time, p_since))
    and (p_after_time is null or (l.run_time, coalesce(l.run_id, l.id)) > (p_after_time, p_after_id))
  order by l.run_time, coalesce(l.run_id, l.id)
  limit least(greatest(p_limit, 1), 1000)
$$;

-- Duration by function over the last p_days, errors excluded (seed: "Performance Metrics"), plus
-- the users those runs considered and the time per user over the runs that recorded users.
create function public.cron_performance(p_days integer default 7, p_now timestamptz default now())
returns table (function_name text, executions integer, avg_duration_ms integer, max_duration_ms integer,
               min_duration_ms integer, users integer, avg_ms_per_user numeric)
language sql
stable
security definer
set search_path = ''
as $$
  with runs as (
    select l.function_name, l.duration_ms,
           case when jsonb_typeof(l.details #> '{counts,considered}') = 'number'
                then greatest((l.details #>> '{counts,considered}')::numeric, 0) end as considered
    from admin.system_cron_logs l
    where l.run_time > p_now - make_interval(days => p_days) and l.run_status <> 'error'
  )
  select r.function_name, count(*)::integer, round(avg(r.duration_ms))::integer, max(r.duration_ms),
         min(r.duration_ms), least(coalesce(sum(r.considered), 0), 2147483647)::integer,
         round(sum(r.duration_ms) filter (where r.considered > 0) / nullif(sum(r.considered) filter (where r.considered > 0), 0), 2)
  from runs r
  group by r.function_name
  order by r.function_name
$$;

-- Share of OpenAI calls that needed a retry by function over the last p_days: retried_calls ÷
-- calls from details.ai. Every run counts in runs; the rate is null for a function without calls.
create function public.cron_call_retry_rates(p_days integer default 30, p_now timestamptz default now())
returns table (function_name text, runs integer, calls integer, retried_calls integer, call_retry_rate_pct numeric)
language sql
stable
security definer
set search_path = ''
as $$
  with runs as (
    select l.function_name,
           case when jsonb_typeof(l.details #> '{ai,calls}') = 'number'
                then greatest((l.details #>> '{ai,calls}')::numeric, 0) else 0 end as calls,
           case when jsonb_typeof(l.details #> '{ai,retried_calls}') = 'number'
                then greatest((l.details #>> '{ai,retried_calls}')::numeric, 0) else 0 end as retried
    from admin.system_cron_logs l
    where l.run_time > p_now - make_interval(days => p_days)
  )
  select r.function_name, count(*)::integer, least(sum(r.calls), 2147483647)::integer,
         least(sum(r.retried), 2147483647)::integer,
         round(100.0 * sum(r.retried) / nullif(sum(r.calls), 0), 2)
  from runs r
  group by r.function_name
  order by r.function_name
$$;

revoke all on function
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer),
  public.cron_performance(integer, timestamptz),
  public.cron_call_retry_rates(integer, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer),
  public.cron_performance(integer, timestamptz),
  public.cron_call_retry_rates(integer, timestamptz)
  to service_role;
