-- Why: the person on call had to open the database to learn two things (issue 18, items 3 and 7).
--  - What the jobs wrote for one user: `strukt-cron show digest|plan|notifications` reads it
--    through cron_user_digests, cron_user_plans and cron_user_notifications, so it works on every
--    transport (PostgREST exposes functions, not ad-hoc SQL) and on the embedded database, where
--    there is no psql. Each returns one user's rows, newest first, optionally within a time range;
--    an operator command prints them to the operator's own terminal, never to a log.
--  - Which workflow run failed: cron_runs_since also returns the run's GitHub Actions link
--    (details.run_url) for runs that did not succeed, so an alert issue can link the failing run
--    beside its error message.
-- cron_runs_since keeps its arguments and its columns first, in order; run_url comes last. A return
-- type cannot change in place, so it is dropped and created again (the down restores the old one).
-- service_role only, like every cron_* function.

drop function public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer);

-- Runs of one function since p_since, keyset-paged by (run_time, run id): what the health check
-- evaluates. considered is null when the run did not record it; ai_calls and ai_retried_calls are 0.
-- run_url only for runs that did not succeed: the page stays light, and only failures are linked.
create function public.cron_runs_since(
  p_function_name text,
  p_since timestamptz,
  p_after_time timestamptz default null,
  p_after_id uuid default null,
  p_limit integer default 1000
)
returns table (run_id uuid, run_time timestamptz, run_status text, duration_ms integer, attempts integer,
               period_end text, trigger text, error_message text, considered integer, ai_calls integer,
               ai_retried_calls integer, run_url text)
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
              then least(greatest((l.details #>> '{ai,retried_calls}')::numeric, 0), 2147483647)::integer else 0 end,
         case when l.run_status <> 'success' and jsonb_typeof(l.details -> 'run_url') = 'string'
              then l.details ->> 'run_url' end
  from admin.system_cron_logs l
  where l.function_name = p_function_name
    and l.run_time >= greatest(p_since, coalesce(p_after_time, p_since))
    and (p_after_time is null or (l.run_time, coalesce(l.run_id, l.id)) > (p_after_time, p_after_id))
  order by l.run_time, coalesce(l.run_id, l.id)
  limit least(greatest(p_limit, 1), 1000)
$$;

-- One user's weekly digests, newest period first; with p_from / p_to only those whose period
-- starts in [p_from, p_to). Notes the app wrote before strukt-cron have no period: their creation
-- time stands in for it.
create function public.cron_user_digests(
  p_user_id uuid,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_limit integer default 1
)
returns table (note_id uuid, period_start timestamptz, period_end timestamptz, generation_method text,
               model text, created_at timestamptz, note text)
language sql
stable
security definer
set search_path = ''
as $$
  select n.id, n.period_start, n.period_end, n.generation_method, n.model, n.created_at, n.note
  from public.ai_coach_notes n
  where n.user_id = p_user_id
    and n.type = 'weekly_summary'
    and (p_from is null or coalesce(n.period_start, n.created_at) >= p_from)
    and (p_to is null or coalesce(n.period_start, n.created_at) < p_to)
  order by coalesce(n.period_start, n.created_at) desc, n.created_at desc
  limit least(greatest(p_limit, 1), 100)
$$;

-- One user's plans, newest version first; with p_from / p_to only those created in [p_from, p_to).
create function public.cron_user_plans(
  p_user_id uuid,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_limit integer default 1
)
returns table (plan_id uuid, version integer, generation_method text, fallback_reason text, is_valid boolean,
               created_at timestamptz, plan_data jsonb)
language sql
stable
security definer
set search_path = ''
as $$
  select p.id, p.version, p.generation_method, p.fallback_reason, p.is_valid, p.created_at, p.plan_data
  from public.plans p
  where p.user_id = p_user_id
    and (p_from is null or p.created_at >= p_from)
    and (p_to is null or p.created_at < p_to)
  order by p.version desc, p.created_at desc nulls last
  limit least(greatest(p_limit, 1), 100)
$$;

-- One user's coach notifications (what the status check queued, and any the app wrote), newest
-- first; with p_from / p_to only those created in [p_from, p_to).
create function public.cron_user_notifications(
  p_user_id uuid,
  p_from timestamptz default null,
  p_to timestamptz default null,
  p_limit integer default 20
)
returns table (notification_id uuid, created_at timestamptz, type text, priority text, status text,
               delivery_channel text, message text)
language sql
stable
security definer
set search_path = ''
as $$
  select c.id, c.created_at, c.type, c.priority, c.status, c.delivery_channel, c.message
  from public.coach_notifications c
  where c.user_id = p_user_id
    and (p_from is null or c.created_at >= p_from)
    and (p_to is null or c.created_at < p_to)
  order by c.created_at desc, c.id
  limit least(greatest(p_limit, 1), 100)
$$;

revoke all on function
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer),
  public.cron_user_digests(uuid, timestamptz, timestamptz, integer),
  public.cron_user_plans(uuid, timestamptz, timestamptz, integer),
  public.cron_user_notifications(uuid, timestamptz, timestamptz, integer)
  from public, anon, authenticated;
grant execute on function
  public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer),
  public.cron_user_digests(uuid, timestamptz, timestamptz, integer),
  public.cron_user_plans(uuid, timestamptz, timestamptz, integer),
  public.cron_user_notifications(uuid, timestamptz, timestamptz, integer)
  to service_role;
