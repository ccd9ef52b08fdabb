import { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { parseKeepDays } from '../config/runOptions.ts';
import { openDb } from '../db/open.ts';
import { prune } from '../sql/runLog.ts';

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
        const now = (deps.now ?? (() => new Date()))();
        const { logsDeleted, leasesDeleted } = await prune(db, { keepDays, now });
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
