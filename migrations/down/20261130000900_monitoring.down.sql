-- Reverses monitoring: only the functions go; the logs they read stay.
drop function if exists public.cron_prune(integer, timestamptz);
drop function if exists public.cron_runs_since(text, timestamptz, timestamptz, uuid, integer);
drop function if exists public.cron_notification_trends(integer, timestamptz);
drop function if exists public.cron_error_analysis(integer, timestamptz);
drop function if exists public.cron_recent_errors(integer);
drop function if exists public.cron_retry_rates(integer, timestamptz);
drop function if exists public.cron_performance(integer, timestamptz);
drop function if exists public.cron_success_rates(integer, timestamptz);
