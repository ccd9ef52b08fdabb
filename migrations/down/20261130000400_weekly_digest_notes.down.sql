-- Reverses weekly_digest_notes: the notes stay, the period and provenance columns this migration
-- added go (with the key).
drop index if exists public.strukt_ai_coach_notes_period_key;

do $$
declare
  c text;
begin
  foreach c in array array['period_start', 'period_end', 'generation_method', 'model', 'details'] loop
    if col_description('public.ai_coach_notes'::regclass,
         (select attnum from pg_attribute where attrelid = 'public.ai_coach_notes'::regclass
            and attname = c and not attisdropped)::integer)
       = 'strukt-cron: added by weekly_digest_notes' then
      execute format('alter table public.ai_coach_notes drop column %I', c);
    end if;
  end loop;
end $$;
