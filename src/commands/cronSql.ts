import { Command } from 'commander';
import { DEFAULT_SECRET_NAME, pgCronSetupSql, pgCronUnscheduleSql } from '../cron/pgCronSql.ts';

export interface CronSqlDeps {
  print: (line: string) => void;
}

interface CronSqlFlags {
  functionsUrl?: string;
  unschedule?: boolean;
  secretName: string;
}

/**
 * `strukt-cron cron-sql`: prints the seed's Option A (pg_cron + pg_net) setup for every job in the
 * registry, with the key read from Supabase Vault at run time; `--unschedule` prints the rollback.
 * It only prints: paste the SQL into the SQL editor or pipe it to psql.
 */
export function cronSqlCommand(deps: CronSqlDeps): Command {
  return new Command('cron-sql')
    .description(
      'print the pg_cron SQL that schedules the edge functions (Option A), or with --unschedule its rollback',
    )
    .requiredOption(
      '--functions-url <url>',
      "the functions' base URL, e.g. https://<ref>.supabase.co/functions/v1",
    )
    .option('--unschedule', 'print the SQL that removes the schedules instead')
    .option('--secret-name <name>', 'the Supabase Vault secret holding the bearer key', DEFAULT_SECRET_NAME)
    .action((flags: CronSqlFlags) => {
      // Validated in both modes, so a typo fails the same way before and after setup.
      const setup = pgCronSetupSql({ functionsUrl: flags.functionsUrl!, secretName: flags.secretName });
      deps.print(
        flags.unschedule ? pgCronUnscheduleSql({ secretName: flags.secretName }).trimEnd() : setup.trimEnd(),
      );
    });
}
