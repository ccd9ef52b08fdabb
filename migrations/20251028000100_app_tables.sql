-- Why: the jobs read the app's own tables (profiles, coach chat, workouts, meals, sleep, mood,
-- consents) and write coach notes, notifications and plans. On a STRUKT Supabase project they
-- already exist; elsewhere (PostgreSQL, PGlite, demo) we create them in their pre-Phase-3 shape.
-- Tables created here are tagged by comment so the down migration drops only those.

do $$
begin
  if to_regclass('public.user_profiles') is null then
    create table public.user_profiles (
      user_id uuid primary key references auth.users (id) on delete cascade,
      first_name text,
      timezone text not null default 'UTC',
      primary_goal text,
      experience_level text,
      days_per_week integer check (days_per_week between 0 and 7),
      session_minutes integer check (session_minutes between 0 and 600),
      equipment_access text[] not null default '{}',
      injuries text[] not null default '{}',
      coaching_tone text,
      onboarding_completed boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    comment on table public.user_profiles is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.ai_coach_logs') is null then
    create table public.ai_coach_logs (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      session_id text,
      user_message text,
      ai_response text,
      success boolean not null default true,
      token_usage integer,
      issues jsonb not null default '[]',
      "timestamp" timestamptz not null default now()
    );
    comment on table public.ai_coach_logs is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.workouts') is null then
    create table public.workouts (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      workout_type text,
      duration_minutes integer check (duration_minutes >= 0),
      performed_at timestamptz not null default now(),
      created_at timestamptz not null default now()
    );
    comment on table public.workouts is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.meals') is null then
    create table public.meals (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      meal_type text,
      calories integer check (calories >= 0),
      logged_at timestamptz not null default now()
    );
    comment on table public.meals is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.sleep_logs') is null then
    create table public.sleep_logs (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      date date not null,
      hours numeric(4, 2) check (hours between 0 and 24),
      quality integer check (quality between 1 and 10),
      created_at timestamptz not null default now()
    );
    comment on table public.sleep_logs is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.mood_logs') is null then
    create table public.mood_logs (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      date date not null,
      mood_score integer check (mood_score between 1 and 10),
      stress_level integer check (stress_level between 1 and 10),
      note text,
      created_at timestamptz not null default now()
    );
    comment on table public.mood_logs is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.user_consents') is null then
    create table public.user_consents (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      consent_type text not null
        check (consent_type in ('openai_processing', 'analytics', 'marketing', 'health_data')),
      granted boolean not null default false,
      granted_at timestamptz,
      withdrawn_at timestamptz,
      unique (user_id, consent_type)
    );
    comment on table public.user_consents is 'strukt-cron: created by app_tables';
  end if;

  -- Pre-Phase-3 shape: Phase 3 (20251028000300) adds priority, delivery_channel, status and
  -- the 'ai_coach_proactive' type.
  if to_regclass('public.coach_notifications') is null then
    create table public.coach_notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      message text not null,
      type text not null,
      read boolean not null default false,
      created_at timestamptz not null default now(),
      constraint coach_notifications_type_check check (type in ('nudge', 'reminder', 'achievement'))
    );
    comment on table public.coach_notifications is 'strukt-cron: created by app_tables';
  end if;

  -- Pre-Phase-3 shape: 20251028000400 adds the digest period and provenance.
  if to_regclass('public.ai_coach_notes') is null then
    create table public.ai_coach_notes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      note text not null,
      type text not null default 'weekly_summary',
      created_at timestamptz not null default now()
    );
    comment on table public.ai_coach_notes is 'strukt-cron: created by app_tables';
  end if;

  if to_regclass('public.plans') is null then
    create table public.plans (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      plan_data jsonb not null,
      version integer not null check (version >= 1),
      generation_method text not null default 'ai'
        check (generation_method in ('ai', 'fallback', 'template')),
      fallback_reason text,
      wellness_context jsonb,
      profile_snapshot jsonb,
      is_valid boolean not null default true,
      validation_errors jsonb not null default '[]',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (user_id, version)
    );
    comment on table public.plans is 'strukt-cron: created by app_tables';
  end if;
end $$;

-- Indexes the jobs' window scans need (per user, by time).
create index if not exists ai_coach_logs_user_time_idx on public.ai_coach_logs (user_id, "timestamp");
create index if not exists ai_coach_logs_time_idx on public.ai_coach_logs ("timestamp");
create index if not exists workouts_user_time_idx on public.workouts (user_id, performed_at);
create index if not exists workouts_time_idx on public.workouts (performed_at);
create index if not exists meals_user_time_idx on public.meals (user_id, logged_at);
create index if not exists meals_time_idx on public.meals (logged_at);
create index if not exists sleep_logs_user_date_idx on public.sleep_logs (user_id, date);
create index if not exists sleep_logs_date_idx on public.sleep_logs (date);
create index if not exists mood_logs_user_date_idx on public.mood_logs (user_id, date);
create index if not exists mood_logs_date_idx on public.mood_logs (date);
create index if not exists coach_notifications_user_type_time_idx
  on public.coach_notifications (user_id, type, created_at desc);
create index if not exists coach_notifications_created_at_idx on public.coach_notifications (created_at);
create index if not exists plans_user_version_idx on public.plans (user_id, version desc);

-- Row level security: a signed-in user sees (and for their own activity, writes) only their rows.
-- service_role bypasses RLS; anon sees nothing.
alter table public.user_profiles enable row level security;
alter table public.ai_coach_logs enable row level security;
alter table public.workouts enable row level security;
alter table public.meals enable row level security;
alter table public.sleep_logs enable row level security;
alter table public.mood_logs enable row level security;
alter table public.user_consents enable row level security;
alter table public.coach_notifications enable row level security;
alter table public.ai_coach_notes enable row level security;
alter table public.plans enable row level security;

do $$
declare
  t text;
begin
  foreach t in array array['user_profiles', 'ai_coach_logs', 'workouts', 'meals', 'sleep_logs',
                           'mood_logs', 'user_consents'] loop
    if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = t
                   and policyname = 'strukt_own_rows') then
      execute format('create policy strukt_own_rows on public.%I for all to authenticated
                      using (user_id = auth.uid()) with check (user_id = auth.uid())', t);
    end if;
  end loop;
  foreach t in array array['coach_notifications', 'ai_coach_notes', 'plans'] loop
    if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = t
                   and policyname = 'strukt_read_own_rows') then
      execute format('create policy strukt_read_own_rows on public.%I for select to authenticated
                      using (user_id = auth.uid())', t);
    end if;
  end loop;
  if not exists (select 1 from pg_policies where schemaname = 'public' and tablename = 'coach_notifications'
                 and policyname = 'strukt_mark_own_read') then
    create policy strukt_mark_own_read on public.coach_notifications for update to authenticated
      using (user_id = auth.uid()) with check (user_id = auth.uid());
  end if;
end $$;

-- Plain PostgreSQL has no Supabase default privileges: grant what the policies above assume.
grant select, insert, update, delete on public.user_profiles, public.ai_coach_logs, public.workouts,
  public.meals, public.sleep_logs, public.mood_logs, public.user_consents to authenticated;
grant select, update on public.coach_notifications to authenticated;
grant select on public.ai_coach_notes, public.plans to authenticated;
grant select, insert, update, delete on public.user_profiles, public.ai_coach_logs, public.workouts,
  public.meals, public.sleep_logs, public.mood_logs, public.user_consents, public.coach_notifications,
  public.ai_coach_notes, public.plans to service_role;
