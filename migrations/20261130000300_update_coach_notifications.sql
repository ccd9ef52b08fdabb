-- Why: the seed's Phase 3 notifications carry a priority, a delivery channel and a delivery
-- status, and the type check admits the proactive check-ins and nudges. STRUKT's database has all
-- of it already (nothing changes there); an older one gets the columns, in the seed's shape, and
-- the wider check. Columns added here are tagged by comment; a replaced check is remembered in
-- strukt.install_changes so the down migration restores it exactly.

do $$
declare
  old_check text;
begin
  if not exists (select 1 from information_schema.columns where table_schema = 'public'
                 and table_name = 'coach_notifications' and column_name = 'priority') then
    alter table public.coach_notifications
      add column priority text default 'normal' check (priority in ('low', 'normal', 'high', 'urgent'));
    comment on column public.coach_notifications.priority is 'strukt-cron: added by update_coach_notifications';
  end if;
  if not exists (select 1 from information_schema.columns where table_schema = 'public'
                 and table_name = 'coach_notifications' and column_name = 'delivery_channel') then
    alter table public.coach_notifications
      add column delivery_channel text default 'in-app' check (delivery_channel in ('in-app', 'push', 'email', 'sms'));
    comment on column public.coach_notifications.delivery_channel is 'strukt-cron: added by update_coach_notifications';
  end if;
  if not exists (select 1 from information_schema.columns where table_schema = 'public'
                 and table_name = 'coach_notifications' and column_name = 'status') then
    alter table public.coach_notifications
      add column status text default 'pending' check (status in ('pending', 'delivered', 'failed', 'cancelled'));
    comment on column public.coach_notifications.status is 'strukt-cron: added by update_coach_notifications';
  end if;

  select pg_get_constraintdef(c.oid) into old_check
  from pg_constraint c
  where c.conrelid = 'public.coach_notifications'::regclass and c.conname = 'coach_notifications_type_check';
  if old_check is null or old_check not like '%''ai_coach_proactive''%' or old_check not like '%''nudge''%' then
    insert into strukt.install_changes (change, previous)
    values ('replaced coach_notifications_type_check', old_check);
    alter table public.coach_notifications drop constraint if exists coach_notifications_type_check;
    alter table public.coach_notifications add constraint coach_notifications_type_check
      check (type in ('ai_coach_proactive', 'nudge', 'reminder', 'achievement'));
  end if;
end $$;

-- The cooldown question "did this user get one of these lately?" at every status check.
create index strukt_coach_notifications_cooldown_idx on public.coach_notifications (user_id, type, created_at desc);
