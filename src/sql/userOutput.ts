/**
 * What the jobs wrote for one user — weekly digests, plans, coach notifications — read through
 * `cron_user_digests`, `cron_user_plans` and `cron_user_notifications` (one typed wrapper each),
 * for `strukt-cron show`. The rows hold personal data (digest text, plans, messages): they are for
 * an operator's terminal only, never for logs, run records, summaries or issues.
 */
import type { Db } from '../db/types.ts';
import type { Period } from '../domain/period.ts';
import { rowsOf } from './call.ts';

export interface UserDigest {
  note_id: string;
  /** Null for notes the app wrote before strukt-cron. */
  period_start: string | null;
  period_end: string | null;
  generation_method: string | null;
  model: string | null;
  created_at: string;
  note: string;
}

export interface UserPlan {
  plan_id: string;
  version: number;
  generation_method: string | null;
  fallback_reason: string | null;
  is_valid: boolean | null;
  created_at: string | null;
  plan_data: unknown;
}

export interface UserNotification {
  notification_id: string;
  created_at: string;
  type: string;
  priority: string | null;
  status: string | null;
  delivery_channel: string | null;
  message: string;
}

/** Which rows: newest first, at most `limit` (1–100), within `period` when one is given. */
export interface UserOutputQuery {
  userId: string;
  /** Digests by period start, plans and notifications by creation time, in [start, end). */
  period: Period | null;
  limit: number;
}

function args(q: UserOutputQuery) {
  return {
    p_user_id: q.userId,
    p_from: q.period?.start.toISOString() ?? null,
    p_to: q.period?.end.toISOString() ?? null,
    p_limit: q.limit,
  };
}

/** The user's weekly digests (ai_coach_notes of type weekly_summary), newest period first. */
export function readUserDigests(db: Db, q: UserOutputQuery): Promise<UserDigest[]> {
  return rowsOf<UserDigest>(db, 'cron_user_digests', args(q));
}

/** The user's plans, newest version first. */
export function readUserPlans(db: Db, q: UserOutputQuery): Promise<UserPlan[]> {
  return rowsOf<UserPlan>(db, 'cron_user_plans', args(q));
}

/** The user's coach notifications, newest first. */
export function readUserNotifications(db: Db, q: UserOutputQuery): Promise<UserNotification[]> {
  return rowsOf<UserNotification>(db, 'cron_user_notifications', args(q));
}
