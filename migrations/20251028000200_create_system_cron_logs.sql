-- Why: the seed's Phase 3 run log. One row per job run (run_id is its idempotency key), read by
-- the monitoring queries and the health check. Only service_role may read or write it.

create table public.system_cron_logs (
  id uuid primary key default gen_random_uuid(),
  function_name text not null,
  run_status text not null check (run_status in ('success', 'error', 'partial_success')),
  run_time timestamptz not null default now(),
  details jsonb not null default '{}',
  duration_ms integer check (duration_ms >= 0),
  attempts integer not null default 1 check (attempts >= 0),
  error_message text,
  created_at timestamptz not null default now(),
  run_id uuid unique
);

create index idx_system_cron_logs_function_name on public.system_cron_logs (function_name);
create index idx_system_cron_logs_run_time on public.system_cron_logs (run_time desc);
create index idx_system_cron_logs_run_status on public.system_cron_logs (run_status);
-- The health check and job summaries read "the last runs of one job".
create index idx_system_cron_logs_function_run_time on public.system_cron_logs (function_name, run_time desc);

alter table public.system_cron_logs enable row level security;
revoke all on public.system_cron_logs from public, anon, authenticated;
grant select, insert, update, delete on public.system_cron_logs to service_role;
