import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/commands/serve.ts';
import type { Config } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import type { Db } from '../../src/db/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { CRON_SECRET, seedScenario, STATUS_AS_OF, testConfig } from './helpers.ts';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedScenario(t.sql);
});

afterAll(async () => {
  await t?.drop();
});

/** `strukt-cron serve ...` through a commander parent; `stop()` plays the part of Ctrl+C. */
function serve(config: Config, args: string[]) {
  const out: string[] = [];
  let stop: (reason: string) => void = () => {};
  let closed = 0;
  let done: Promise<unknown> = Promise.resolve();
  // The test database stays open for later tests; count the server's close instead.
  const db: Db = {
    transport: t.db.transport,
    call: (fn, a) => t.db.call(fn, a),
    close: async () => void closed++,
  };
  const listening = new Promise<string>((resolve) => {
    const program = new Command('strukt-cron').exitOverride();
    program.addCommand(
      serveCommand({
        config: () => config,
        print: (line) => {
          out.push(line);
          const url = /^Serving the edge functions at (\S+)/.exec(line)?.[1];
          if (url) resolve(url);
        },
        printErr: () => {},
        untilStopped: () => new Promise((resolveStop) => (stop = resolveStop)),
        openDb: async () => db,
      }),
    );
    done = program.parseAsync(['node', 'strukt-cron', 'serve', ...args]);
  });
  return { out, listening, stop: (reason: string) => stop(reason), done: () => done, closed: () => closed };
}

describe('strukt-cron serve', () => {
  it('serves the three functions until stopped, then closes the database', async () => {
    const s = serve(testConfig({ databaseUrl: t.url }), ['--port', '0', '--quiet']);
    const base = await s.listening;
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/functions\/v1$/);
    expect(s.out.slice(1, 4)).toEqual([
      `  POST ${base}/generateWeeklyDigest`,
      `  POST ${base}/checkUserStatus`,
      `  POST ${base}/generatePlans`,
    ]);
    const response = await fetch(`${base}/checkUserStatus`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CRON_SECRET}` },
      body: JSON.stringify({ dryRun: true, asOf: STATUS_AS_OF }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ success: true, message: /^Dry run: checked 2 users/ });

    s.stop('SIGTERM');
    await s.done();
    expect(s.out.slice(-2)).toEqual(['SIGTERM: stopping once the runs in flight have finished…', 'Stopped.']);
    expect(s.closed()).toBe(1);
    await expect(fetch(`${base}/checkUserStatus`, { method: 'POST' })).rejects.toThrow();
  });

  it('refuses to start without a key to check requests against', async () => {
    const s = serve(testConfig({ supabaseServiceRoleKey: null, cronSecret: null }), ['--port', '0']);
    await expect(s.done()).rejects.toThrow(ConfigError);
    await expect(s.done()).rejects.toThrow(/Set STRUKT_CRON_SECRET .* or SUPABASE_SERVICE_ROLE_KEY/);
  });

  it.each([['70000'], ['http'], ['-1']])('refuses --port %s as bad usage', async (port) => {
    const s = serve(testConfig(), ['--port', port]);
    await expect(s.done()).rejects.toThrow(/Invalid --port .* Expected a whole number from 0 to 65535/);
  });
});
