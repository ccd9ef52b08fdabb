-- Why: a weekly digest is stored once per user and period. The period, how it was written and by
-- which model make a note auditable; the unique key makes every digest write idempotent. Notes
-- the app wrote before keep their rows (period_start null, so the key never binds them).

do $$
declare
  col record;
begin
  for col in
    select * from (values
      ('period_start', 'timestamptz'),
      ('period_end', 'timestamptz'),
      ('generation_method', 'text check (generation_method in (''ai'', ''template'', ''fallback''))'),
      ('model', 'text'),
      ('details', 'jsonb')
    ) as c(name, definition)
  loop
    if not exists (select 1 from information_schema.columns where table_schema = 'public'
                   and table_name = 'ai_coach_notes' and column_name = col.name) then
      execute format('alter table public.ai_coach_notes add column %I %s', col.name, col.definition);
      execute format('comment on column public.ai_coach_notes.%I is %L', col.name,
                     'strukt-cron: added by weekly_digest_notes');
    end if;
  end loop;
end $$;

create unique index strukt_ai_coach_notes_period_key on public.ai_coach_notes (user_id, type, period_start);
