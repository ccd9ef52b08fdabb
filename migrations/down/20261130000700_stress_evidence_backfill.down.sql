-- Reverses stress_evidence_backfill: nothing to undo on its own (the evidence table goes with
-- stress_evidence's down migration).
select 1;
