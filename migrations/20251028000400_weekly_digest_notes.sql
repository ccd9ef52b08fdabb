-- Why: a weekly digest is stored once per user and period. The period, how it was written and
-- by which model make a note auditable; the unique key makes every digest write idempotent.

alter table public.ai_coach_notes
  add column period_start timestamptz,
  add column period_end timestamptz,
  add column generation_method text check (generation_method in ('ai', 'template', 'fallback')),
  add column model text,
  add column details jsonb not null default '{}';

alter table public.ai_coach_notes
  add constraint ai_coach_notes_user_type_period_key unique (user_id, type, period_start);

create index ai_coach_notes_period_idx on public.ai_coach_notes (type, period_start);
