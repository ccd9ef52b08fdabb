-- Why: messages written before the stress_evidence trigger existed are matched here, in a
-- transaction of their own that only reads ai_coach_logs (the app keeps inserting meanwhile: a
-- row committed after this snapshot went through the trigger). Cost grows with the table once,
-- at install; see docs/benchmarks.md for 1,000,000 messages.
insert into strukt.stress_messages (log_id, user_id, at)
select l.id, l.user_id, l."timestamp"
from public.ai_coach_logs l
where strukt.has_stress_keyword(l.user_message)
on conflict (log_id) do nothing;

analyze strukt.stress_messages;
