-- Reverses app_tables: drops our policies and indexes, and the tables this migration created
-- (tagged by comment). Tables that existed before (a real STRUKT project) keep their rows;
-- RLS stays enabled on them because their prior setting is not known.

do $$
declare
  t text;
begin
  foreach t in array array['user_profiles', 'ai_coach_logs', 'workouts', 'meals', 'sleep_logs',
                           'mood_logs', 'user_consents', 'coach_notifications', 'ai_coach_notes', 'plans'] loop
    if to_regclass('public.' || t) is not null then
      execute format('drop policy if exists strukt_own_rows on public.%I', t);
      execute format('drop policy if exists strukt_read_own_rows on public.%I', t);
      execute format('drop policy if exists strukt_mark_own_read on public.%I', t);
    end if;
  end loop;
end $$;

drop index if exists public.ai_coach_logs_user_time_idx, public.ai_coach_logs_time_idx,
  public.workouts_user_time_idx, public.workouts_time_idx, public.meals_user_time_idx,
  public.meals_time_idx, public.sleep_logs_user_date_idx, public.sleep_logs_date_idx,
  public.mood_logs_user_date_idx, public.mood_logs_date_idx,
  public.coach_notifications_user_type_time_idx, public.coach_notifications_created_at_idx,
  public.plans_user_version_idx;

do $$
declare
  t text;
begin
  -- Children first: nothing references these tables but auth.users.
  foreach t in array array['plans', 'ai_coach_notes', 'coach_notifications', 'user_consents', 'mood_logs',
                           'sleep_logs', 'meals', 'workouts', 'ai_coach_logs', 'user_profiles'] loop
    if to_regclass('public.' || t) is not null
       and obj_description(('public.' || t)::regclass, 'pg_class') = 'strukt-cron: created by app_tables' then
      execute format('drop table public.%I', t);
    end if;
  end loop;
end $$;
