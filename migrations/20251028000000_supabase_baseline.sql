-- Why: the jobs and their RLS policies rely on what every Supabase project already has
-- (schema auth, auth.users, auth.uid(), auth.role(), roles anon/authenticated/service_role).
-- On plain PostgreSQL and PGlite we create them; on Supabase every statement is a no-op.
-- Everything we create is tagged with a comment so the down migration removes only that.

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
    comment on role anon is 'strukt-cron baseline';
  end if;
exception when duplicate_object or unique_violation then null; -- another database on this cluster won the race
end $$;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
    comment on role authenticated is 'strukt-cron baseline';
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'service_role') then
    -- Supabase's service_role bypasses RLS; the jobs depend on that.
    create role service_role nologin noinherit bypassrls;
    comment on role service_role is 'strukt-cron baseline';
  end if;
exception when duplicate_object or unique_violation then null;
end $$;

do $$
begin
  if not exists (select 1 from pg_namespace where nspname = 'auth') then
    create schema auth;
    comment on schema auth is 'strukt-cron baseline';
    grant usage on schema auth to anon, authenticated, service_role;
  end if;
end $$;

do $$
begin
  if to_regclass('auth.users') is null then
    create table auth.users (
      id uuid primary key,
      email text,
      created_at timestamptz not null default now()
    );
    comment on table auth.users is 'strukt-cron baseline';
    grant select on auth.users to service_role;
  end if;
end $$;

do $$
begin
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

grant usage on schema public to anon, authenticated, service_role;

-- Private helpers the jobs use; never exposed through PostgREST (only `public` is).
create schema if not exists strukt;
grant usage on schema strukt to anon, authenticated, service_role;
