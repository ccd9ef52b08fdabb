import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/errors.ts';
import { createHandler, DEFAULT_TIME_BUDGET_MS, type HandlerDeps } from '../../src/functions/handler.ts';
import { edgeHandler } from '../../src/functions/edge.ts';
import type { ExecuteRequest } from '../../src/jobs/execute.ts';
import { createLogger, silentLogger } from '../../src/lib/logger.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addMessage, addUser } from '../support/fixtures.ts';
import {
  ANON_KEY,
  CRON_SECRET,
  DIGEST_AS_OF,
  leaksInternals,
  request,
  seedScenario,
  SERVICE_KEY,
  STATUS_AS_OF,
  testConfig,
  type Scenario,
} from './helpers.ts';

const STATUS_URL = 'http://edge.test/functions/v1/checkUserStatus';
const DIGEST_URL = 'http://edge.test/functions/v1/generateWeeklyDigest';

let t: TestDatabase;
let users: Scenario;
/** Every error body seen, checked at the end for stack traces and secrets. */
const errorBodies: string[] = [];

/** The handler on the test database: the postgres transport by URL, or the embedded one handed over. */
function handler(more: Partial<HandlerDeps> = {}) {
  return createHandler({
    config: testConfig({ databaseUrl: t.url }),
    log: silentLogger,
    ...(t.url === null ? { db: t.db } : {}),
    ...more,
  });
}

async function send(req: Request, more: Partial<HandlerDeps> = {}) {
  const response = await handler(more)(req);
  const text = await response.text();
  if (response.status >= 400) errorBodies.push(text);
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as Record<string, unknown>,
  };
}

/** A finished run as executeRun reports it, for the responses that depend only on the report. */
function fakeReport(more: Partial<RunReport>): RunReport {
  return {
    runId: '5b0c6c3e-1f4c-4a52-9a0e-0d3c3c4b8f10',
    job: 'user-status',
    functionName: 'checkUserStatus',
    status: 'success',
    message: 'Checked 4 users, triggered 1 notifications',
    dryRun: false,
    period: null,
    asOf: STATUS_AS_OF,
    startedAt: STATUS_AS_OF,
    durationMs: 5,
    attempts: 1,
    counts: { considered: 4, succeeded: 4, failed: 0, skipped: {}, remaining: 0 },
    figures: {},
    results: [],
    errors: [],
    shard: null,
    usersFiltered: null,
    trigger: 'http',
    source: 'edge',
    runUrl: null,
    ai: {
      model: null,
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: 0,
      calls: 0,
      retriedCalls: 0,
    },
    recorded: true,
    ...more,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  users = await seedScenario(t.sql);
});

afterAll(async () => {
  await t?.drop();
});

describe('authentication', () => {
  it.each([
    ['no Authorization header', { key: null }],
    ['the Basic scheme', { headers: { authorization: `Basic ${SERVICE_KEY}` } }],
    ['a wrong key', { key: 'not-the-service-role-key' }],
    ['the key with extra whitespace before it', { headers: { authorization: `Bearer  ${SERVICE_KEY}` } }],
    ['the key with whitespace inside', { headers: { authorization: `Bearer ${CRON_SECRET} x` } }],
    ['the anon key', { key: ANON_KEY }],
    ['the key without a scheme', { headers: { authorization: SERVICE_KEY } }],
  ])('refuses %s with a bare 401', async (_name, options) => {
    const res = await send(request(STATUS_URL, { ...options, body: { dryRun: true } }));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: 'Unauthorized', code: 'unauthorized' });
  });

  it('accepts the service-role key and STRUKT_CRON_SECRET, with the scheme in any case', async () => {
    const body = { dryRun: true, asOf: STATUS_AS_OF };
    expect((await send(request(STATUS_URL, { key: SERVICE_KEY, body }))).status).toBe(200);
    expect((await send(request(STATUS_URL, { key: CRON_SECRET, body }))).status).toBe(200);
    const lower = request(STATUS_URL, { headers: { authorization: `bearer ${CRON_SECRET}` }, body });
    expect((await send(lower)).status).toBe(200);
  });

  it('accepts STRUKT_CRON_SECRET alone when no service-role key is configured', async () => {
    const config = testConfig({ databaseUrl: t.url, supabaseServiceRoleKey: null });
    const res = await send(request(STATUS_URL, { key: CRON_SECRET, body: { dryRun: true } }), { config });
    expect(res.status).toBe(200);
    expect((await send(request(STATUS_URL, { key: SERVICE_KEY }), { config })).status).toBe(401);
  });

  it('answers 500 and accepts no one when neither key is configured', async () => {
    const config = testConfig({ supabaseServiceRoleKey: null, cronSecret: null });
    for (const key of [null, '', SERVICE_KEY, CRON_SECRET]) {
      const res = await send(request(STATUS_URL, { key, body: { dryRun: true } }), { config });
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({ success: false, code: 'misconfigured' });
      expect(res.body.error).toMatch(/Server not configured/);
    }
  });
});

describe('routing and method', () => {
  it('answers GET with 405 and Allow: POST', async () => {
    const res = await send(request(STATUS_URL, { method: 'GET' }));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it.each([
    ['an unknown function', 'http://edge.test/functions/v1/deleteEverything'],
    ['a path outside /functions/v1', 'http://edge.test/api/checkUserStatus'],
    ['the bare prefix', 'http://edge.test/functions/v1'],
  ])('answers 404 for %s', async (_name, url) => {
    const res = await send(request(url, { body: { dryRun: true } }));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, code: 'not_found' });
  });

  it('serves /<name>, the path Supabase hands a function', async () => {
    const res = await send(request('http://edge.test/checkUserStatus', { body: { dryRun: true } }));
    expect(res.status).toBe(200);
  });

  it('answers only for its own function when deployed as one', async () => {
    const only = { functions: ['checkUserStatus'] };
    expect((await send(request(DIGEST_URL, { body: { dryRun: true } }), only)).status).toBe(404);
    expect((await send(request(STATUS_URL, { body: { dryRun: true } }), only)).status).toBe(200);
  });
});

describe('request body', () => {
  it.each([
    ['invalid JSON', '{"dryRun": tru', /^Invalid JSON body: /],
    ['an array', '[1, 2]', /expected a JSON object .* got an array/],
    ['an unknown field', { dryRun: true, dryrun: false }, /unknown field\(s\) 'dryrun'/],
    ['a wrongly typed field', { dryRun: 'yes' }, /field 'dryRun'/],
    ['a bad asOf', { asOf: 'next tuesday' }, /Invalid asOf 'next tuesday'\. Expected an ISO 8601 time/],
    [
      'users that are not UUIDs',
      { users: ['bob'] },
      /Invalid users entry 'bob'\. Expected user ids \(UUIDs\)/,
    ],
    ['a fractional time budget', { timeBudgetMs: 1.5 }, /field 'timeBudgetMs'/],
    ['an empty users list', { users: [] }, /field 'users': expected at least one user id/],
  ])('answers 400 for %s, naming the problem', async (_name, body, message) => {
    const res = await send(request(STATUS_URL, { body }));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ success: false, code: 'bad_request' });
    expect(res.body.error).toMatch(message);
  });

  it('answers 413 for a 65 KiB body, by Content-Length', async () => {
    const big = JSON.stringify({ dryRun: true, pad: 'x'.repeat(65 * 1024) });
    const res = await send(
      request(STATUS_URL, { body: big, headers: { 'content-length': String(big.length) } }),
    );
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ success: false, code: 'payload_too_large' });
  });

  it('answers 413 for a streamed body past 64 KiB that declares no length, reading no further', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 1024) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const req = new Request(STATUS_URL, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVICE_KEY}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(req.headers.get('content-length')).toBeNull();
    const res = await send(req);
    expect(res.status).toBe(413);
    // 1 MiB was on offer; the handler stopped just past the limit (65 KiB, plus one chunk read ahead).
    expect(sent).toBeLessThanOrEqual(67);
  });

  it('runs with every default when there is no body, as in the seed curl examples', async () => {
    let seen: ExecuteRequest | undefined;
    const execute: HandlerDeps['execute'] = async (req) => {
      seen = req;
      return fakeReport({});
    };
    const now = () => new Date(STATUS_AS_OF);
    const res = await send(request(STATUS_URL), { execute, now });
    expect(res.status).toBe(200);
    expect(seen).toMatchObject({
      job: 'user-status',
      ai: 'openai',
      options: {
        asOf: new Date(STATUS_AS_OF),
        dryRun: false,
        users: null,
        shard: null,
        timeBudgetMs: DEFAULT_TIME_BUDGET_MS,
        trigger: 'http',
        source: 'edge',
      },
    });
  });

  it('lets a request shorten the time budget but not stretch it', async () => {
    const budgets: Array<number | null> = [];
    const execute: HandlerDeps['execute'] = async (req) => {
      budgets.push(req.options.timeBudgetMs);
      return fakeReport({});
    };
    await send(request(STATUS_URL, { body: { timeBudgetMs: 5000 } }), { execute });
    await send(request(STATUS_URL, { body: { timeBudgetMs: 3_600_000 } }), { execute });
    await send(request(STATUS_URL, { body: { timeBudgetMs: 3_600_000 } }), {
      execute,
      defaultTimeBudgetMs: 9000,
    });
    expect(budgets).toEqual([5000, DEFAULT_TIME_BUDGET_MS, 9000]);
  });
});

describe('nudges', () => {
  it("come from the function's STRUKT_NUDGES (off by default), and a request's nudges overrides it", async () => {
    const seen: Array<boolean | undefined> = [];
    const execute: HandlerDeps['execute'] = async (req) => {
      seen.push(req.options.nudges);
      return fakeReport({});
    };
    await send(request(STATUS_URL), { execute });
    await send(request(STATUS_URL), { execute, config: testConfig({ nudges: true }) });
    await send(request(STATUS_URL, { body: { nudges: false } }), {
      execute,
      config: testConfig({ nudges: true }),
    });
    await send(request(STATUS_URL, { body: { nudges: true } }), { execute });
    expect(seen).toEqual([false, true, false, true]);
  });

  it('refuses a nudges that is not a boolean', async () => {
    const res = await send(request(STATUS_URL, { body: { nudges: 'on' } }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/field 'nudges'/);
  });
});

describe('runs', () => {
  it('answers 409 while another run of the job holds its lease', async () => {
    await t.sql.query(
      `insert into cron_leases (lease_key, holder, expires_at) values ('user-status:all', gen_random_uuid(), now() + interval '5 minutes')`,
    );
    try {
      const res = await send(request(STATUS_URL, { body: { asOf: STATUS_AS_OF } }));
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        success: false,
        error: 'Another run of checkUserStatus is in progress',
        status: 'skipped',
      });
      const notes = await t.sql.query('select 1 from coach_notifications');
      expect(notes).toEqual([]);
    } finally {
      await t.sql.query(`delete from cron_leases where lease_key = 'user-status:all'`);
    }
  });

  it("checks users and answers with the seed's body, recording the run", async () => {
    const res = await send(request(STATUS_URL, { body: { asOf: STATUS_AS_OF } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      success: true,
      // The two users with stressful days: the others are not the check's concern (docs/benchmarks.md).
      message: 'Checked 2 users, triggered 2 notifications',
      status: 'success',
      dryRun: false,
    });
    expect(res.body).not.toHaveProperty('remaining');
    expect(res.body.runId).toMatch(/^[0-9a-f-]{36}$/);
    // One entry per notification, under an opaque ref: who got it is not in the answer.
    expect(res.body.notifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ outcome: 'queued', type: 'ai_coach_proactive', priority: 'normal' }),
        expect.objectContaining({ outcome: 'queued', type: 'ai_coach_proactive', priority: 'high' }),
      ]),
    );
    const rows = await t.sql.query<{ function_name: string; run_status: string }>(
      'select function_name, run_status from admin.system_cron_logs where run_id = $1',
      [res.body.runId],
    );
    expect(rows).toEqual([{ function_name: 'checkUserStatus', run_status: 'success' }]);
  });

  it('generates weekly digests with STRUKT_CRON_SECRET, offline when so configured', async () => {
    const res = await send(request(DIGEST_URL, { key: CRON_SECRET, body: { asOf: DIGEST_AS_OF } }), {
      ai: 'offline',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      success: true,
      // Everyone active in the period: the two stressed users wrote messages in it too.
      message: 'Generated 4 weekly digests',
      status: 'success',
    });
    expect(res.body.results).toHaveLength(4);
    expect(res.body.results).toEqual(
      expect.arrayContaining([expect.objectContaining({ outcome: 'written', method: 'template' })]),
    );
    const notes = await t.sql.query<{ n: number }>(
      `select count(*)::int as n from ai_coach_notes where type = 'weekly_summary'`,
    );
    expect(notes[0]!.n).toBe(4);
  });

  it('refuses a real digest run without OPENAI_API_KEY, naming the variable (DESIGN §6)', async () => {
    const res = await send(request(DIGEST_URL, { body: { asOf: '2025-11-16T21:00:00Z' } }));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ success: false, code: 'misconfigured' });
    expect(res.body.error).toMatch(/^Server misconfigured: OPENAI_API_KEY is not set/);
  });

  it('reports a partial run with remaining', async () => {
    const execute: HandlerDeps['execute'] = async () =>
      fakeReport({
        status: 'partial_success',
        counts: { considered: 10, succeeded: 4, failed: 0, skipped: {}, remaining: 6 },
      });
    const res = await send(request(STATUS_URL), { execute });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, status: 'partial_success', remaining: 6 });
  });

  it('answers 500 with the run id when the run ends in error', async () => {
    const execute: HandlerDeps['execute'] = async () =>
      fakeReport({
        status: 'error',
        message: 'checkUserStatus failed: DbError 57P01: terminating connection',
      });
    const res = await send(request(STATUS_URL), { execute });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      success: false,
      error: 'checkUserStatus failed: DbError 57P01: terminating connection',
      code: 'run_failed',
      runId: '5b0c6c3e-1f4c-4a52-9a0e-0d3c3c4b8f10',
      status: 'error',
    });
  });

  it('answers 500 when a real run could not be recorded, as `run` exits 1', async () => {
    const execute: HandlerDeps['execute'] = async () => fakeReport({ recorded: false });
    const res = await send(request(STATUS_URL), { execute });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ code: 'run_not_recorded', status: 'success' });
  });

  it('hides unexpected errors behind "Internal error" and logs them', async () => {
    const lines: string[] = [];
    const execute: HandlerDeps['execute'] = async () => {
      throw new Error(`boom with ${SERVICE_KEY}`);
    };
    const res = await send(request(STATUS_URL), { execute, log: createLogger((l) => lines.push(l)) });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ success: false, error: 'Internal error', code: 'internal' });
    expect(lines.some((l) => l.includes('request failed'))).toBe(true);
    // The log is sanitized too: the key (a JWT) is masked.
    expect(lines.join('\n')).not.toContain(SERVICE_KEY);
  });

  it('passes a ConfigError message through as a misconfiguration', async () => {
    const execute: HandlerDeps['execute'] = async () => {
      throw new ConfigError('DATABASE_URL: Expected a connection string starting postgres://');
    };
    const res = await send(request(STATUS_URL), { execute });
    expect(res.status).toBe(500);
    expect(res.body.error).toBe(
      'Server misconfigured: DATABASE_URL: Expected a connection string starting postgres://',
    );
  });
});

describe('personal data in answers', () => {
  const UUID = /[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}/i;
  const RUNS = [
    ['generateWeeklyDigest', 'results', DIGEST_AS_OF],
    ['checkUserStatus', 'notifications', STATUS_AS_OF],
    ['generatePlans', 'plans', DIGEST_AS_OF],
  ] as const;
  const PLAIN_NAMES = ['Zephyrine', 'Ottoline'];
  const DETAIL_NAMES = ['Wilhelmina', 'Bartholomew'];
  // Users of this block only, run with `users`, so the runs above keep their counts. Two groups:
  // a real run writes each user's digest, notification and plan once.
  let plain: string[];
  let detailed: string[];

  /** Stressed in the status window and active in the digest period; no consent, so the digest greets them by name. */
  async function addPerson(firstName: string): Promise<string> {
    const id = await addUser(t.sql, { fullName: `${firstName} Example`, consent: false });
    await addMessage(t.sql, id, '2025-11-03T10:00:00Z', 'So stressed about work');
    await addMessage(t.sql, id, '2025-11-04T10:00:00Z', 'Completely exhausted today');
    return id;
  }

  function run(functionName: string, asOf: string, ids: string[], more: object = {}) {
    const url = `http://edge.test/functions/v1/${functionName}`;
    return send(request(url, { body: { asOf, users: ids, ...more } }), { ai: 'offline' });
  }

  /** The digest and notification texts written for these users. */
  async function textsOf(ids: string[]): Promise<string[]> {
    const rows = await t.sql.query<{ text: string }>(
      `select note as text from ai_coach_notes where user_id = any($1::uuid[])
       union all select message from coach_notifications where user_id = any($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => r.text);
  }

  beforeAll(async () => {
    plain = [];
    for (const name of PLAIN_NAMES) plain.push(await addPerson(name));
    detailed = [];
    for (const name of DETAIL_NAMES) detailed.push(await addPerson(name));
  });

  it.each(RUNS)('%s answers with no user id, first name or text by default', async (fn, key, asOf) => {
    const res = await run(fn, asOf, plain);
    expect(res.status).toBe(200);
    const entries = res.body[key] as Array<Record<string, unknown>>;
    expect(entries).toHaveLength(2);
    for (const entry of entries) {
      expect(entry.ref).toMatch(/^r_[0-9a-f]{12}$/);
      expect(entry).not.toHaveProperty('userId');
    }
    expect(JSON.stringify(entries)).not.toMatch(UUID);
    const answer = JSON.stringify(res.body);
    for (const id of plain) expect(answer).not.toContain(id);
    for (const name of PLAIN_NAMES) expect(answer).not.toContain(name);
    // What was written greets them by name, so the checks above had something to find.
    const texts = await textsOf(plain);
    expect(texts.join('\n')).toContain(PLAIN_NAMES[0]);
    for (const text of texts) expect(answer).not.toContain(text);
  });

  it.each(RUNS)('%s answers with user ids when the request asks for detail', async (fn, key, asOf) => {
    const res = await run(fn, asOf, detailed, { detail: true });
    expect(res.status).toBe(200);
    const rows = res.body[key] as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.userId).sort()).toEqual([...detailed].sort());
    if (fn === 'generateWeeklyDigest') {
      const digests = rows.map((r) => String(r.digest)).join('\n');
      for (const name of DETAIL_NAMES) expect(digests).toContain(name);
    }
  });

  it('keeps entries apart within an answer, with unrelated refs in the next answer', async () => {
    // Dry runs for users who have no plan yet: both answers list the same two users.
    const ids = [users.active, users.declined];
    const first = await run('generatePlans', DIGEST_AS_OF, ids, { dryRun: true });
    const second = await run('generatePlans', DIGEST_AS_OF, ids, { dryRun: true });
    const refs = (res: typeof first) =>
      (res.body.plans as Array<{ ref: string; outcome: string }>).map((e) => {
        expect(e.outcome).toBe('would_write');
        return e.ref;
      });
    const [a, b] = [refs(first), refs(second)];
    expect(new Set(a).size).toBe(2);
    expect(a.filter((ref) => b.includes(ref))).toEqual([]);
  });

  it('refuses a detail that is not a boolean', async () => {
    const res = await send(request(STATUS_URL, { body: { detail: 'yes' } }));
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/field 'detail'/);
  });
});

describe('edge entry', () => {
  it('answers 500 to everyone, with no detail, when the environment is invalid', async () => {
    const lines: string[] = [];
    const h = edgeHandler(
      { SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY, DATABASE_URL: 'mysql://nope' },
      { functionName: 'checkUserStatus', log: createLogger((l) => lines.push(l)) },
    );
    const res = await h(request(STATUS_URL));
    const text = await res.text();
    errorBodies.push(text);
    expect(res.status).toBe(500);
    expect(JSON.parse(text)).toEqual({
      success: false,
      error: "Server misconfigured: see the function's logs.",
      code: 'misconfigured',
    });
    expect(lines.join('\n')).toMatch(/SUPABASE_URL is not set|DATABASE_URL/);
  });
});

describe('error bodies', () => {
  it('never carry a stack trace or a secret', () => {
    expect(errorBodies.length).toBeGreaterThan(20);
    for (const body of errorBodies) expect(leaksInternals(body), body).toBe(false);
  });
});
