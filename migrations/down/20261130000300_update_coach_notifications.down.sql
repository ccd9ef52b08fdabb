-- Reverses update_coach_notifications: the columns it added go (the seed's rollback step) and a
-- type check it replaced comes back. On STRUKT's database it added nothing, so only the index goes.
-- A restored check that rows written since would violate is restored NOT VALID (it binds new
-- rows without deleting history) and a notice says so.
drop index if exists public.strukt_coach_notifications_cooldown_idx;

do $$
declare
  c text;
  previous text;
begin
  foreach c in array array['priority', 'delivery_channel', 'status'] loop
    if col_description('public.coach_notifications'::regclass,
         (select attnum from pg_attribute where attrelid = 'public.coach_notifications'::regclass
            and attname = c and not attisdropped)::integer)
       = 'strukt-cron: added by update_coach_notifications' then
      execute format('alter table public.coach_notifications drop column %I', c);
    end if;
  end loop;

  if exists (select 1 from strukt.install_changes where change = 'replaced coach_notifications_type_check') then
    select i.previous into previous from strukt.install_changes i
    where i.change = 'replaced coach_notifications_type_check';
    alter table public.coach_notifications drop constraint coach_notifications_type_check;
    if previous is not null then
      begin
        execute format('alter table public.coach_notifications add constraint coach_notifications_type_check %s',
                       previous);
      exception when check_violation then
        execute format('alter table public.coach_notifications add constraint coach_notifications_type_check %s not valid',
                       previous);
        raise notice 'coach_notifications_type_check restored NOT VALID: rows written since use types it does not admit';
      end;
    end if;
    delete from strukt.install_changes where change = 'replaced coach_notifications_type_check';
  end if;
end $$;
