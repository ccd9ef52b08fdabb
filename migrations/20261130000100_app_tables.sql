-- Why: the jobs read STRUKT's own tables (profiles, coach chat, workouts, meals, sleep, mood,
-- consents) and write coach notes, notifications and plans. On STRUKT's database they already
-- exist and are left exactly as they are. Elsewhere (an empty PostgreSQL, PGlite, the demo) they
-- are created here in STRUKT's production shape as of 2025-11-20 — the same columns, defaults,
-- checks, indexes and policies — so the jobs meet one schema everywhere. Tables created here are
-- tagged by comment; the down migration drops only those.

do $$
declare
  created constant text := 'strukt-cron: created by app_tables';
  t text;
begin
  if to_regclass('public.user_profiles') is null then
    create table public.user_profiles (
      user_id uuid primary key references auth.users (id) on delete cascade,
      full_name text,
      email text,
      timezone text default 'UTC',
      gender_identity text,
      identity_other text,
      pronouns text,
      cultural_practices text[] default '{}',
      faith_diet_rules text[] default '{}',
      cultural_notes text,
      obstacles text[] default '{}',
      work_pattern text,
      support_system text,
      lifestyle_notes text,
      injuries text[] default '{}',
      conditions text[] default '{}',
      contraindications text[] default '{}',
      emergency_ack boolean default false,
      primary_goal text,
      secondary_goals text[] default '{}',
      target_event text,
      target_event_date date,
      days_per_week int,
      session_minutes int,
      equipment_access text[] default '{}',
      workout_location text,
      experience_level text,
      coaching_tone text,
      learning_style text,
      height_cm numeric(5, 2),
      weight_kg numeric(6, 2),
      units text default 'metric',
      sleep_time time,
      wake_time time,
      diet_pattern text,
      fasting_pattern text,
      diet_notes text,
      allergies text[] default '{}',
      intolerances text[] default '{}',
      cuisines_like text[] default '{}',
      cuisines_avoid text[] default '{}',
      budget_band text,
      supplements_current jsonb[] default '{}',
      sleep_quality text,
      avg_sleep_hours numeric(3, 1),
      recovery_habits text[] default '{}',
      charity_choice text,
      success_definition text,
      motivation_notes text,
      daily_kcal_target int,
      macro_targets jsonb,
      nutrition_targets jsonb,
      onboarding_completed boolean default false,
      cohort text,
      data_env text default 'test',
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      why_statement text,
      is_pregnant_or_breastfeeding boolean default false,
      is_recovering_from_surgery boolean default false,
      faith_based_diet text,
      relationship_with_food text,
      relationship_with_exercise text,
      coaching_persona text default 'strategist',
      anything_else_context text
    );
    comment on table public.user_profiles is 'strukt-cron: created by app_tables';
    create index idx_user_profiles_email on public.user_profiles (email);
    create index idx_user_profiles_onboarding on public.user_profiles (onboarding_completed);
    create policy users_select_own_profile on public.user_profiles for select using (auth.uid() = user_id);
    create policy users_insert_own_profile on public.user_profiles for insert with check (auth.uid() = user_id);
    create policy users_update_own_profile on public.user_profiles for update
      using (auth.uid() = user_id) with check (auth.uid() = user_id);
    create policy users_delete_own_profile on public.user_profiles for delete using (auth.uid() = user_id);
  end if;

  if to_regclass('public.workouts') is null then
    create table public.workouts (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      type text,
      description text,
      duration_minutes int,
      calories numeric(6, 1),
      notes text,
      date date not null default (now() at time zone 'utc')::date,
      created_at timestamptz default now(),
      exercises jsonb default '[]'::jsonb,
      workout_type text,
      perceived_exertion integer check (perceived_exertion >= 1 and perceived_exertion <= 10),
      workout_date timestamptz,
      distance_km numeric(6, 2)
    );
    comment on table public.workouts is 'strukt-cron: created by app_tables';
    create index idx_workouts_userid_date on public.workouts (user_id, date desc);
    create index idx_workouts_workout_date on public.workouts (workout_date desc);
  end if;

  if to_regclass('public.meals') is null then
    create table public.meals (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      description text,
      macros jsonb,
      calories numeric(6, 1),
      notes text,
      date date not null default (now() at time zone 'utc')::date,
      created_at timestamptz default now(),
      meal_type text check (meal_type in ('breakfast', 'lunch', 'dinner', 'snack')),
      foods jsonb default '[]'::jsonb,
      source text default 'manual' check (source in ('voice', 'manual', 'photo')),
      confidence text check (confidence in ('high', 'medium', 'low')),
      timestamp timestamptz default now(),
      transcription text
    );
    comment on table public.meals is 'strukt-cron: created by app_tables';
    create index idx_meals_userid_date on public.meals (user_id, date desc);
    create index idx_meals_meal_type on public.meals (meal_type);
    create index idx_meals_source on public.meals (source);
    create index idx_meals_timestamp on public.meals (user_id, timestamp desc);
  end if;

  if to_regclass('public.sleep_logs') is null then
    create table public.sleep_logs (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      duration_minutes int,
      quality text,
      bedtime timestamptz,
      wake_time timestamptz,
      notes text,
      created_at timestamptz default now()
    );
    comment on table public.sleep_logs is 'strukt-cron: created by app_tables';
    create index idx_sleep_userid_created on public.sleep_logs (user_id, created_at desc);
  end if;

  if to_regclass('public.mood_logs') is null then
    create table public.mood_logs (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      mood_score int check (mood_score between 1 and 10),
      stress_level int check (stress_level between 1 and 10),
      notes text,
      date date not null default (now() at time zone 'utc')::date,
      created_at timestamptz default now()
    );
    comment on table public.mood_logs is 'strukt-cron: created by app_tables';
    create index idx_mood_userid_date on public.mood_logs (user_id, date desc);
  end if;

  -- The app's own-row policies, on the activity tables created just now.
  foreach t in array array['workouts', 'meals', 'sleep_logs', 'mood_logs'] loop
    if obj_description(('public.' || t)::regclass, 'pg_class') = created then
      execute format('create policy "users_select_own_%s" on public.%I for select using (auth.uid() = user_id)', t, t);
      execute format('create policy "users_insert_own_%s" on public.%I for insert with check (auth.uid() = user_id)', t, t);
      execute format('create policy "users_update_own_%s" on public.%I for update using (auth.uid() = user_id) with check (auth.uid() = user_id)', t, t);
      execute format('create policy "users_delete_own_%s" on public.%I for delete using (auth.uid() = user_id)', t, t);
    end if;
  end loop;

  if to_regclass('public.ai_coach_logs') is null then
    create table public.ai_coach_logs (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      session_id text not null,
      user_message text not null,
      ai_response text not null,
      success boolean not null default true,
      token_usage integer,
      issues text[],
      timestamp timestamptz not null default now(),
      created_at timestamptz not null default now(),
      tone_issues text[]
    );
    comment on table public.ai_coach_logs is 'strukt-cron: created by app_tables';
    create index idx_ai_coach_logs_user_id on public.ai_coach_logs (user_id);
    create index idx_ai_coach_logs_timestamp on public.ai_coach_logs (timestamp desc);
    create index idx_ai_coach_logs_session_id on public.ai_coach_logs (session_id);
    create index idx_ai_coach_logs_tone_issues on public.ai_coach_logs using gin (tone_issues)
      where tone_issues is not null;
    create policy user_can_view_own_logs on public.ai_coach_logs for select using (auth.uid() = user_id);
    create policy service_role_can_insert_logs on public.ai_coach_logs for insert
      with check (auth.role() = 'service_role');
    create policy service_role_can_view_all_logs on public.ai_coach_logs for select
      using (auth.role() = 'service_role');
  end if;

  if to_regclass('public.ai_coach_notes') is null then
    create table public.ai_coach_notes (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      note text not null,
      type text not null check (type in ('weekly_summary')),
      created_at timestamptz not null default now()
    );
    comment on table public.ai_coach_notes is 'strukt-cron: created by app_tables';
    create index idx_ai_coach_notes_user_id on public.ai_coach_notes (user_id);
    create index idx_ai_coach_notes_created_at on public.ai_coach_notes (created_at desc);
    create index idx_ai_coach_notes_type on public.ai_coach_notes (type);
    create policy user_can_view_own_notes on public.ai_coach_notes for select using (auth.uid() = user_id);
    create policy service_role_can_insert_notes on public.ai_coach_notes for insert
      with check (auth.role() = 'service_role');
    create policy service_role_can_view_all_notes on public.ai_coach_notes for select
      using (auth.role() = 'service_role');
  end if;

  -- Created as the app had it before Phase 3; 20261130000300 adds what Phase 3 brought.
  if to_regclass('public.coach_notifications') is null then
    create table public.coach_notifications (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      message text not null,
      type text not null check (type in ('ai_coach_proactive')),
      read boolean not null default false,
      created_at timestamptz not null default now()
    );
    comment on table public.coach_notifications is 'strukt-cron: created by app_tables';
    create index idx_coach_notifications_user_id on public.coach_notifications (user_id);
    create index idx_coach_notifications_created_at on public.coach_notifications (created_at desc);
    create index idx_coach_notifications_read on public.coach_notifications (read);
    create policy user_can_view_own_notifications on public.coach_notifications for select
      using (auth.uid() = user_id);
    create policy user_can_update_own_notifications on public.coach_notifications for update
      using (auth.uid() = user_id) with check (auth.uid() = user_id);
    create policy service_role_can_insert_notifications on public.coach_notifications for insert
      with check (auth.role() = 'service_role');
    create policy service_role_can_view_all_notifications on public.coach_notifications for select
      using (auth.role() = 'service_role');
  end if;

  if to_regclass('public.plans') is null then
    create table public.plans (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      plan_data jsonb not null,
      version int not null default 1,
      generation_method text default 'ai',
      fallback_reason text,
      wellness_context jsonb,
      profile_snapshot jsonb,
      is_valid boolean default true,
      validation_errors jsonb,
      created_at timestamptz default now(),
      updated_at timestamptz default now(),
      constraint version_positive check (version > 0)
    );
    comment on table public.plans is 'strukt-cron: created by app_tables';
    create index idx_plans_userid on public.plans (user_id);
    create index idx_plans_userid_created on public.plans (user_id, created_at desc);
    create index idx_plans_userid_version on public.plans (user_id, version desc);
    create policy users_select_own_plans on public.plans for select using (auth.uid() = user_id);
    create policy users_insert_own_plans on public.plans for insert with check (auth.uid() = user_id);
    create policy users_update_own_plans on public.plans for update
      using (auth.uid() = user_id) with check (auth.uid() = user_id);
    create policy users_delete_own_plans on public.plans for delete using (auth.uid() = user_id);
  end if;

  if to_regclass('public.user_consents') is null then
    create table public.user_consents (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references auth.users (id) on delete cascade,
      consent_type text not null check (consent_type in ('openai_processing', 'analytics', 'marketing')),
      granted boolean not null default false,
      granted_at timestamptz,
      withdrawn_at timestamptz,
      privacy_policy_version text not null default '1.0',
      ip_address inet,
      user_agent text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (user_id, consent_type)
    );
    comment on table public.user_consents is 'strukt-cron: created by app_tables';
    create index idx_user_consents_user_id on public.user_consents (user_id);
    create index idx_user_consents_consent_type on public.user_consents (consent_type);
    create index idx_user_consents_granted on public.user_consents (granted) where granted = true;
    create policy "Users can view their own consents" on public.user_consents for select
      using (auth.uid() = user_id);
    create policy "Users can insert their own consents" on public.user_consents for insert
      with check (auth.uid() = user_id);
    create policy "Users can update their own consents" on public.user_consents for update
      using (auth.uid() = user_id) with check (auth.uid() = user_id);
  end if;

  -- RLS on, and the privileges Supabase's defaults give its API roles, on what we created.
  foreach t in array array['user_profiles', 'workouts', 'meals', 'sleep_logs', 'mood_logs', 'ai_coach_logs',
                           'ai_coach_notes', 'coach_notifications', 'plans', 'user_consents'] loop
    if obj_description(('public.' || t)::regclass, 'pg_class') = created then
      execute format('alter table public.%I enable row level security', t);
      execute format('grant select, insert, update, delete on public.%I to authenticated, service_role', t);
    end if;
  end loop;
end $$;
