import { Command } from 'commander';
import type { Config } from '../config/config.ts';
import { openDb } from '../db/open.ts';
import { ConfigError } from '../lib/errors.ts';
import { renderReportMarkdown, renderReportPlain } from '../monitoring/renderReport.ts';
import { readMonitoringReport } from '../monitoring/report.ts';

export interface ReportDeps {
  config: () => Config;
  print: (line: string) => void;
  now?: () => Date;
}

/** `strukt-cron report`: the seed's monitoring queries, as text, Markdown or JSON. */
export function reportCommand(deps: ReportDeps): Command {
  return new Command('report')
    .description('print the monitoring figures: success rates, durations, retries, errors, notifications')
    .option('--days <n>', 'window in days for rates and trends (performance and errors use at most 7)', '30')
    .option('--json', 'print JSON')
    .option('--markdown', 'print Markdown tables')
    .action(async (flags: { days: string; json?: boolean; markdown?: boolean }) => {
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 1 || days > 3650) {
        throw new ConfigError(`Invalid --days '${flags.days}'. Expected a whole number from 1 to 3650.`);
      }
      if (flags.json && flags.markdown) throw new ConfigError('Choose one of --json and --markdown.');
      const db = await openDb(deps.config());
      try {
        const report = await readMonitoringReport(db, days, (deps.now ?? (() => new Date()))());
        if (flags.json) deps.print(JSON.stringify(report, null, 2));
        else deps.print(flags.markdown ? renderReportMarkdown(report) : renderReportPlain(report));
      } finally {
        await db.close();
      }
    });
}
