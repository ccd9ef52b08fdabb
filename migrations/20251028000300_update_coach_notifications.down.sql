-- The seed's rollback step: drop priority, delivery_channel and status, and restore the old type
-- check. Existing 'ai_coach_proactive' rows are kept: the old check is restored NOT VALID so it
-- binds new rows without destroying history (delete them first if you need a validated check).

drop index if exists public.coach_notifications_status_idx;
alter table public.coach_notifications
  drop column if exists priority,
  drop column if exists delivery_channel,
  drop column if exists status;
alter table public.coach_notifications drop constraint if exists coach_notifications_type_check;
alter table public.coach_notifications add constraint coach_notifications_type_check
  check (type in ('nudge', 'reminder', 'achievement')) not valid;
