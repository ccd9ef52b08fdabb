/** cron_digest_candidates, cron_digest_pending_count, cron_save_digests: the weekly digest's SQL. */
import type { Db } from '../db/types.ts';
import { rowsOf, scalarOf, type PageArgs, type SelectionArgs } from './call.ts';

/** The period a digest covers, [start, end) as ISO times. */
export interface DigestPeriodArgs {
  p_period_start: string;
  p_period_end: string;
}

export type DigestCandidateArgs = DigestPeriodArgs & SelectionArgs;

/** A candidate row of cron_digest_candidates: the user's week, already aggregated in SQL. */
export interface DigestCandidate extends Record<string, unknown> {
  user_id: string;
  has_consent: boolean;
  workouts: number;
  workout_minutes: number;
  meals: number;
  avg_calories: number | null;
  sleep_nights: number;
  avg_sleep_hours: number | null;
  mood_entries: number;
  avg_mood: number | null;
  avg_stress: number | null;
  messages: number;
  excerpts: string[];
  /** The first word of user_profiles.full_name: for the greeting of a digest written here. */
  first_name: string | null;
  coaching_tone: string | null;
  coaching_persona: string | null;
}

/** Active users of the period without a digest for it, by user id after `p_after`. */
export function digestCandidates(db: Db, args: DigestCandidateArgs & PageArgs): Promise<DigestCandidate[]> {
  return rowsOf<DigestCandidate>(db, 'cron_digest_candidates', args);
}

export function digestPendingCount(
  db: Db,
  args: DigestCandidateArgs & { p_after: string | null },
): Promise<number> {
  return scalarOf<number>(db, 'cron_digest_pending_count', args);
}

/** A digest to store in ai_coach_notes. */
export interface NewDigest {
  user_id: string;
  note: string;
  generation_method: string;
  model: string | null;
  details: Record<string, unknown>;
}

/** Stores the digests of a period; returns the users whose digest was new (a re-run writes nothing). */
export function saveDigests(
  db: Db,
  args: DigestPeriodArgs & { p_notes: NewDigest[] },
): Promise<Array<{ user_id: string }>> {
  return rowsOf<{ user_id: string }>(db, 'cron_save_digests', args);
}
