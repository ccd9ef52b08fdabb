import { Command } from 'commander';
import { ConfigError, type Config } from '../config.ts';
import { openDb } from '../db/open.ts';
import { DURATION_UNITS_MS, durationMs, lacksUnit, unitMissingMessage } from '../lib/duration.ts';

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
    .option('--json', 'print what was deleted as JSON')
    .action(async (flags: { keep: string; json?: boolean }) => {
      const keepDays = parseKeepDays(flags.keep);
      const db = await openDb(deps.config());
      try {
        const [row] = await db.call<{ logs_deleted: number; leases_deleted: number }>('cron_prune', {
          p_keep_days: keepDays,
          p_now: (deps.now ?? (() => new Date()))().toISOString(),
        });
        const logsDeleted = row?.logs_deleted ?? 0;
        const leasesDeleted = row?.leases_deleted ?? 0;
        deps.print(
          flags.json
            ? JSON.stringify({ keepDays, logsDeleted, leasesDeleted }, null, 2)
            : `Deleted ${logsDeleted} run log rows older than ${keepDays} days and ${leasesDeleted} expired leases.`,
        );
      } finally {
        await db.close();
      }
    });
}

/** Whole days from "90d" or "720h" (hours round up to a day). A bare number is refused: days or hours? */
export function parseKeepDays(value: string): number {
  if (lacksUnit(value)) throw new ConfigError(unitMissingMessage('--keep', value, '90d or 720h'));
  const ms = durationMs(value, ['d', 'h']);
  const days = ms === null ? NaN : Math.ceil(ms / DURATION_UNITS_MS.d);
  if (!Number.isInteger(days) || days < 1 || days > 36_500) {
    throw new ConfigError(
      `Invalid --keep '${value}'. Expected a duration in days or hours like 90d or 720h.`,
    );
  }
  return days;
}
