import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { invokeCommand } from '../../src/commands/invoke.ts';
import type { Config } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { createHandler } from '../../src/functions/handler.ts';
import { invokeFunction, InvokeError, summarizeInvocation } from '../../src/functions/invoke.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { closeServer, listen, readBody, sendJson, sendJsonText } from '../support/http.ts';
import { CRON_SECRET, DIGEST_AS_OF, seedScenario, SERVICE_KEY, testConfig } from './helpers.ts';

/** One scripted answer of the stub function. */
interface Answer {
  status: number;
  body: string | object;
  headers?: Record<string, string>;
}

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

/** A stand-in for a deployed function: answers from a script, records what it was sent. */
async function startStub(script: Answer[]) {
  const seen: Seen[] = [];
  const server: Server = createServer((req: IncomingMessage, res) => {
    void readBody(req).then((body) => {
      seen.push({
        method: req.method ?? '',
        path: req.url ?? '',
        authorization: req.headers.authorization,
        body,
      });
      const answer = script.shift() ?? { status: 500, body: 'script exhausted' };
      const headers = { 'content-type': 'application/json', ...answer.headers };
      if (typeof answer.body === 'string') sendJsonText(res, answer.status, answer.body, headers);
      else sendJson(res, answer.status, answer.body, headers);
    });
  });
  const { url } = await listen(server);
  return {
    baseUrl: `${url}/functions/v1`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const OK_DIGEST = {
  success: true,
  message: 'Generated 3 weekly digests',
  results: [],
  status: 'success',
  runId: '0d8a6c52-7c44-4f0e-9d0e-3f4f1c7b9a11',
  dryRun: false,
  counts: { considered: 3, succeeded: 3, failed: 0, skipped: {}, remaining: 0 },
};

let stub: Awaited<ReturnType<typeof startStub>> | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('invokeFunction', () => {
  it('retries 503 twice on the seed schedule and returns the third answer', async () => {
    stub = await startStub([
      { status: 503, body: '<html>Service Unavailable</html>' },
      { status: 503, body: { code: 'BOOT_ERROR', message: 'Function failed to start' } },
      { status: 200, body: OK_DIGEST },
    ]);
    const { waits, sleep } = recordingSleep();
    const result = await invokeFunction({
      baseUrl: stub.baseUrl,
      functionName: 'generateWeeklyDigest',
      key: SERVICE_KEY,
      body: { dryRun: false, asOf: DIGEST_AS_OF },
      sleep,
    });
    expect(result).toMatchObject({ status: 200, attempts: 3, delaysMs: [0, 3000, 10000] });
    expect(result.body).toMatchObject({ success: true, message: 'Generated 3 weekly digests' });
    expect(waits).toEqual([3000, 10000]);
    expect(stub.seen).toHaveLength(3);
    expect(stub.seen[0]).toEqual({
      method: 'POST',
      path: '/functions/v1/generateWeeklyDigest',
      authorization: `Bearer ${SERVICE_KEY}`,
      body: JSON.stringify({ dryRun: false, asOf: DIGEST_AS_OF }),
    });
  });

  it('refuses more users than a request may name before sending anything', async () => {
    stub = await startStub([{ status: 200, body: OK_DIGEST }]);
    const users = Array.from(
      { length: 1_001 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    await expect(
      invokeFunction({
        baseUrl: stub.baseUrl,
        functionName: 'generateWeeklyDigest',
        key: SERVICE_KEY,
        body: { users },
      }),
    ).rejects.toThrow(
      new ConfigError(
        'Too many users for one edge-function call: 1001. Expected at most 1000 (what fits in a request body); ' +
          'run on the runner (strukt-cron run, or mode run) for more.',
      ),
    );
    expect(stub.seen).toHaveLength(0);
  });

  it('waits longer when the server asks to with Retry-After', async () => {
    stub = await startStub([
      { status: 503, body: 'busy', headers: { 'retry-after': '7' } },
      { status: 200, body: OK_DIGEST },
    ]);
    const { waits, sleep } = recordingSleep();
    await invokeFunction({ baseUrl: stub.baseUrl, functionName: 'generateWeeklyDigest', key: 'k', sleep });
    expect(waits).toEqual([7000]);
  });

  it('gives back the last 5xx answer when the tries run out', async () => {
    stub = await startStub([
      { status: 502, body: 'Bad gateway' },
      { status: 504, body: 'Gateway timeout' },
      { status: 546, body: { code: 'WORKER_LIMIT', message: 'Function exceeded its resource limits' } },
    ]);
    const { sleep } = recordingSleep();
    const result = await invokeFunction({
      baseUrl: stub.baseUrl,
      functionName: 'checkUserStatus',
      key: 'k',
      sleep,
    });
    expect(result).toMatchObject({
      status: 546,
      attempts: 3,
      body: { success: false, error: 'Function exceeded its resource limits' },
    });
  });

  it.each([
    [401, { success: false, error: 'Unauthorized', code: 'unauthorized' }],
    [400, { success: false, error: "Invalid body: field 'dryRun': expected boolean", code: 'bad_request' }],
    [409, { success: false, error: 'Another run of checkUserStatus is in progress', status: 'skipped' }],
    [500, { success: false, error: 'checkUserStatus failed: DbError', code: 'run_failed', runId: 'r1' }],
    [
      500,
      { success: false, error: 'Server misconfigured: OPENAI_API_KEY is not set', code: 'misconfigured' },
    ],
  ])('does not retry a %i with a final verdict', async (status, body) => {
    stub = await startStub([{ status, body }]);
    const { waits, sleep } = recordingSleep();
    const result = await invokeFunction({
      baseUrl: stub.baseUrl,
      functionName: 'checkUserStatus',
      key: 'k',
      sleep,
    });
    expect(result).toMatchObject({ status, attempts: 1, body });
    expect(waits).toEqual([]);
  });

  it('retries a refused connection, then fails saying where and how often', async () => {
    stub = await startStub([]);
    const baseUrl = stub.baseUrl;
    await stub.close();
    stub = undefined;
    const { waits, sleep } = recordingSleep();
    const failure = invokeFunction({ baseUrl, functionName: 'checkUserStatus', key: 'k', sleep });
    await expect(failure).rejects.toThrow(InvokeError);
    await expect(failure).rejects.toMatchObject({ attempts: 3 });
    await expect(failure).rejects.toThrow(/failed after 3 tries: Could not reach http:\/\/127\.0\.0\.1:\d+/);
    expect(waits).toEqual([3000, 10000]);
  });

  it('refuses a 2xx answer outside the contract, once', async () => {
    stub = await startStub([{ status: 200, body: '<html>Welcome to nginx</html>' }]);
    const failure = invokeFunction({ baseUrl: stub.baseUrl, functionName: 'checkUserStatus', key: 'k' });
    await expect(failure).rejects.toThrow(/Unexpected answer from .*: HTTP 200 with the body '<html>Welcome/);
    expect(stub.seen).toHaveLength(1);
  });

  it('gives up on a silent function after its timeout, without retrying', async () => {
    const silent = createServer(() => {});
    const { port } = await listen(silent);
    try {
      const { waits, sleep } = recordingSleep();
      const failure = invokeFunction({
        baseUrl: `http://127.0.0.1:${port}/functions/v1`,
        functionName: 'checkUserStatus',
        key: 'k',
        sleep,
        timeoutMs: 200,
      });
      await expect(failure).rejects.toThrow(/No answer from .* within 200 ms; the run may still be going/);
      expect(waits).toEqual([]);
    } finally {
      await closeServer(silent);
    }
  });
});

describe('summarizeInvocation', () => {
  it('reads a partial run with its remaining users and counts', () => {
    const body = {
      ...OK_DIGEST,
      status: 'partial_success',
      remaining: 7,
      counts: { ...OK_DIGEST.counts, remaining: 7 },
    };
    expect(summarizeInvocation({ status: 200, body })).toEqual({
      status: 'partial_success',
      message: 'Generated 3 weekly digests',
      runId: OK_DIGEST.runId,
      remaining: 7,
      counts: { considered: 3, succeeded: 3, failed: 0, skipped: {} },
    });
  });

  it("reads the seed's bare body as a success", () => {
    const body = { success: true, message: 'Checked 4 users, triggered 1 notifications', notifications: [] };
    expect(summarizeInvocation({ status: 200, body })).toEqual({
      status: 'success',
      message: 'Checked 4 users, triggered 1 notifications',
      runId: null,
      remaining: 0,
    });
  });

  it('reads 409 as skipped and any other failure as an error naming the HTTP status', () => {
    const busy = { success: false, error: 'Another run of checkUserStatus is in progress' };
    expect(summarizeInvocation({ status: 409, body: busy })).toMatchObject({
      status: 'skipped',
      runId: null,
    });
    expect(summarizeInvocation({ status: 502, body: { success: false, error: 'Bad gateway' } })).toEqual({
      status: 'error',
      message: 'HTTP 502: Bad gateway',
      runId: null,
      remaining: 0,
    });
    expect(summarizeInvocation({ status: 500, body: 'not json' }).message).toBe(
      'HTTP 500: the answer was not a JSON body',
    );
  });
});

/** `strukt-cron invoke ...` through a commander parent, as src/cli.ts wires it. */
function cli(config: Partial<Config>) {
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | null = null;
  const program = new Command('strukt-cron').exitOverride();
  program.addCommand(
    invokeCommand({
      config: () => testConfig({ supabaseServiceRoleKey: null, cronSecret: null, ...config }),
      print: (line) => out.push(line),
      printErr: (line) => err.push(line),
      setExitCode: (code) => (exitCode = code),
      sleep: async () => {},
    }),
  );
  return {
    run: (...args: string[]) => program.parseAsync(['node', 'strukt-cron', 'invoke', ...args]),
    out,
    err,
    exitCode: () => exitCode,
  };
}

describe('strukt-cron invoke against a stub', () => {
  it('exits 1 after a single try when the key is refused, with a hint', async () => {
    stub = await startStub([{ status: 401, body: { success: false, error: 'Unauthorized' } }]);
    const c = cli({ cronSecret: CRON_SECRET });
    await c.run('user-status', '--url', stub.baseUrl);
    expect(c.exitCode()).toBe(1);
    expect(stub.seen).toHaveLength(1);
    expect(c.out[0]).toBe('checkUserStatus: error — HTTP 401: Unauthorized');
    expect(c.err.join('\n')).toMatch(/hint: the function refused STRUKT_CRON_SECRET/);
    expect(c.out.join('\n') + c.err.join('\n')).not.toContain(CRON_SECRET);
  });

  it('exits 0 with a warning on a partial run', async () => {
    const partial = { ...OK_DIGEST, status: 'partial_success', remaining: 2 };
    stub = await startStub([{ status: 200, body: partial }]);
    const c = cli({ cronSecret: CRON_SECRET });
    await c.run('weekly-digest', '--url', stub.baseUrl);
    expect(c.exitCode()).toBe(0);
    expect(c.err).toEqual(['warning: partial_success — 2 users left for the next run']);
  });

  it('exits 0 and says so when another run is in progress', async () => {
    const busy = {
      success: false,
      error: 'Another run of checkUserStatus is in progress',
      status: 'skipped',
    };
    stub = await startStub([{ status: 409, body: busy }]);
    const c = cli({ cronSecret: CRON_SECRET });
    await c.run('checkUserStatus', '--url', stub.baseUrl);
    expect(c.exitCode()).toBe(0);
    expect(c.out[0]).toMatch(
      /^checkUserStatus: skipped — Skipped: Another run of checkUserStatus is in progress/,
    );
    expect(c.err.join('\n')).toMatch(/another run is in progress/);
  });

  it('exits 1 when the function cannot be reached', async () => {
    stub = await startStub([]);
    const baseUrl = stub.baseUrl;
    await stub.close();
    stub = undefined;
    const c = cli({ cronSecret: CRON_SECRET });
    await c.run('user-status', '--url', baseUrl);
    expect(c.exitCode()).toBe(1);
    expect(c.err[0]).toMatch(/^error: Invoking checkUserStatus failed after 3 tries: Could not reach/);
  });

  it('asks for per-user detail only with --detail', async () => {
    stub = await startStub([
      { status: 200, body: OK_DIGEST },
      { status: 200, body: OK_DIGEST },
    ]);
    await cli({ cronSecret: CRON_SECRET }).run('weekly-digest', '--url', stub.baseUrl, '--json');
    await cli({ cronSecret: CRON_SECRET }).run('weekly-digest', '--url', stub.baseUrl, '--json', '--detail');
    const bodies = stub.seen.map((s) => JSON.parse(s.body) as Record<string, unknown>);
    expect(bodies[0]).not.toHaveProperty('detail');
    expect(bodies[1]).toEqual({ detail: true });
  });

  const withKey: Partial<Config> = { cronSecret: CRON_SECRET };
  it.each([
    ['an unknown job', withKey, ['nightly'], /Unknown job 'nightly'\. Expected one of: weekly-digest/],
    [
      'a bad --as-of',
      withKey,
      ['user-status', '--url', 'http://x.test', '--as-of', 'soon'],
      /Invalid --as-of 'soon'/,
    ],
    [
      'bad --users',
      withKey,
      ['user-status', '--url', 'http://x.test', '--users', 'bob'],
      /Invalid --users entry 'bob'/,
    ],
    ['a bad --url', withKey, ['user-status', '--url', 'ftp://x'], /Invalid --url 'ftp:\/\/x'/],
    [
      '--detail without --json, which alone would print it',
      withKey,
      ['user-status', '--url', 'https://x.test', '--detail'],
      /Invalid --detail without --json/,
    ],
    [
      'an http --url to another machine',
      withKey,
      ['user-status', '--url', 'http://x.test/functions/v1'],
      /Invalid --url 'http:\/\/x\.test\/functions\/v1'\. Expected an https URL like https:\/\/abcd\.supabase\.co\/functions\/v1 \(http only to this machine/,
    ],
    [
      'no key',
      {},
      ['user-status', '--url', 'https://x.test'],
      /Set STRUKT_CRON_SECRET or SUPABASE_SERVICE_ROLE_KEY/,
    ],
  ])(
    'fails as bad usage (ConfigError, exit 2) on %s, before any request',
    async (_name, config, args, message) => {
      const run = cli(config).run(...args);
      await expect(run).rejects.toThrow(ConfigError);
      await expect(run).rejects.toThrow(message);
    },
  );

  it('needs SUPABASE_URL or --url, naming both', async () => {
    const c = cli({ cronSecret: CRON_SECRET, supabaseUrl: null });
    await expect(c.run('user-status')).rejects.toThrow(/Set SUPABASE_URL .* or pass --url/);
  });
});

describe('strukt-cron invoke against the Node server', () => {
  let t: TestDatabase;
  let server: NodeServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedScenario(t.sql);
    const config = testConfig({ databaseUrl: t.url });
    server = await startNodeServer({
      handler: createHandler({
        config,
        log: silentLogger,
        ai: 'offline',
        ...(t.url === null ? { db: t.db } : {}),
      }),
    });
  });

  afterAll(async () => {
    await server?.close({ force: true });
    await t?.drop();
  });

  it('runs the weekly digest and prints its message, run id and counts', async () => {
    const c = cli({ cronSecret: CRON_SECRET });
    await c.run('weekly-digest', '--url', server.functionsUrl, '--as-of', DIGEST_AS_OF);
    expect(c.exitCode()).toBe(0);
    expect(c.out[0]).toBe('generateWeeklyDigest: success — Generated 4 weekly digests');
    expect(c.out.join('\n')).toMatch(
      /answer {5}HTTP 200 after 1 try from http:\/\/127\.0\.0\.1:\d+\/functions\/v1/,
    );
    expect(c.out.join('\n')).toMatch(/users {6}considered 4, succeeded 4, failed 0, remaining 0/);
    const runId = /run id {5}([0-9a-f-]{36})/.exec(c.out.join('\n'))?.[1];
    const rows = await t.sql.query('select run_status from admin.system_cron_logs where run_id = $1', [
      runId,
    ]);
    expect(rows).toEqual([{ run_status: 'success' }]);
  });

  it('prints the whole answer with --json, and a second run of the same period writes nothing', async () => {
    const c = cli({ cronSecret: CRON_SECRET });
    await c.run('generateWeeklyDigest', '--url', server.functionsUrl, '--as-of', DIGEST_AS_OF, '--json');
    expect(c.exitCode()).toBe(0);
    const printed = JSON.parse(c.out.join('\n')) as Record<string, unknown>;
    expect(printed).toMatchObject({ httpStatus: 200, attempts: 1, success: true, status: 'success' });
    expect(printed.message).toBe('Generated 0 weekly digests');
  });

  it('exits 0, saying so, while another run holds the lease', async () => {
    await t.sql.query(
      `insert into cron_leases (lease_key, holder, expires_at) values ('weekly-digest:all', gen_random_uuid(), now() + interval '5 minutes')`,
    );
    try {
      const c = cli({ supabaseUrl: 'http://unused.test', supabaseServiceRoleKey: SERVICE_KEY });
      await c.run('weekly-digest', '--url', server.functionsUrl, '--as-of', DIGEST_AS_OF);
      expect(c.exitCode()).toBe(0);
      expect(c.out[0]).toMatch(/skipped/);
    } finally {
      await t.sql.query(`delete from cron_leases where lease_key = 'weekly-digest:all'`);
    }
  });
});
