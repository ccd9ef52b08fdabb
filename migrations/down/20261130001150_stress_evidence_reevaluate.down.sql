-- Reverses stress_evidence_reevaluate: nothing to undo on its own. The evidence matches the matcher
-- in place; stress_matcher_and_coach_voice's down restores the previous matcher and judges the
-- evidence again with it.
select 1;
