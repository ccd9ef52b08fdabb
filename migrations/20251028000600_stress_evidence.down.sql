-- Reverses stress_evidence: the derived column and its index go; messages are untouched.
drop index if exists public.ai_coach_logs_stress_idx;
alter table public.ai_coach_logs drop column if exists stress_evidence;
drop function if exists strukt.has_stress_keyword(text);
