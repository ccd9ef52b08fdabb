-- Why: no two live runs of the same job and shard (a lease that expires, so a crashed run does
-- not block the next), and one idempotent run record per run in admin.system_cron_logs.
--
-- Every cron_* function is for service_role alone and runs as its owner (security definer with
-- an empty search_path, every name qualified): service_role needs no privilege on the app's
-- tables or on schema admin, so the install grants nothing on objects it did not create.

create table public.cron_leases (
  lease_key text primary key,
  holder uuid not null,
  acquired_at timestamptz not null default now(),
  expires_at timestamptz not null
);
alter table public.cron_leases enable row level security;
revoke all on public.cron_leases from public, anon, authenticated;
grant select, insert, update, delete on public.cron_leases to service_role;

-- Takes the lease when it is free or expired. Returns true when p_holder now holds it.
create function public.cron_acquire_lease(p_key text, p_holder uuid, p_ttl_seconds integer)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with taken as (
    insert into public.cron_leases as l (lease_key, holder, acquired_at, expires_at)
    values (p_key, p_holder, now(), now() + make_interval(secs => p_ttl_seconds))
    on conflict (lease_key) do update
      set holder = excluded.holder, acquired_at = excluded.acquired_at, expires_at = excluded.expires_at
      where l.expires_at < now() or l.holder = excluded.holder
    returning 1
  )
  select exists (select 1 from taken)
$$;

-- Extends a held lease; false when it was lost (expired and taken by another run).
create function public.cron_renew_lease(p_key text, p_holder uuid, p_ttl_seconds integer)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with renewed as (
    update public.cron_leases set expires_at = now() + make_interval(secs => p_ttl_seconds)
    where lease_key = p_key and holder = p_holder
    returning 1
  )
  select exists (select 1 from renewed)
$$;

create function public.cron_release_lease(p_key text, p_holder uuid)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with released as (
    delete from public.cron_leases where lease_key = p_key and holder = p_holder returning 1
  )
  select exists (select 1 from released)
$$;

-- One row per run; a retried write of the same run is a no-op.
create function public.cron_record_run(
  p_run_id uuid,
  p_function_name text,
  p_run_status text,
  p_run_time timestamptz,
  p_duration_ms integer,
  p_attempts integer,
  p_details jsonb,
  p_error_message text
)
returns boolean
language sql
security definer
set search_path = ''
as $$
  with inserted as (
    insert into admin.system_cron_logs
      (run_id, function_name, run_status, run_time, duration_ms, attempts, details, error_message)
    values (p_run_id, p_function_name, p_run_status, p_run_time, p_duration_ms, p_attempts,
            coalesce(p_details, '{}'::jsonb), p_error_message)
    on conflict (run_id) do nothing
    returning 1
  )
  select exists (select 1 from inserted)
$$;

-- The last runs of one job, newest first (job summaries and the health check). Runs the
-- original Phase 3 logged have no run_id: their row id stands in, and a missing attempts or
-- details reads as 1 and {}.
create function public.cron_recent_runs(p_function_name text, p_limit integer default 20)
returns table (
  run_id uuid, run_status text, run_time timestamptz, duration_ms integer, attempts integer,
  error_message text, details jsonb
)
language sql
stable
security definer
set search_path = ''
as $$
  select coalesce(l.run_id, l.id), l.run_status, l.run_time, l.duration_ms, coalesce(l.attempts, 1),
         l.error_message, coalesce(l.details, '{}'::jsonb)
  from admin.system_cron_logs l
  where l.function_name = p_function_name
  order by l.run_time desc
  limit least(greatest(p_limit, 1), 1000)
$$;

revoke all on function public.cron_acquire_lease(text, uuid, integer), public.cron_renew_lease(text, uuid, integer),
  public.cron_release_lease(text, uuid),
  public.cron_record_run(uuid, text, text, timestamptz, integer, integer, jsonb, text),
  public.cron_recent_runs(text, integer)
  from public, anon, authenticated;
grant execute on function public.cron_acquire_lease(text, uuid, integer), public.cron_renew_lease(text, uuid, integer),
  public.cron_release_lease(text, uuid),
  public.cron_record_run(uuid, text, text, timestamptz, integer, integer, jsonb, text),
  public.cron_recent_runs(text, integer)
  to service_role;
