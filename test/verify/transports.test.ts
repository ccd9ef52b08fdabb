import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe as vitestDescribe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { openEmbedded } from '../../src/db/embedded.ts';
import { migrateUp } from '../../src/db/migrate.ts';
import { createHandler } from '../../src/functions/handler.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.ts';
import { testKeys } from '../support/jwt.ts';
import { startGateway, type Gateway } from '../support/postgrestGateway.ts';
import { createFixtureRepo, find, named, runVerifyJson } from './support.ts';

const serverDescribe = runServerSuites ? vitestDescribe : vitestDescribe.skip;

const JWT_SECRET = 'verify-test-secret-of-at-least-32-characters';
const CRON_SECRET = 'verify-cron-secret-0123456789';
const keys = testKeys(JWT_SECRET);
const dirs: string[] = [];
let repo: string;

beforeAll(async () => {
  repo = await createFixtureRepo();
  dirs.push(repo);
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

vitestDescribe('verify on the embedded transport', () => {
  it('passes every check it can ask of a migrated embedded database', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'strukt-verify-embedded-'));
    dirs.push(dataDir);
    const sql = await openEmbedded(dataDir);
    try {
      await migrateUp(sql);
    } finally {
      await sql.close();
    }
    const { exitCode, result } = await runVerifyJson({ STRUKT_DATA_DIR: dataDir }, [
      '--skip-openai',
      '--repo-dir',
      repo,
    ]);
    expect(named(result, 'fail')).toEqual([]);
    expect(result.passed).toBeGreaterThanOrEqual(28);
    expect(find(result, 'configuration', 'environment').reason).toContain('transport embedded');
    expect(exitCode).toBe(0);
  });
});

serverDescribe('verify on the supabase transport (PostgREST gateway)', () => {
  let t: TestDatabase;
  let gateway: Gateway;

  beforeAll(async () => {
    t = await createTestDatabase();
    gateway = await startGateway({ databaseUrl: t.url!, jwtSecret: JWT_SECRET });
  });

  afterAll(async () => {
    await gateway?.close();
    await t?.drop();
  });

  it('asks over RPC and as anon through the API, and skips the raw-SQL checks without DATABASE_URL', async () => {
    const env = { SUPABASE_URL: gateway.url, SUPABASE_SERVICE_ROLE_KEY: keys.serviceRole };
    const { exitCode, result } = await runVerifyJson(env, [
      '--skip-openai',
      '--repo-dir',
      repo,
      '--anon-key',
      keys.anon,
    ]);
    expect(named(result, 'fail')).toEqual([]);
    expect(exitCode).toBe(0);
    expect(named(result, 'pass')).toEqual(
      expect.arrayContaining([
        'configuration / service-role key',
        'configuration / anon key',
        'database / reachable',
        'database / service_role allowed',
        'database / anon denied through PostgREST',
        'jobs / dry run weekly-digest',
        'jobs / dry run user-status',
        'jobs / dry run plan-refresh',
      ]),
    );
    const tables = find(result, 'database', 'tables');
    expect(tables.status).toBe('skip');
    expect(tables.reason).toMatch(/^needs DATABASE_URL/);
  });

  it('runs the raw-SQL checks too when DATABASE_URL is also set', async () => {
    const env = {
      SUPABASE_URL: gateway.url,
      SUPABASE_SERVICE_ROLE_KEY: keys.serviceRole,
      DATABASE_URL: t.url!,
    };
    const { exitCode, result } = await runVerifyJson(env, [
      '--skip-openai',
      '--repo-dir',
      repo,
      '--anon-key',
      keys.anon,
    ]);
    expect(named(result, 'fail')).toEqual([]);
    expect(find(result, 'database', 'tables').status).toBe('pass');
    expect(find(result, 'database', 'anon denied on job functions').status).toBe('pass');
    expect(result.passed).toBeGreaterThanOrEqual(30);
    expect(exitCode).toBe(0);
  });

  it('fails the service-role key check when it is the anon key', async () => {
    const env = { SUPABASE_URL: gateway.url, SUPABASE_SERVICE_ROLE_KEY: keys.anon };
    const { exitCode, result } = await runVerifyJson(env, ['--skip-openai', '--repo-dir', repo]);
    const check = find(result, 'configuration', 'service-role key');
    expect(check.status).toBe('fail');
    expect(check.reason).toContain('role anon; expected role service_role');
    expect(check.fix).toContain('service_role key');
    // And the API agrees: anon may not call the job functions.
    expect(find(result, 'database', 'reachable').status).toBe('fail');
    expect(exitCode).toBe(1);
    expect(JSON.stringify(result)).not.toContain(keys.anon);
  });

  it('fails "anon denied through PostgREST" when the API exposes schema admin and anon may read the run log', async () => {
    // Supabase exposes public only; a project that adds admin to its API schemas must still refuse anon.
    const exposing = await startGateway({
      databaseUrl: t.url!,
      jwtSecret: JWT_SECRET,
      schemas: ['public', 'admin'],
    });
    const env = { SUPABASE_URL: exposing.url, SUPABASE_SERVICE_ROLE_KEY: keys.serviceRole };
    const args = ['--skip-openai', '--repo-dir', repo, '--anon-key', keys.anon];
    try {
      const refused = await runVerifyJson(env, args);
      expect(find(refused.result, 'database', 'anon denied through PostgREST').status).toBe('pass');

      await t.sql.exec('grant usage on schema admin to anon; grant select on admin.system_cron_logs to anon');
      const { result } = await runVerifyJson(env, args);
      const check = find(result, 'database', 'anon denied through PostgREST');
      expect(check.status).toBe('fail');
      expect(check.reason).toContain('GET admin.system_cron_logs: HTTP 200');
    } finally {
      await t.sql.exec(
        'revoke select on admin.system_cron_logs from anon; revoke usage on schema admin from anon',
      );
      await exposing.close();
    }
  });
});

serverDescribe('verify with --functions-url (edge functions served by Node)', () => {
  let t: TestDatabase;
  let server: NodeServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    const config = loadConfig({ DATABASE_URL: t.url!, STRUKT_CRON_SECRET: CRON_SECRET });
    server = await startNodeServer({ handler: createHandler({ config, log: silentLogger, ai: 'offline' }) });
  });

  afterAll(async () => {
    await server?.close({ force: true });
    await t?.drop();
  });

  it('finds each function reachable, refusing a missing key and answering a dry run', async () => {
    const env = { DATABASE_URL: t.url!, STRUKT_CRON_SECRET: CRON_SECRET };
    const { exitCode, result } = await runVerifyJson(env, [
      '--skip-openai',
      '--repo-dir',
      repo,
      '--functions-url',
      server.functionsUrl,
    ]);
    expect(named(result, 'fail')).toEqual([]);
    const functions = result.checks.filter((c) => c.group === 'functions');
    expect(functions.map((c) => c.name)).toEqual([
      'generateWeeklyDigest reachable',
      'generateWeeklyDigest rejects a missing key',
      'generateWeeklyDigest answers a dry run',
      'checkUserStatus reachable',
      'checkUserStatus rejects a missing key',
      'checkUserStatus answers a dry run',
      'generatePlans reachable',
      'generatePlans rejects a missing key',
      'generatePlans answers a dry run',
    ]);
    expect(functions.every((c) => c.status === 'pass')).toBe(true);
    expect(exitCode).toBe(0);
  });

  it('fails the dry-run checks with the fix when verify holds the wrong key', async () => {
    const env = { DATABASE_URL: t.url!, STRUKT_CRON_SECRET: 'not-the-functions-secret-000' };
    const { exitCode, result } = await runVerifyJson(env, [
      '--skip-openai',
      '--repo-dir',
      repo,
      '--functions-url',
      server.functionsUrl,
    ]);
    const check = find(result, 'functions', 'checkUserStatus answers a dry run');
    expect(check.status).toBe('fail');
    expect(check.reason).toContain('HTTP 401');
    expect(check.fix).toContain('STRUKT_CRON_SECRET');
    expect(exitCode).toBe(1);
  });
});

serverDescribe('verify against OpenAI (fake server)', () => {
  let t: TestDatabase;
  let openai: FakeOpenAI;

  beforeAll(async () => {
    t = await createTestDatabase();
    openai = await startFakeOpenAI();
  });

  afterAll(async () => {
    await openai?.close();
    await t?.drop();
  });

  const env = () => ({ DATABASE_URL: t.url!, OPENAI_API_KEY: 'sk-test-verify', OPENAI_BASE_URL: openai.url });

  it('passes "key accepted" after one 1-token completion with the configured model', async () => {
    const before = openai.requests.length;
    const { exitCode, result } = await runVerifyJson(env(), ['--repo-dir', repo]);
    expect(find(result, 'openai', 'key accepted').status).toBe('pass');
    expect(exitCode).toBe(0);
    const sent = openai.requests.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ model: 'gpt-4o-mini', max_completion_tokens: 1 });
  });

  it('fails "key accepted" when the quota is spent', async () => {
    openai.setFaults({ sequence: ['insufficient_quota'] });
    try {
      const { exitCode, result } = await runVerifyJson(env(), ['--repo-dir', repo]);
      const check = find(result, 'openai', 'key accepted');
      expect(check.status).toBe('fail');
      expect(check.reason).toContain('insufficient_quota');
      expect(exitCode).toBe(1);
    } finally {
      openai.setFaults(undefined);
    }
  });

  it('fails "key accepted" when the key is refused', async () => {
    const refusing = createServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            message: 'Incorrect API key provided',
            type: 'invalid_request_error',
            code: 'invalid_api_key',
          },
        }),
      );
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = refusing.address() as AddressInfo;
      const { result } = await runVerifyJson({ ...env(), OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` }, [
        '--repo-dir',
        repo,
      ]);
      const check = find(result, 'openai', 'key accepted');
      expect(check.status).toBe('fail');
      expect(check.reason).toContain('HTTP 401');
      expect(check.fix).toContain('OPENAI_API_KEY');
    } finally {
      refusing.closeAllConnections();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it('skips "key accepted" with --skip-openai and calls nobody', async () => {
    const before = openai.requests.length;
    const { result } = await runVerifyJson(env(), ['--repo-dir', repo, '--skip-openai']);
    expect(find(result, 'openai', 'key accepted')).toMatchObject({ status: 'skip', reason: '--skip-openai' });
    expect(openai.requests.length).toBe(before);
  });
});
