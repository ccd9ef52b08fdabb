-- The seed's rollback step: drop system_cron_logs (its run history is lost).
drop table if exists public.system_cron_logs;
