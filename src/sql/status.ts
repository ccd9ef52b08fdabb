/**
 * cron_status_candidates, cron_status_pending_count, cron_queue_notifications,
 * cron_activity_tracking: checkUserStatus's SQL.
 */
import type { Db } from '../db/types.ts';
import type { NotificationType, Priority } from '../domain/notifications.ts';
import { rowsOf, scalarOf, type PageArgs, type SelectionArgs } from './call.ts';

export interface StatusCandidateArgs extends SelectionArgs {
  p_as_of: string;
  /** Also decide inactivity nudges (opt-in). */
  p_nudges: boolean;
  /**
   * true: one row per profile (operators, pg_cron, old callers); false: only the users the
   * decision concerns (a stressful day in the window, or lapsed with nudges on). @default true
   */
  p_every_user: boolean;
  /** The windows, from STATUS_WINDOWS in src/domain/jobs.ts (defaults in SQL: 3, 3, 7, 37). */
  p_stress_days: number;
  p_cooldown_days: number;
  p_active_days: number;
  p_horizon_days: number;
}

/** What cron_status_pending_count takes: the candidates' arguments and the cursor. */
export type StatusCountArgs = StatusCandidateArgs & { p_after: string | null };

/** A row of cron_status_candidates: the whole decision, made in SQL. */
export interface StatusCandidate extends Record<string, unknown> {
  user_id: string;
  stressful_days: number;
  recently_notified: boolean;
  /** Null without nudges in the job's own call (p_every_user false): check-ins never use it. */
  active_last_7_days: boolean | null;
  /** Null for a user active within the activity window, and where active_last_7_days is null. */
  active_before: boolean | null;
  /** A nudge was queued after the user's last activity: none again until they are active. */
  nudged_this_lapse: boolean;
  action: NotificationType | null;
  priority: Priority | null;
  /** Of the stressful days, those a message of the user's own showed stress on (check-ins only). */
  stress_message_days: number | null;
  /** Of the stressful days, those a mood log showed high stress or low mood on (check-ins only). */
  stress_mood_days: number | null;
  /** The first word of user_profiles.full_name, only for a user who gets a notification. */
  first_name: string | null;
  coaching_tone: string | null;
  coaching_persona: string | null;
}

/** Every considered user with the decision made, by user id after `p_after`. */
export function statusCandidates(db: Db, args: StatusCandidateArgs & PageArgs): Promise<StatusCandidate[]> {
  return rowsOf<StatusCandidate>(db, 'cron_status_candidates', args);
}

export function statusPendingCount(db: Db, args: StatusCountArgs): Promise<number> {
  return scalarOf<number>(db, 'cron_status_pending_count', args);
}

export interface NewNotification {
  user_id: string;
  type: NotificationType | null;
  priority: Priority | null;
  message: string;
}

/** A notification queued (not one a racing run or the cooldown kept out). */
export interface Queued {
  user_id: string;
  type: NotificationType;
  priority: Priority;
  notification_id: string;
}

/** Queues the notifications, each at most once per cooldown (the ledger decides, under a lock). */
export function queueNotifications(
  db: Db,
  args: {
    p_as_of: string;
    p_notifications: NewNotification[];
    /** Cooldowns from STATUS_WINDOWS (defaults in SQL: 3 and 7 days). */
    p_checkin_cooldown_days: number;
    p_nudge_cooldown_days: number;
  },
): Promise<Queued[]> {
  return rowsOf<Queued>(db, 'cron_queue_notifications', args);
}

/** What cron_activity_tracking answers: the state after the call, and whether the call changed it. */
export interface ActivityTracking {
  /** strukt.last_activity is kept by triggers on the five activity tables. */
  tracking: boolean;
  changed: boolean;
  /** Users strukt.last_activity holds (filled from the tables when tracking was turned on). */
  users: number;
}

/**
 * Turns the keeping of strukt.last_activity on (true) or off (false), or only reports it (null).
 * Inactivity nudges are decided from it; the triggers that keep it cost the app's inserts, so
 * they exist only once a status run with nudges on has asked for them.
 */
export async function activityTracking(db: Db, args: { p_on: boolean | null }): Promise<ActivityTracking> {
  const [state] = await rowsOf<ActivityTracking>(db, 'cron_activity_tracking', args);
  return state!;
}
