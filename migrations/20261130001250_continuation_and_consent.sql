-- Why: two things the operator could not see or rely on.
--  1. A digest run cut short (time budget, quota, failed users) ends partial_success and its
--     remaining users waited for someone to dispatch a run by hand. The health check now reads the
--     runs of recent periods (cron_period_runs) and continues an unfinished period by itself.
--  2. Only users with an openai_processing consent get AI text; everyone else gets a template. The
--     runs record how many users that was (figures digests.template_no_consent and
--     plans.fallback_no_consent); `strukt-cron report` and `verify` read them here.
-- service_role only, like every cron_* function.

-- Runs of one function that recorded a period, started at or after p_since, newest first, with
-- the shard and counts the continuation decision needs. Figures are read only when they are JSON
-- numbers: rows the original Phase 3 logged carry other details and read as null.
create function public.cron_period_runs(
  p_function_name text,
  p_since timestamptz,
  p_limit integer default 1000
)
returns table (run_id uuid, run_time timestamptz, run_status text, period_start text, period_end text,
               shard text, users_filtered boolean, succeeded integer, failed integer, remaining integer)
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(l.run_id, l.id), l.run_time, l.run_status,
         l.details #>> '{period,start}', l.details #>> '{period,end}',
         case when pg_catalog.jsonb_typeof(l.details -> 'shard') = 'string' then l.details ->> 'shard' end,
         coalesce(pg_catalog.jsonb_typeof(l.details -> 'users_filter') = 'number', false),
         case when pg_catalog.jsonb_typeof(l.details #> '{counts,succeeded}') = 'number'
              then (l.details #>> '{counts,succeeded}')::numeric::integer end,
         case when pg_catalog.jsonb_typeof(l.details #> '{counts,failed}') = 'number'
              then (l.details #>> '{counts,failed}')::numeric::integer end,
         case when pg_catalog.jsonb_typeof(l.details #> '{counts,remaining}') = 'number'
              then (l.details #>> '{counts,remaining}')::numeric::integer end
  from admin.system_cron_logs l
  where l.function_name = p_function_name
    and l.run_time >= p_since
    and l.details #>> '{period,end}' is not null
  order by l.run_time desc, coalesce(l.run_id, l.id) desc
  limit least(greatest(p_limit, 1), 1000)
$$;

-- Users with an active openai_processing consent: the only ones whose data goes to OpenAI.
create function public.cron_ai_consent_users()
returns integer
language sql
stable
security definer
set search_path = ''
as $$
  select count(distinct c.user_id)::integer
  from public.user_consents c
  where c.consent_type = 'openai_processing' and c.granted and c.withdrawn_at is null
$$;

-- Per function over the last p_days: runs, and the users those runs gave a template (digests) or
-- the fallback plan (plans) because they had no openai_processing consent.
create function public.cron_consent_fallbacks(p_days integer default 30, p_now timestamptz default now())
returns table (function_name text, runs integer, no_consent integer)
language sql
stable
security definer
set search_path = ''
as $$
  select l.function_name, count(*)::integer,
         coalesce(sum(
           case when pg_catalog.jsonb_typeof(l.details #> '{figures,digests.template_no_consent}') = 'number'
                then (l.details #>> '{figures,digests.template_no_consent}')::numeric else 0 end
         + case when pg_catalog.jsonb_typeof(l.details #> '{figures,plans.fallback_no_consent}') = 'number'
                then (l.details #>> '{figures,plans.fallback_no_consent}')::numeric else 0 end
         ), 0)::integer
  from admin.system_cron_logs l
  where l.run_time > p_now - make_interval(days => p_days)
    and l.function_name in ('generateWeeklyDigest', 'generatePlans')
  group by l.function_name
  order by l.function_name
$$;

revoke all on function
  public.cron_period_runs(text, timestamptz, integer),
  public.cron_ai_consent_users(),
  public.cron_consent_fallbacks(integer, timestamptz)
  from public, anon, authenticated;
grant execute on function
  public.cron_period_runs(text, timestamptz, integer),
  public.cron_ai_consent_users(),
  public.cron_consent_fallbacks(integer, timestamptz)
  to service_role;
