/** cron_plan_candidates, cron_plan_pending_count, cron_save_plans: plan generation's SQL. */
import type { Db } from '../db/types.ts';
import type { ProfileColumns } from '../domain/planProfile.ts';
import { rowsOf, scalarOf, type PageArgs, type SelectionArgs } from './call.ts';

export interface PlanCandidateArgs extends SelectionArgs {
  p_as_of: string;
  /** A plan older than this many days is refreshed. */
  p_stale_days: number;
  /** Days of wellness before as-of the plan is written from (the registry's windowDays). @default 7 */
  p_window_days: number;
}

/** A row of cron_plan_candidates: the profile columns and the last week's wellness figures. */
export interface PlanCandidate extends ProfileColumns, Record<string, unknown> {
  user_id: string;
  has_consent: boolean;
  latest_version: number;
  workouts: number | string;
  workout_minutes: number | string;
  avg_sleep_hours: number | string | null;
  avg_mood: number | string | null;
  avg_stress: number | string | null;
  stressful_days: number | string;
  meals_logged: number | string;
}

/** Onboarded users without a plan or with a stale one, by user id after `p_after`. */
export function planCandidates(db: Db, args: PlanCandidateArgs & PageArgs): Promise<PlanCandidate[]> {
  return rowsOf<PlanCandidate>(db, 'cron_plan_candidates', args);
}

export function planPendingCount(
  db: Db,
  args: PlanCandidateArgs & { p_after: string | null },
): Promise<number> {
  return scalarOf<number>(db, 'cron_plan_pending_count', args);
}

/** Stores new plan versions; returns the users and versions written (a newer version wins). */
export function savePlans(
  db: Db,
  args: { p_plans: object[] },
): Promise<Array<{ user_id: string; version: number }>> {
  return rowsOf<{ user_id: string; version: number }>(db, 'cron_save_plans', args);
}
