/**
 * The `strukt-cron` command. Thin: reads configuration once, wires the commands, and owns the
 * single failure path — exit 2 for bad usage or configuration, 1 for anything else.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { JobNameError } from './jobs/registry.ts';
import { cronSqlCommand } from './commands/cronSql.ts';
import { dbCommand } from './commands/db.ts';
import { demoCommand } from './commands/demo.ts';
import { healthCommand } from './commands/health.ts';
import { invokeCommand } from './commands/invoke.ts';
import { pruneCommand } from './commands/prune.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { seedCommand } from './commands/seed.ts';
import { serveCommand } from './commands/serve.ts';
import { verifyCommand } from './commands/verify.ts';
import { openSql } from './db/open.ts';

export interface CliIo {
  print: (line: string) => void;
  printErr: (line: string) => void;
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
    .showHelpAfterError()
    .exitOverride();
  const openSqlFromConfig = () => openSql(config());
  program.addCommand(dbCommand({ openSql: openSqlFromConfig, print: io.print }));
  program.addCommand(runCommand({ config, print: io.print, printErr: io.printErr, setExitCode }));
  program.addCommand(demoCommand({ config, print: io.print, printErr: io.printErr }));
  program.addCommand(reportCommand({ config, print: io.print }));
  program.addCommand(pruneCommand({ config, print: io.print }));
  program.addCommand(seedCommand({ openSql: openSqlFromConfig, print: io.print }));
  program.addCommand(healthCommand({ config, print: io.print, printErr: io.printErr, setExitCode, env }));
  program.addCommand(serveCommand({ config, print: io.print, printErr: io.printErr }));
  program.addCommand(invokeCommand({ config, print: io.print, printErr: io.printErr, setExitCode }));
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
  const lazyConfig = () => (config ??= loadConfig());
  let exitCode = 0;
  try {
    await buildProgram(lazyConfig, consoleIo, (code) => (exitCode = code), process.env).parseAsync(argv);
    return exitCode;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; commander already printed its usage message.
    return error.exitCode === 0 || error.code === 'commander.helpDisplayed' ? 0 : 2;
  }
  if (error instanceof ConfigError || error instanceof JobNameError) {
    console.error(`strukt-cron: ${error.message}`);
    return 2;
  }
  console.error(`strukt-cron: ${describe(error)}`);
  return 1;
}

/** One line per cause, no stack: the user sees what failed and why. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 4) {
    if (!parts.includes(current.message)) parts.push(current.message);
    current = current.cause;
  }
  return parts.length > 0 ? parts.join('\n  caused by: ') : String(error);
}
