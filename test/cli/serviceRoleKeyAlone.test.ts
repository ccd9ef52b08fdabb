import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { invokeCommand } from '../../src/commands/invoke.ts';
import { serveCommand } from '../../src/commands/serve.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { openEmbedded } from '../../src/db/embedded.ts';
import { migrateUp } from '../../src/db/migrate.ts';

/**
 * `serve` and `invoke --url` promise, in their help, to take SUPABASE_SERVICE_ROLE_KEY as the
 * bearer key; with the key alone (no SUPABASE_URL) they must start. The commands that open a
 * database still refuse the key without its URL rather than quietly use the embedded database.
 */

const KEY = 'service-role-key-without-its-url';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strukt-key-alone-'));
  const sql = await openEmbedded(dir);
  try {
    await migrateUp(sql);
  } finally {
    await sql.close();
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SUPABASE_SERVICE_ROLE_KEY without SUPABASE_URL', () => {
  it('serve takes it as the bearer key, and invoke --url sends it', async () => {
    let stop: (reason: string) => void = () => {};
    let done: Promise<unknown> = Promise.resolve();
    const served: string[] = [];
    const listening = new Promise<string>((resolve) => {
      const program = new Command('strukt-cron').exitOverride();
      program.addCommand(
        serveCommand({
          config: () => loadConfig({ SUPABASE_SERVICE_ROLE_KEY: KEY, STRUKT_DATA_DIR: dir }),
          print: (line) => {
            served.push(line);
            const url = /^Serving the edge functions at (\S+)/.exec(line)?.[1];
            if (url) resolve(url);
          },
          printErr: () => {},
          untilStopped: () => new Promise((resolveStop) => (stop = resolveStop)),
        }),
      );
      done = program.parseAsync([
        'node',
        'strukt-cron',
        'serve',
        '--port',
        '0',
        '--quiet',
        '--ai',
        'offline',
      ]);
    });
    const base = await listening;
    try {
      expect(served[0]).toContain('(database: embedded, ai: offline)');
      const invoke = async (key: string) => {
        const out: string[] = [];
        let exitCode: number | null = null;
        const program = new Command('strukt-cron').exitOverride();
        program.addCommand(
          invokeCommand({
            config: () => loadConfig({ SUPABASE_SERVICE_ROLE_KEY: key }),
            print: (line) => out.push(line),
            printErr: () => {},
            setExitCode: (code) => (exitCode = code),
            sleep: async () => {},
          }),
        );
        await program.parseAsync([
          'node',
          'strukt-cron',
          'invoke',
          'user-status',
          '--url',
          base,
          '--dry-run',
        ]);
        return { out, exitCode };
      };
      const accepted = await invoke(KEY);
      expect(accepted.exitCode).toBe(0);
      expect(accepted.out[0]).toMatch(/^checkUserStatus: success \(dry run\)/);
      // The key is what the server checks: another one is refused.
      const refused = await invoke('another-key-of-some-length');
      expect(refused.exitCode).toBe(1);
      expect(refused.out[0]).toMatch(/HTTP 401/);
    } finally {
      stop('SIGTERM');
      await done;
    }
  });

  it('is refused by a command that opens a database, naming SUPABASE_URL', async () => {
    const program = buildProgram(() => loadConfig({ SUPABASE_SERVICE_ROLE_KEY: KEY, STRUKT_DATA_DIR: dir }), {
      print: () => {},
      printErr: () => {},
    });
    const run = program.parseAsync(['node', 'strukt-cron', 'run', 'user-status', '--dry-run', '--quiet']);
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(
      /^SUPABASE_URL is not set\. SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY go together/,
    );
  });
});
