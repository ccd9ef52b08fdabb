-- Reverses stress_evidence: the trigger, the derived table and the matcher go; messages are untouched.
set local lock_timeout = '5s';
drop trigger if exists strukt_stress_evidence on public.ai_coach_logs;
drop function if exists strukt.record_stress_evidence();
drop table if exists strukt.stress_messages;
drop function if exists strukt.has_stress_keyword(text);
