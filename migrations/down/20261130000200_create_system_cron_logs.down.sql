-- Reverses create_system_cron_logs. A run log this migration created is dropped (the seed's
-- rollback step, history lost); STRUKT's own keeps every row, including the runs strukt-cron
-- logged, and loses only run_id and the two indexes; a moved one goes back to public.
drop index if exists admin.strukt_system_cron_logs_function_run_time;
drop index if exists admin.strukt_system_cron_logs_run_id_key;

do $$
begin
  if to_regclass('admin.system_cron_logs') is null then
    return;
  end if;
  if col_description('admin.system_cron_logs'::regclass,
       (select attnum from pg_attribute where attrelid = 'admin.system_cron_logs'::regclass
          and attname = 'run_id' and not attisdropped)::integer)
     = 'strukt-cron: added by create_system_cron_logs' then
    alter table admin.system_cron_logs drop column run_id;
  end if;
  if obj_description('admin.system_cron_logs'::regclass, 'pg_class') = 'strukt-cron: created by create_system_cron_logs' then
    drop table admin.system_cron_logs;
  elsif exists (select 1 from strukt.install_changes where change = 'moved system_cron_logs to admin') then
    alter table admin.system_cron_logs set schema public;
    delete from strukt.install_changes where change = 'moved system_cron_logs to admin';
  end if;
  if exists (select 1 from pg_namespace where nspname = 'admin'
             and obj_description(oid, 'pg_namespace') = 'strukt-cron: created by create_system_cron_logs') then
    drop schema admin;
  end if;
end $$;
