import { Command } from 'commander';
import path from 'node:path';
import type { Config } from '../config/config.ts';
import { ConfigError } from '../lib/errors.ts';
import { createResultPrinter, renderSummary, toJson } from '../verify/render.ts';

export interface VerifyDeps {
  config: () => Config;
  print: (line: string) => void;
  /** Warnings (a connection that would not close) go here, so `--json` keeps stdout for the result. */
  printErr: (line: string) => void;
  setExitCode: (code: number) => void;
  /** Where the repository checks look when --repo-dir is not given. @default process.cwd() */
  cwd?: string;
  /** @default the global fetch */
  fetch?: typeof fetch;
}

interface VerifyFlags {
  json?: boolean;
  skipOpenai?: boolean;
  functionsUrl?: string;
  anonKey?: string;
  repoDir?: string;
}

/**
 * `strukt-cron verify`: checks a deployment end to end — configuration, database schema and
 * security, the jobs (dry runs), OpenAI, the edge functions and the repository — and prints
 * `N/N checks passed`. Exit 1 when any check fails.
 */
export function verifyCommand(deps: VerifyDeps): Command {
  return new Command('verify')
    .description('check a deployment end to end: configuration, database, jobs, OpenAI, functions, workflows')
    .option('--json', 'print the result as JSON')
    .option('--skip-openai', 'do not call OpenAI to check the key')
    .option(
      '--functions-url <url>',
      'also check the deployed edge functions, e.g. https://<ref>.supabase.co/functions/v1',
    )
    .option('--anon-key <key>', "the project's anon key: checks through PostgREST that anon is refused")
    .option(
      '--repo-dir <dir>',
      'the repository whose workflows and bundles to check (default: the current folder)',
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 every check passed (skipped ones and warnings aside), 1 a check failed.',
    )
    .action(async (flags: VerifyFlags) => {
      let config: Config | null = null;
      let configError: string | null = null;
      try {
        config = deps.config();
      } catch (error) {
        // An invalid environment is the first finding, not a reason to stop: the rest still tells something.
        if (!(error instanceof ConfigError)) throw error;
        configError = error.message;
      }
      const cwd = deps.cwd ?? process.cwd();
      // Imported when the command runs: `strukt-cron --help` stays fast (scripts/build-cli.mjs).
      const { verifyDeployment } = await import('../verify/verify.ts');
      const { result, warning } = await verifyDeployment({
        config,
        configError,
        options: {
          skipOpenai: flags.skipOpenai ?? false,
          functionsUrl: flags.functionsUrl ?? null,
          anonKey: flags.anonKey ?? null,
          repoDir: path.resolve(cwd, flags.repoDir ?? '.'),
          repoDirExplicit: flags.repoDir !== undefined,
          fetch: deps.fetch ?? fetch,
        },
        onResult: flags.json ? undefined : createResultPrinter(deps.print),
      });
      if (flags.json) {
        deps.print(toJson(result));
      } else {
        deps.print('');
        deps.print(renderSummary(result));
      }
      if (warning) deps.printErr(`warning: ${warning}`);
      deps.setExitCode(result.failed > 0 ? 1 : 0);
    });
}
