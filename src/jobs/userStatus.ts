import { pages } from '../db/pages.ts';
import { getJob, STATUS_WINDOWS } from '../domain/jobs.ts';
import {
  nudgeMessage,
  proactiveMessage,
  stressEvidence,
  type NotificationType,
  type Priority,
  type StressEvidence,
} from '../domain/notifications.ts';
import { windowBefore } from '../domain/period.ts';
import { firstNameOf, voiceOf } from '../domain/voice.ts';
import type { Job, JobContext } from '../runs/runJob.ts';
import {
  activityTracking,
  queueNotifications,
  statusCandidates,
  statusPendingCount,
  type StatusCandidate,
  type StatusCandidateArgs,
} from '../sql/status.ts';
import { countForProgress } from './fanOut.ts';
import { selection } from './selection.ts';

const definition = getJob('user-status');

/**
 * checkUserStatus: two or more stressful days in the last three (in each user's own timezone)
 * queue one proactive check-in (three: high priority), unless one was queued in the last three
 * days. With nudges on (`options.nudges`, off by default), a user quiet for a week after being
 * active gets one gentle nudge per lapse: none again until they have been active.
 */
export const userStatusJob: Job = {
  definition,
  usesAi: false,
  period: (asOf) => windowBefore(asOf, definition.windowDays),
  message: (tally, dryRun) => {
    const triggered = tally.figures['notifications'] ?? 0;
    // A user skipped for the cooldown was checked too: skipped only means nothing was queued.
    const checked = tally.succeeded + Object.values(tally.skipped).reduce((sum, n) => sum + n, 0);
    return dryRun
      ? `Dry run: checked ${checked} users, would trigger ${triggered} notifications`
      : `Checked ${checked} users, triggered ${triggered} notifications`;
  },
  async run(ctx) {
    const args = {
      p_as_of: ctx.options.asOf.toISOString(),
      p_nudges: ctx.options.nudges ?? false,
      ...selection(ctx.options),
      // Only the users the decision concerns (a stressful day in the window, or lapsed with nudges
      // on): the others cannot get a notification, and "Checked N users" counts these.
      p_every_user: false,
      p_stress_days: STATUS_WINDOWS.stressDays,
      p_cooldown_days: STATUS_WINDOWS.checkinCooldownDays,
      p_active_days: STATUS_WINDOWS.activeDays,
      p_horizon_days: STATUS_WINDOWS.activeBeforeDays,
    };
    if (args.p_nudges) await trackActivity(ctx);
    const counting = countForProgress(ctx, statusPendingCount, args);
    try {
      for await (const page of pages(ctx.db, statusCandidates, args, {
        key: 'user_id',
        pageSize: ctx.options.pageSize,
        read: (call) => ctx.retry('read status candidates', call),
      })) {
        ctx.tally.considered += page.length;
        const skipped = await queue(ctx, page);
        // A skipped user is not also a succeeded one: considered = succeeded + failed + skipped + remaining.
        ctx.tally.succeeded += page.length - skipped;
        ctx.tally.markDone(page.length);
        if (ctx.shouldStop()) {
          const after = await countRemaining(ctx, args, page[page.length - 1]!.user_id);
          // Never read, but the run's to do: in considered as well as remaining.
          ctx.tally.considered += after;
          ctx.tally.remaining = after;
          return;
        }
      }
    } finally {
      await counting;
    }
  },
};

/**
 * Nudges are decided from strukt.last_activity, which triggers on the app's five activity tables
 * keep only once a run has asked for them (the first run with nudges fills it from the tables;
 * later ones find it on). A dry run asks too: it writes no user data, and the decision needs it.
 */
async function trackActivity(ctx: JobContext): Promise<void> {
  const state = await ctx.retry('turn on activity tracking', () => activityTracking(ctx.db, { p_on: true }));
  if (state.changed) {
    ctx.log.info('activity tracking turned on for inactivity nudges', { users_filled: state.users });
  }
}

/** Queues the page's notifications; returns how many of its users were skipped (counted by reason). */
async function queue(ctx: JobContext, page: StatusCandidate[]): Promise<number> {
  let skipped = 0;
  for (const row of page) {
    // Only a user nothing is queued for: one user is counted once.
    if (row.stressful_days >= 2 && row.recently_notified && row.action === null) {
      ctx.tally.skip('cooldown');
      skipped += 1;
    }
  }
  const wanted = page.filter((row) => row.action !== null && row.priority !== null);
  if (wanted.length === 0) return skipped;
  const rowsByUser = new Map(page.map((row) => [row.user_id, row]));
  if (ctx.options.dryRun) {
    for (const row of wanted) note(ctx, row, row.action!, row.priority!);
    return skipped;
  }
  const notifications = wanted.map((row) => ({
    user_id: row.user_id,
    type: row.action,
    priority: row.priority,
    message: messageFor(row),
  }));
  const queued = await ctx.retry('queue notifications', () =>
    queueNotifications(ctx.db, {
      p_as_of: ctx.options.asOf.toISOString(),
      p_notifications: notifications,
      p_checkin_cooldown_days: STATUS_WINDOWS.checkinCooldownDays,
      p_nudge_cooldown_days: STATUS_WINDOWS.nudgeCooldownDays,
    }),
  );
  // A racing run may have queued some of them first: those are skipped, not duplicated.
  ctx.tally.skip('queued_by_another_run', wanted.length - queued.length);
  for (const q of queued) note(ctx, rowsByUser.get(q.user_id)!, q.type, q.priority);
  return skipped + wanted.length - queued.length;
}

/** What the stressful days of a check-in were: the user's words, their mood logs, both, or all three days. */
function evidenceOf(row: StatusCandidate): StressEvidence {
  return stressEvidence({
    stressfulDays: row.stressful_days,
    messageDays: row.stress_message_days ?? null,
    moodDays: row.stress_mood_days ?? null,
  });
}

/** The notification's text, in the user's tone and persona, greeting them by first name. */
function messageFor(row: StatusCandidate): string {
  const to = {
    voice: voiceOf(row.coaching_tone, row.coaching_persona),
    firstName: firstNameOf(row.first_name),
  };
  return row.action === 'nudge' ? nudgeMessage(to) : proactiveMessage(evidenceOf(row), to);
}

function note(ctx: JobContext, row: StatusCandidate, type: NotificationType, priority: Priority): void {
  ctx.tally.count('notifications');
  ctx.tally.count(`notifications.${type}.${priority}`);
  ctx.tally.result({
    userId: row.user_id,
    type,
    priority,
    stressfulDays: row.stressful_days,
    ...(type === 'ai_coach_proactive' ? { evidence: evidenceOf(row) } : {}),
  });
}

async function countRemaining(ctx: JobContext, args: StatusCandidateArgs, after: string): Promise<number> {
  return ctx.retry('count remaining users', () => statusPendingCount(ctx.db, { ...args, p_after: after }));
}
