import { pages, scalar } from '../db/pages.ts';
import {
  nudgeMessage,
  proactiveMessage,
  type NotificationType,
  type Priority,
} from '../domain/notifications.ts';
import { windowBefore } from '../domain/period.ts';
import type { Job, JobContext } from '../runs/runJob.ts';
import { getJob } from './registry.ts';
import { selection } from './selection.ts';

/** A row of cron_status_candidates: the whole decision, made in SQL. */
interface StatusCandidate extends Record<string, unknown> {
  user_id: string;
  stressful_days: number;
  recently_notified: boolean;
  active_last_7_days: boolean;
  active_before: boolean;
  recently_nudged: boolean;
  action: NotificationType | null;
  priority: Priority | null;
}

interface Queued {
  user_id: string;
  type: NotificationType;
  priority: Priority;
  notification_id: string;
}

const definition = getJob('user-status');

/**
 * checkUserStatus: two or more stressful days in the last three (in each user's own timezone)
 * queue one proactive check-in (three: high priority), unless one was queued in the last three
 * days; a user quiet for a week after being active gets one gentle nudge per week.
 */
export const userStatusJob: Job = {
  definition,
  usesAi: false,
  period: (asOf) => windowBefore(asOf, definition.windowDays),
  message: (tally, dryRun) => {
    const triggered = tally.figures['notifications'] ?? 0;
    return dryRun
      ? `Dry run: checked ${tally.succeeded} users, would trigger ${triggered} notifications`
      : `Checked ${tally.succeeded} users, triggered ${triggered} notifications`;
  },
  async run(ctx) {
    const args = { p_as_of: ctx.options.asOf.toISOString(), ...selection(ctx.options) };
    for await (const page of pages<StatusCandidate>(ctx.db, 'cron_status_candidates', args, {
      key: 'user_id',
      pageSize: ctx.options.pageSize,
      read: (call) => ctx.retry('read status candidates', call),
    })) {
      ctx.tally.considered += page.length;
      await queue(ctx, page);
      ctx.tally.succeeded += page.length;
      if (ctx.shouldStop()) {
        ctx.tally.remaining = await countRemaining(ctx, args, page[page.length - 1]!.user_id);
        return;
      }
    }
  },
};

async function queue(ctx: JobContext, page: StatusCandidate[]): Promise<void> {
  for (const row of page) {
    if (row.stressful_days >= 2 && row.recently_notified) ctx.tally.skip('cooldown');
  }
  const wanted = page.filter((row) => row.action !== null && row.priority !== null);
  if (wanted.length === 0) return;
  const rowsByUser = new Map(page.map((row) => [row.user_id, row]));
  if (ctx.options.dryRun) {
    for (const row of wanted) note(ctx, row.user_id, row.action!, row.priority!, row.stressful_days);
    return;
  }
  const notifications = wanted.map((row) => ({
    user_id: row.user_id,
    type: row.action,
    priority: row.priority,
    message: row.action === 'nudge' ? nudgeMessage() : proactiveMessage(row.stressful_days),
  }));
  const queued = await ctx.retry('queue notifications', () =>
    ctx.db.call<Queued>('cron_queue_notifications', {
      p_as_of: ctx.options.asOf.toISOString(),
      p_notifications: notifications,
    }),
  );
  // A racing run may have queued some of them first: those are skipped, not duplicated.
  ctx.tally.skip('queued_by_another_run', wanted.length - queued.length);
  for (const q of queued)
    note(ctx, q.user_id, q.type, q.priority, rowsByUser.get(q.user_id)?.stressful_days ?? 0);
}

function note(
  ctx: JobContext,
  userId: string,
  type: NotificationType,
  priority: Priority,
  stressfulDays: number,
): void {
  ctx.tally.count('notifications');
  ctx.tally.count(`notifications.${type}.${priority}`);
  ctx.tally.result({ userId, type, priority, stressfulDays });
}

async function countRemaining(
  ctx: JobContext,
  args: Record<string, unknown>,
  after: string,
): Promise<number> {
  const { p_as_of: _asOf, ...filter } = args;
  return ctx.retry('count remaining users', () =>
    scalar<number>(ctx.db, 'cron_status_pending_count', { ...filter, p_after: after }),
  );
}
