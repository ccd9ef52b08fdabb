import { Command, Option } from 'commander';
import type { Config } from '../config/config.ts';
import { parseAiMode, parseDuration } from '../config/runOptions.ts';
import { openDb } from '../db/open.ts';
import type { Db } from '../db/types.ts';
import { JOBS } from '../domain/jobs.ts';
import { ConfigError } from '../lib/errors.ts';
import type { LogFormat } from '../lib/logger.ts';
import { commandOutput, logFormatOption, plainTarget, type StderrTarget } from './output.ts';

export interface ServeCommandDeps {
  config: () => Config;
  print: (line: string) => void;
  /** Log lines (one JSON object each) go here. */
  printErr: (line: string) => void;
  /**
   * Resolves with a reason when the server should stop; a second call means "stop now".
   * @default the next SIGINT or SIGTERM
   */
  untilStopped?: () => Promise<string>;
  /** @default openDb, kept open while the server runs */
  openDb?: (config: Config) => Promise<Db>;
  /** Log lines: text or JSON (--log-format). @default JSON lines through printErr */
  stderr?: StderrTarget;
}

interface ServeFlags {
  port: string;
  host: string;
  ai?: string;
  timeBudget?: string;
  quiet?: boolean;
  logFormat?: LogFormat;
}

/** Not Supabase's local 54321, so `serve` and `supabase start` can run side by side. */
export const DEFAULT_PORT = 8787;

/**
 * `strukt-cron serve`: the edge functions on Node, at `/functions/v1/<name>`, with the same
 * handler Deno runs — for local work, for a host without Supabase, and for `invoke` to talk to.
 */
export function serveCommand(deps: ServeCommandDeps): Command {
  return new Command('serve')
    .description('serve the edge functions over HTTP on this machine (POST /functions/v1/<name>)')
    .option('--port <n>', 'port to listen on (0: any free port)', String(DEFAULT_PORT))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(
      new Option(
        '--ai <mode>',
        'openai (direct, needs OPENAI_API_KEY), batch (OpenAI Batch API: half price, collected by a later run) or offline templates',
      ).choices(['openai', 'batch', 'offline']),
    )
    .option('--time-budget <duration>', "each run's time budget, and the most a request may ask for", '120s')
    .option('--quiet', 'no log lines on stderr')
    .addOption(logFormatOption())
    .addHelpText(
      'after',
      '\nRequests need Authorization: Bearer <SUPABASE_SERVICE_ROLE_KEY or STRUKT_CRON_SECRET>.' +
        '\nStops on SIGINT or SIGTERM once the runs in flight have finished (a second signal drops them).',
    )
    .action(async (flags: ServeFlags) => {
      const port = parsePort(flags.port);
      const ai = parseAiMode(flags.ai) ?? 'openai';
      const timeBudgetMs = parseDuration(flags.timeBudget) ?? undefined;
      const config = deps.config();
      if (!config.supabaseServiceRoleKey && !config.cronSecret) {
        throw new ConfigError(
          'serve accepts only requests bearing a key, and none is set. Set STRUKT_CRON_SECRET ' +
            '(at least 16 characters) or SUPABASE_SERVICE_ROLE_KEY.',
        );
      }
      const log = commandOutput(deps.stderr ?? plainTarget(deps.printErr), {
        logFormat: flags.logFormat,
        logs: !flags.quiet,
      }).log;
      // One database for the server's life: the embedded one allows a single opener at a time.
      // Without SUPABASE_URL the service-role key is only the bearer key requests must carry (the
      // help says so); the database is then DATABASE_URL's or the embedded one.
      const dbConfig = config.supabaseUrl ? config : { ...config, supabaseServiceRoleKey: null };
      const db = await (deps.openDb ?? openDb)(dbConfig);
      let server;
      try {
        // Imported when the command runs: `strukt-cron --help` stays fast (scripts/build-cli.mjs).
        // (node:http among them: importing it loads Node's fetch implementation, 15 ms.)
        const [{ createHandler }, { startNodeServer }] = await Promise.all([
          import('../functions/handler.ts'),
          import('../functions/nodeServer.ts'),
        ]);
        const handler = createHandler({ config, log, db, ai, defaultTimeBudgetMs: timeBudgetMs });
        server = await startNodeServer({ handler, port, host: flags.host });
      } catch (error) {
        await db.close().catch(() => {});
        throw error;
      }
      deps.print(
        `Serving the edge functions at ${server.functionsUrl} (database: ${db.transport}, ai: ${ai}):`,
      );
      for (const job of JOBS) deps.print(`  POST ${server.functionsUrl}/${job.functionName}`);
      deps.print('Stop with Ctrl+C.');

      const untilStopped = deps.untilStopped ?? nextSignal;
      const reason = await untilStopped();
      deps.print(`${reason}: stopping once the runs in flight have finished…`);
      const graceful = server.close();
      // A second signal while waiting means the operator will not wait.
      const forced = untilStopped().then(async (again) => {
        deps.print(`${again} again: dropping the runs in flight.`);
        await server.close({ force: true });
      });
      await Promise.race([graceful, forced]);
      await db
        .close()
        .catch((error: unknown) => log.warn('could not close the database', { error: String(error) }));
      deps.print('Stopped.');
    });
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || !Number.isInteger(n) || n > 65_535) {
    throw new ConfigError(`Invalid --port '${value}'. Expected a whole number from 0 to 65535.`);
  }
  return n;
}

function nextSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
