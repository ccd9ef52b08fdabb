import { Command } from 'commander';
import { ConfigError, type Config } from '../config.ts';
import { openDb } from '../db/open.ts';

export interface PruneDeps {
  config: () => Config;
  print: (line: string) => void;
  now?: () => Date;
}

/** `strukt-cron prune --keep 90d`: retention for system_cron_logs and expired leases. */
export function pruneCommand(deps: PruneDeps): Command {
  return new Command('prune')
    .description('delete system_cron_logs rows older than --keep, and expired leases')
    .option('--keep <duration>', 'how long run logs are kept, e.g. 90d, 2160h', '90d')
    .action(async (flags: { keep: string }) => {
      const keepDays = parseKeepDays(flags.keep);
      const db = await openDb(deps.config());
      try {
        const [row] = await db.call<{ logs_deleted: number; leases_deleted: number }>('cron_prune', {
          p_keep_days: keepDays,
          p_now: (deps.now ?? (() => new Date()))().toISOString(),
        });
        deps.print(
          `Deleted ${row?.logs_deleted ?? 0} run log rows older than ${keepDays} days and ${row?.leases_deleted ?? 0} expired leases.`,
        );
      } finally {
        await db.close();
      }
    });
}

/** Whole days from "90d" or "720h" (hours round up to a day); a bare number means days. */
export function parseKeepDays(value: string): number {
  const match = /^\s*(\d{1,6})\s*(d|h)?\s*$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  const days = match?.[2] === 'h' ? Math.ceil(n / 24) : n;
  if (!match || !Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new ConfigError(
      `Invalid --keep '${value}'. Expected a duration in days or hours like 90d or 720h.`,
    );
  }
  return days;
}
