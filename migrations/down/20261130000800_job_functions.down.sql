-- Reverses job_functions: the jobs' SQL goes; what they wrote (notes, notifications, plans) stays.
drop function if exists public.cron_save_plans(jsonb);
drop function if exists public.cron_plan_pending_count(timestamptz, integer, uuid[], integer, integer, uuid);
drop function if exists public.cron_plan_candidates(timestamptz, integer, uuid[], integer, integer, uuid, integer);
drop index if exists public.strukt_plans_user_version_key;
drop function if exists public.cron_queue_notifications(timestamptz, jsonb);
drop function if exists public.cron_status_pending_count(uuid[], integer, integer, uuid);
drop function if exists public.cron_status_candidates(timestamptz, uuid[], integer, integer, uuid, integer);
drop function if exists public.cron_save_digests(timestamptz, timestamptz, jsonb);
drop function if exists public.cron_digest_pending_count(timestamptz, timestamptz, uuid[], integer, integer, uuid);
drop function if exists public.cron_digest_candidates(timestamptz, timestamptz, uuid[], integer, integer, uuid, integer);
drop function if exists strukt.has_ai_consent(uuid);
drop function if exists strukt.has_activity(uuid, text, timestamptz, timestamptz);
drop function if exists strukt.stress_days(uuid, text, timestamptz, timestamptz);
drop function if exists strukt.in_page(uuid, uuid[], integer, integer, uuid);
drop function if exists strukt.shard_of(uuid, integer);
drop table if exists strukt.time_zones;
