-- Why: the seed's Phase 3 run log, one row per job run, read by the monitoring queries and the
-- health check. STRUKT's security audit moved it to admin.system_cron_logs (out of PostgREST's
-- reach), and that is where every run is logged: the history the original Phase 3 functions
-- wrote stays in the same table, so the seed's queries (run against admin.system_cron_logs) read
-- old and new runs together.
--  - admin.system_cron_logs exists (STRUKT today): kept as it is; only run_id and indexes added.
--  - only public.system_cron_logs exists (a database from before the audit): moved to admin, as
--    the audit did, with its rows; the down migration moves it back.
--  - neither (a new database): created in the shape the audit left it.
-- run_id is each run's idempotency key; rows logged before it existed have none.

do $$
begin
  if to_regclass('admin.system_cron_logs') is null and to_regclass('public.system_cron_logs') is not null then
    if to_regnamespace('admin') is null then
      create schema admin;
      comment on schema admin is 'strukt-cron: created by create_system_cron_logs';
    end if;
    alter table public.system_cron_logs set schema admin;
    insert into strukt.install_changes (change, previous)
    values ('moved system_cron_logs to admin', 'public');
  end if;

  if to_regclass('admin.system_cron_logs') is null then
    if to_regnamespace('admin') is null then
      create schema admin;
      comment on schema admin is 'strukt-cron: created by create_system_cron_logs';
    end if;
    create table admin.system_cron_logs (
      id uuid primary key default gen_random_uuid(),
      function_name text not null,
      run_status text not null check (run_status in ('success', 'error', 'partial_success')),
      run_time timestamptz not null default now(),
      details jsonb,
      duration_ms integer,
      attempts integer default 1,
      error_message text,
      created_at timestamptz not null default now()
    );
    comment on table admin.system_cron_logs is 'strukt-cron: created by create_system_cron_logs';
    create index idx_system_cron_logs_function_name on admin.system_cron_logs (function_name);
    create index idx_system_cron_logs_run_time on admin.system_cron_logs (run_time desc);
    create index idx_system_cron_logs_run_status on admin.system_cron_logs (run_status);
    alter table admin.system_cron_logs enable row level security;
    create policy service_role_can_insert_cron_logs on admin.system_cron_logs for insert
      with check (auth.role() = 'service_role');
    create policy service_role_can_view_all_cron_logs on admin.system_cron_logs for select
      using (auth.role() = 'service_role');
    revoke all on admin.system_cron_logs from public, anon, authenticated;
    grant all on admin.system_cron_logs to service_role;
  end if;

  if not exists (select 1 from pg_attribute where attrelid = 'admin.system_cron_logs'::regclass
                 and attname = 'run_id' and not attisdropped) then
    alter table admin.system_cron_logs add column run_id uuid;
    comment on column admin.system_cron_logs.run_id is 'strukt-cron: added by create_system_cron_logs';
  end if;
end $$;

create unique index strukt_system_cron_logs_run_id_key on admin.system_cron_logs (run_id);
-- The health check and job summaries read "the runs of one job, by time".
create index strukt_system_cron_logs_function_run_time on admin.system_cron_logs (function_name, run_time desc);
