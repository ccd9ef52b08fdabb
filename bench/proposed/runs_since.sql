-- Bench-only: a proposed rewrite of public.cron_runs_since, created in the benchmark database
-- (schema bench) to measure the expected effect of the change. Not a migration.
-- Same arguments and rows. `(p_after_time is null or (run_time, run_id) > (…))` cannot bound an
-- index scan, so every page scanned the window from p_since up to its cursor (page k reads about
-- k pages of rows of every job): reading a window is quadratic in its size. Here the cursor's
-- time bounds the scan of (function_name, run_time) and the row comparison only breaks ties.
create schema if not exists bench;

create or replace function bench.runs_since(
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
