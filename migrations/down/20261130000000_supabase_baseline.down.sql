-- Reverses the baseline: removes only objects the baseline created (tagged by comment), so on
-- Supabase it removes nothing. Roles are cluster-wide: one still used by another database stays.

drop schema if exists strukt cascade;

do $$
begin
  if obj_description('auth.uid()'::regprocedure, 'pg_proc') = 'strukt-cron baseline' then
    drop function auth.uid();
  end if;
  if obj_description('auth.role()'::regprocedure, 'pg_proc') = 'strukt-cron baseline' then
    drop function auth.role();
  end if;
  if to_regclass('auth.users') is not null
     and obj_description('auth.users'::regclass, 'pg_class') = 'strukt-cron baseline' then
    drop table auth.users;
  end if;
  if exists (select 1 from pg_namespace where nspname = 'auth'
             and obj_description(oid, 'pg_namespace') = 'strukt-cron baseline') then
    drop schema auth;
  end if;
end $$;

do $$
declare r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if exists (select 1 from pg_roles where rolname = r
               and shobj_description(oid, 'pg_authid') = 'strukt-cron baseline') then
      begin
        execute format('drop role %I', r);
      exception when dependent_objects_still_exist or object_in_use then
        raise notice 'role % is still used by another database; kept', r;
      end;
    end if;
  end loop;
end $$;
