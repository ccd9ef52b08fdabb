-- Reverses weekly_digest_notes: the notes stay, their period and provenance columns go.
drop index if exists public.ai_coach_notes_period_idx;
alter table public.ai_coach_notes drop constraint if exists ai_coach_notes_user_type_period_key;
alter table public.ai_coach_notes
  drop column if exists period_start,
  drop column if exists period_end,
  drop column if exists generation_method,
  drop column if exists model,
  drop column if exists details;
