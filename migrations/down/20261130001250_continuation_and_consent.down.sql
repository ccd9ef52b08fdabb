-- Reverses continuation_and_consent: only the functions go; the run logs they read stay.
drop function if exists public.cron_consent_fallbacks(integer, timestamptz);
drop function if exists public.cron_ai_consent_users();
drop function if exists public.cron_period_runs(text, timestamptz, integer);
