-- Why: Phase 3 notifications carry a priority, a delivery channel and a delivery status, and a
-- new type for the proactive check-ins the user-status job queues.

alter table public.coach_notifications
  add column priority text not null default 'normal'
    check (priority in ('low', 'normal', 'high', 'urgent')),
  add column delivery_channel text not null default 'in-app'
    check (delivery_channel in ('in-app', 'push', 'email', 'sms')),
  add column status text not null default 'pending'
    check (status in ('pending', 'delivered', 'failed', 'cancelled'));

alter table public.coach_notifications drop constraint if exists coach_notifications_type_check;
alter table public.coach_notifications add constraint coach_notifications_type_check
  check (type in ('ai_coach_proactive', 'nudge', 'reminder', 'achievement'));

create index if not exists coach_notifications_status_idx on public.coach_notifications (status)
  where status = 'pending';
