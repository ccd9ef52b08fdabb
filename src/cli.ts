/**
 * The `strukt-cron` command. Thin: reads configuration once, wires the commands, and owns the
 * single failure path — exit 2 for bad usage or configuration, 1 for anything else.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../package.json' with { type: 'json' };
import { cronSqlCommand } from './commands/cronSql.ts';
import { dbCommand } from './commands/db.ts';
import { demoCommand } from './commands/demo.ts';
import { healthCommand } from './commands/health.ts';
import { invokeCommand } from './commands/invoke.ts';
import { personAt } from './commands/output.ts';
import { pruneCommand } from './commands/prune.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { runsCommand } from './commands/runs.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { showCommand } from './commands/show.ts';
import { verifyCommand } from './commands/verify.ts';
import type { Config } from './config/config.ts';
import { describeFailure, isMissingSchemaError } from './db/failures.ts';
import { openDb, openSql } from './db/open.ts';
import { JobNameError } from './domain/jobs.ts';
import { ConfigError } from './lib/errors.ts';
import type { ProgressStream } from './lib/progressBar.ts';
import { scrub } from './lib/sanitize.ts';

export interface CliIo {
  print: (line: string) => void;
  printErr: (line: string) => void;
  /** The stream printErr writes to: a terminal outside CI gets progress and text logs. @default none */
  stderr?: ProgressStream;
}

const consoleIo: CliIo = { print: (line) => console.log(line), printErr: (line) => console.error(line) };

export function buildProgram(
  config: () => Config,
  io: CliIo = consoleIo,
  setExitCode: (code: number) => void = () => {},
  env: Record<string, string | undefined> = {},
): Command {
  const program = new Command('strukt-cron')
    .description('Scheduled AI coaching jobs for STRUKT on Supabase: run, serve, monitor and verify them.')
    .version(packageJson.version, '-V, --version', 'print the version of strukt-cron')
    .showHelpAfterError()
    .exitOverride();
  const openSqlFromConfig = () => openSql(config());
  const stderr = { printErr: io.printErr, terminal: personAt(io.stderr, env) };
  program.addCommand(
    dbCommand({ openSql: openSqlFromConfig, openDb: () => openDb(config()), print: io.print }),
  );
  program.addCommand(runCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program.addCommand(demoCommand({ config, print: io.print, printErr: io.printErr, stderr }));
  program.addCommand(reportCommand({ config, print: io.print }));
  program.addCommand(runsCommand({ config, print: io.print }));
  program.addCommand(showCommand({ config, print: io.print }));
  program.addCommand(pruneCommand({ config, print: io.print }));
  program.addCommand(seedCommand({ openSql: openSqlFromConfig, print: io.print, stderr }));
  program.addCommand(healthCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program.addCommand(serveCommand({ config, print: io.print, printErr: io.printErr, stderr }));
  program.addCommand(invokeCommand({ config, print: io.print, printErr: io.printErr, setExitCode, stderr }));
  program.addCommand(verifyCommand({ config, print: io.print, printErr: io.printErr, setExitCode }));
  program.addCommand(cronSqlCommand({ print: io.print }));
  // addCommand does not pass exitOverride on: without it a usage error in a subcommand (unknown
  // option, missing argument) makes commander call process.exit(1) instead of exiting 2 here.
  overrideExits(program);
  return program;
}

function overrideExits(command: Command): void {
  for (const sub of command.commands) {
    sub.exitOverride();
    overrideExits(sub);
  }
}

export async function main(argv: string[]): Promise<number> {
  let config: Config | undefined;
  // The configuration module (and zod with it) is imported when a command's action is about to
  // run, not at start-up: `--help` and a usage error need neither.
  let loadConfig: (() => Config) | undefined;
  const lazyConfig = () => {
    if (loadConfig === undefined) throw new Error('The configuration was read before a command started.');
    return (config ??= loadConfig());
  };
  let exitCode = 0;
  try {
    const io = { ...consoleIo, stderr: process.stderr };
    const program = buildProgram(lazyConfig, io, (code) => (exitCode = code), process.env);
    program.hook('preAction', async () => {
      loadConfig ??= (await import('./config/config.ts')).loadConfig;
    });
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return exitCodeFor(error, lazyConfig);
  }
}

async function exitCodeFor(error: unknown, config: () => Config): Promise<number> {
  if (error instanceof CommanderError) {
    // Help and version are not failures; commander already printed its usage message.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  if (error instanceof ConfigError || error instanceof JobNameError) {
    console.error(`strukt-cron: ${scrub(error.message)}`);
    return 2;
  }
  console.error(`strukt-cron: ${(await pendingMigrations(error, config)) ?? describeFailure(error)}`);
  return 1;
}

/**
 * For a schema that is missing or behind, the migration ledger's line (what is pending, and
 * `db migrate`), which needs the database again; null for every other failure, which
 * `describeFailure` words alone.
 */
async function pendingMigrations(error: unknown, config: () => Config): Promise<string | null> {
  if (!isMissingSchemaError(error)) return null;
  // Imported here: the ledger reader loads the migration files, which --help never needs.
  const { missingSchemaHint } = await import('./db/schemaHint.ts');
  // The command has closed its database: the embedded one allows a single opener at a time.
  const hint = await missingSchemaHint(error, async () => (await openSql(config())).sql);
  return hint === null ? null : scrub(hint);
}
