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
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/functions/handler.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { denoForSuite, startDenoFunction, type DenoFunction } from '../support/denoFunction.ts';
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

/** In CI a missing Deno fails the suite, with the reason; elsewhere it skips it, saying so. */
const { deno, run: runDenoSuite } = await denoForSuite();
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
        deno,
        'generateWeeklyDigest',
        { SUPABASE_URL: gateway.url, SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY },
        denoDir,
      ),
      startDenoFunction(
        deno,
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
