-- Reverses app_tables: drops the tables it created (tagged by comment), children first. Tables
-- that existed before — STRUKT's own — are not touched.
do $$
declare
  t text;
begin
  foreach t in array array['user_consents', 'plans', 'coach_notifications', 'ai_coach_notes', 'ai_coach_logs',
                           'mood_logs', 'sleep_logs', 'meals', 'workouts', 'user_profiles'] loop
    if to_regclass('public.' || t) is not null
       and obj_description(('public.' || t)::regclass, 'pg_class') = 'strukt-cron: created by app_tables' then
      execute format('drop table public.%I', t);
    end if;
  end loop;
end $$;
