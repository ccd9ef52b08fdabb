-- Why: the jobs and their RLS policies rely on what every Supabase project already has
-- (schema auth, auth.users, auth.uid(), auth.role(), roles anon/authenticated/service_role).
-- On plain PostgreSQL and PGlite we create them; on Supabase (and on STRUKT's database) every
-- statement is a no-op. What we create is tagged by comment so the down migration removes only that.

do $$
declare
  r text;
begin
  foreach r in array array['anon', 'authenticated', 'service_role'] loop
    if not exists (select 1 from pg_roles where rolname = r) then
      -- Supabase's service_role bypasses RLS; the jobs' run log and leases rely on that.
      execute format('create role %I nologin noinherit%s', r, case when r = 'service_role' then ' bypassrls' else '' end);
      execute format('comment on role %I is %L', r, 'strukt-cron baseline');
    end if;
  end loop;
exception when duplicate_object or unique_violation then null; -- another database on this cluster won the race
end $$;

do $$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
    comment on schema auth is 'strukt-cron baseline';
    grant usage on schema auth to anon, authenticated, service_role;
  end if;
  if to_regclass('auth.users') is null then
    create table auth.users (id uuid primary key, email text);
    comment on table auth.users is 'strukt-cron baseline';
  end if;
  if to_regprocedure('auth.uid()') is null then
    -- Same body as Supabase's: the subject of the JWT PostgREST put in request.jwt.claims.
    create function auth.uid() returns uuid language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.sub', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
      )::uuid
    $f$;
    comment on function auth.uid() is 'strukt-cron baseline';
  end if;
  if to_regprocedure('auth.role()') is null then
    create function auth.role() returns text language sql stable as $f$
      select coalesce(
        nullif(current_setting('request.jwt.claim.role', true), ''),
        (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
      )::text
    $f$;
    comment on function auth.role() is 'strukt-cron baseline';
  end if;
end $$;

-- The project's own schema: helpers, derived data and what the install changed in the app's
-- schema (so the rollback can give back exactly what it found). Never exposed by PostgREST.
create schema if not exists strukt;
revoke all on schema strukt from public;

-- One row per change to an object the install found (a moved table, a replaced constraint), with
-- what the down migration needs to undo it.
create table strukt.install_changes (
  change text primary key,
  previous text,
  made_at timestamptz not null default now()
);
