-- Reverses cost_by_week: drops cron_cost_by_week. The logs stay, details.usage.batch included.
drop function if exists public.cron_cost_by_week(integer, timestamptz);
