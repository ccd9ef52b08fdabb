-- Why: strukt.stress_messages was filled by the matcher before 20261130001100. Each message is
-- judged again by the matcher now in place: evidence it no longer sees ("cool down after the run",
-- "no stress at all") goes, evidence it now sees is added. The matcher was committed by the
-- previous migration, so every message the app writes meanwhile goes through the trigger with it;
-- this transaction only reads ai_coach_logs (no lock beyond reading; inserting evidence takes the
-- foreign key's share lock on its message row, which only a delete of that message waits for).
-- Cost: one matcher call per message, once, as the backfill of 20261130000700.
with changed as materialized (
  select l.id, l.user_id, l."timestamp" as at, s.log_id is not null as recorded
  from public.ai_coach_logs l
  left join strukt.stress_messages s on s.log_id = l.id
  where strukt.has_stress_keyword(l.user_message) <> (s.log_id is not null)
),
dropped as (
  delete from strukt.stress_messages s
  using changed c
  where c.recorded and s.log_id = c.id
)
insert into strukt.stress_messages (log_id, user_id, at)
select c.id, c.user_id, c.at
from changed c
where not c.recorded
on conflict (log_id) do nothing;

analyze strukt.stress_messages;
