-- Reverses run_engine: live leases are dropped with the table; the run log keeps its rows.
drop function if exists public.cron_recent_runs(text, integer);
drop function if exists public.cron_record_run(uuid, text, text, timestamptz, integer, integer, jsonb, text);
drop function if exists public.cron_release_lease(text, uuid);
drop function if exists public.cron_renew_lease(text, uuid, integer);
drop function if exists public.cron_acquire_lease(text, uuid, integer);
drop table if exists public.cron_leases;
