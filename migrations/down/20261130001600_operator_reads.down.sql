-- Reverses operator_reads: drops the three per-user reads and restores cron_runs_since exactly as
-- 20261130001000_call_retry_rates created it. The rows they read stay.
drop function if exists public.cron_user_notifications(uuid, timestamptz, timestamptz, integer);
drop function if exists public.cron_user_plans(uuid, timestamptz, timestamptz, integer);
drop function if exists public.cron_user_digests(uuid, timestamptz, timestamptz, integer);
drop function public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer);

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

revoke all on function public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer)
  from public, anon, authenticated;
grant execute on function public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer)
  to service_role;
