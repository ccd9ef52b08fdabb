/**
 * The same handler served two ways — by Node (`startNodeServer`, what `strukt-cron serve` runs)
 * and by Deno from supabase/functions/<name>/index.ts with the deploy import map — must give the
 * same answers on the same data.
 *
 * Deno runs offline here: `--node-modules-dir=manual` makes it resolve bare and `npm:` specifiers
 * from this repository's node_modules instead of downloading them, and it runs our `.ts` imports
 * as they are. Deno itself is installed on first use (test/support/deno.ts). If it cannot be
 * installed or started, these tests fail with the reason; only outside CI does a missing Deno
 * skip them instead, saying so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/functions/handler.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { findDeno } from '../support/deno.ts';
import { startGateway, type Gateway } from '../support/postgrestGateway.ts';
import {
  CRON_SECRET,
  DIGEST_AS_OF,
  JWT_SECRET,
  seedScenario,
  SERVICE_KEY,
  STATUS_AS_OF,
  testConfig,
} from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const deno = runServerSuites ? await findDeno() : null;
if (deno?.error && process.env.CI !== 'true') {
  console.warn(`Skipping the Deno edge-function tests: ${deno.error}`);
}
/** In CI a missing Deno fails the suite, with the reason; elsewhere it skips it, as printed above. */
const runDenoSuite = runServerSuites && (deno?.path !== undefined || process.env.CI === 'true');
const IMPORT_MAP = 'supabase/functions/import_map.json';
const START_TIMEOUT_MS = 60_000;

interface DenoFunction {
  /** `http://127.0.0.1:<port>` */
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

/** Starts one Deno entry and resolves once it listens, or rejects with what Deno said. */
async function startDenoFunction(
  functionName: string,
  env: Record<string, string>,
  denoDir: string,
): Promise<DenoFunction> {
  const args = [
    'run',
    '--allow-env',
    '--allow-net',
    '--allow-read',
    '--allow-sys',
    '--node-modules-dir=manual',
    `--import-map=${IMPORT_MAP}`,
    `supabase/functions/${functionName}/index.ts`,
  ];
  const DENO = deno?.path;
  if (!DENO) throw new Error(`No Deno to serve supabase/functions/${functionName}: ${deno?.error}`);
  const child: ChildProcess = spawn(DENO, args, {
    cwd: ROOT,
    // Only what the function needs: none of this machine's own DATABASE_URL or keys leak in.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? denoDir,
      DENO_DIR: denoDir,
      DENO_NO_UPDATE_CHECK: '1',
      DENO_NO_PROMPT: '1',
      NO_COLOR: '1',
      STRUKT_FUNCTION_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  const url = await new Promise<string>((resolveUrl, reject) => {
    const fail = (why: string) =>
      reject(
        new Error(
          `Deno could not serve supabase/functions/${functionName}/index.ts offline (${why}). ` +
            `Command: ${DENO} ${args.join(' ')}\n--- Deno output ---\n${output.slice(-4000)}`,
        ),
      );
    const timer = setTimeout(
      () => fail(`no "listening" line within ${START_TIMEOUT_MS / 1000} s`),
      START_TIMEOUT_MS,
    );
    const onData = () => {
      const match = /"message":"listening".*"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(`spawn failed: ${error.message}`);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      fail(`exited with code ${code}`);
    });
  });
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

async function post(url: string, key: string, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * The answer without what differs between any two answers by design: the run id, and each
 * entry's ref (made with a key of its own per answer), hence the entries' order too.
 */
function comparable(body: Record<string, unknown>) {
  const { runId, ...rest } = body;
  expect(runId).toMatch(/^[0-9a-f-]{36}$/);
  for (const key of ['results', 'notifications', 'plans']) {
    const entries = rest[key];
    if (!Array.isArray(entries)) continue;
    rest[key] = entries
      .map(({ ref, ...entry }: Record<string, unknown>) => {
        expect(ref).toMatch(/^r_[0-9a-f]{12}$/);
        return JSON.stringify(entry);
      })
      .sort();
  }
  return rest;
}

describe.runIf(runDenoSuite)('the edge functions on Node and on Deno', () => {
  let t: TestDatabase;
  let gateway: Gateway;
  let node: NodeServer;
  let denoDir: string;
  /** generateWeeklyDigest as deployed: the supabase transport (through the PostgREST gateway). */
  let denoDigest: DenoFunction;
  /** checkUserStatus on the postgres transport (DATABASE_URL, pg under Deno), STRUKT_CRON_SECRET only. */
  let denoStatus: DenoFunction;

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedScenario(t.sql);
    gateway = await startGateway({ databaseUrl: t.url!, jwtSecret: JWT_SECRET });
    denoDir = await mkdtemp(join(tmpdir(), 'strukt-deno-'));
    node = await startNodeServer({
      handler: createHandler({ config: testConfig({ databaseUrl: t.url }), log: silentLogger }),
    });
    [denoDigest, denoStatus] = await Promise.all([
      startDenoFunction(
        'generateWeeklyDigest',
        { SUPABASE_URL: gateway.url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY },
        denoDir,
      ),
      startDenoFunction(
        'checkUserStatus',
        { DATABASE_URL: t.url!, STRUKT_CRON_SECRET: CRON_SECRET },
        denoDir,
      ),
    ]);
  });

  afterAll(async () => {
    await Promise.allSettled([denoDigest?.stop(), denoStatus?.stop()]);
    await node?.close({ force: true });
    await gateway?.close();
    await t?.drop();
    if (denoDir) await rm(denoDir, { recursive: true, force: true });
  });

  it('answers a weekly-digest dry run alike, apart from the run id and the refs', async () => {
    const body = { dryRun: true, asOf: DIGEST_AS_OF };
    const fromNode = await post(`${node.functionsUrl}/generateWeeklyDigest`, SERVICE_KEY, body);
    const fromDeno = await post(`${denoDigest.url}/generateWeeklyDigest`, SERVICE_KEY, body);
    expect(fromNode.status).toBe(200);
    expect(fromDeno.status, denoDigest.output()).toBe(200);
    expect(fromNode.body).toMatchObject({
      success: true,
      message: 'Dry run: would generate 4 weekly digests',
      dryRun: true,
    });
    expect(comparable(fromDeno.body)).toEqual(comparable(fromNode.body));
    // Deno really went through supabase-js and the PostgREST gateway, as a deployed function does.
    expect(gateway.requests).toBeGreaterThan(0);
  });

  it('answers a status-check dry run alike, apart from the run id and the refs', async () => {
    const body = { dryRun: true, asOf: STATUS_AS_OF };
    const fromNode = await post(`${node.functionsUrl}/checkUserStatus`, SERVICE_KEY, body);
    // The Supabase path form `/<name>` on Deno, the full one on Node.
    const fromDeno = await post(`${denoStatus.url}/checkUserStatus`, CRON_SECRET, body);
    expect(fromNode.status).toBe(200);
    expect(fromDeno.status, denoStatus.output()).toBe(200);
    expect(fromNode.body).toMatchObject({
      success: true,
      // The two users with stressful days: the others are not the check's concern (docs/benchmarks.md).
      message: 'Dry run: checked 2 users, would trigger 2 notifications',
    });
    expect(comparable(fromDeno.body)).toEqual(comparable(fromNode.body));
  });

  it('refuses alike: 401 for the wrong key, 405 for GET, 404 for another function', async () => {
    for (const base of [`${node.functionsUrl}`, `${denoStatus.url}/functions/v1`]) {
      const wrong = await post(`${base}/checkUserStatus`, 'wrong-key', { dryRun: true });
      expect(wrong).toEqual({
        status: 401,
        body: { success: false, error: 'Unauthorized', code: 'unauthorized' },
      });
      const get = await fetch(`${base}/checkUserStatus`);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      await get.body?.cancel();
    }
    // A deployed function answers for itself only.
    expect((await post(`${denoStatus.url}/generateWeeklyDigest`, CRON_SECRET, {})).status).toBe(404);
  });

  it('answers 413 over a real connection, before reading a 65 KiB body', async () => {
    const big = JSON.stringify({ dryRun: true, pad: 'x'.repeat(65 * 1024) });
    for (const url of [`${node.functionsUrl}/checkUserStatus`, `${denoStatus.url}/checkUserStatus`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${CRON_SECRET}`, 'content-type': 'application/json' },
        body: big,
      });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ success: false, code: 'payload_too_large' });
    }
  });

  it('answers 413 for a chunked body past the limit on the Node server', async () => {
    const chunk = new TextEncoder().encode(' '.repeat(4096));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 32) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${node.functionsUrl}/checkUserStatus`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CRON_SECRET}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    await response.body?.cancel();
  });
});
