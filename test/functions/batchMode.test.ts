/**
 * Batch mode through an edge function, as a scheduled workflow calls it (`invoke` with the body
 * field `ai: "batch"`): on Node (`strukt-cron serve`, the postgres transport) and on Deno as
 * deployed (supabase/functions/generateWeeklyDigest, the supabase transport through the PostgREST
 * gateway), against the fake OpenAI server. One call submits; once the batch is over, the next
 * call — in the function's own mode — collects it and writes every digest once.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHandler } from '../../src/functions/handler.ts';
import { startNodeServer, type NodeServer } from '../../src/functions/nodeServer.ts';
import { silentLogger } from '../../src/lib/logger.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { denoForSuite, startDenoFunction, type DenoFunction } from '../support/denoFunction.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.ts';
import { resetData } from '../support/fixtures.ts';
import { startGateway, type Gateway } from '../support/postgrestGateway.ts';
import { DIGEST_AS_OF, JWT_SECRET, seedScenario, SERVICE_KEY, testConfig } from './helpers.ts';

const { deno, run: runDenoSuite } = await denoForSuite();
const OPENAI_KEY = 'sk-test-key';

describe.runIf(runDenoSuite)('batch mode through the weekly-digest edge function', () => {
  let t: TestDatabase;
  let gateway: Gateway;
  let fake: FakeOpenAI;
  let node: NodeServer;
  let denoDigest: DenoFunction;
  let denoDir: string;
  /** The deployed function's /tmp: batch mode spools its request file there. */
  let denoTmp: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    gateway = await startGateway({ databaseUrl: t.url!, jwtSecret: JWT_SECRET });
    fake = await startFakeOpenAI();
    denoDir = await mkdtemp(join(tmpdir(), 'strukt-deno-'));
    denoTmp = await mkdtemp(join(tmpdir(), 'strukt-deno-tmp-'));
    node = await startNodeServer({
      handler: createHandler({
        config: testConfig({ databaseUrl: t.url, openaiApiKey: OPENAI_KEY, openaiBaseUrl: fake.url }),
        log: silentLogger,
      }),
    });
    denoDigest = await startDenoFunction(
      deno,
      'generateWeeklyDigest',
      {
        SUPABASE_URL: gateway.url,
        SUPABASE_SERVICE_ROLE_KEY: SERVICE_KEY,
        OPENAI_API_KEY: OPENAI_KEY,
        OPENAI_BASE_URL: fake.url,
      },
      denoDir,
      { writeDir: denoTmp },
    );
  });

  afterAll(async () => {
    await denoDigest?.stop();
    await node?.close({ force: true });
    await fake?.close();
    await gateway?.close();
    await t?.drop();
    for (const dir of [denoDir, denoTmp]) if (dir) await rm(dir, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await resetData(t.sql);
    await t.sql.exec('truncate strukt.ai_batches cascade');
    await seedScenario(t.sql);
  });

  const call = async (server: 'node' | 'deno', body: Record<string, unknown>) => {
    const url =
      server === 'node'
        ? `${node.functionsUrl}/generateWeeklyDigest`
        : `${denoDigest.url}/generateWeeklyDigest`;
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${SERVICE_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { success: boolean; message: string };
    const context = `${server} answered ${response.status}: ${JSON.stringify(answer)}\n${server === 'deno' ? denoDigest.output().slice(-3000) : ''}`;
    expect(response.status, context).toBe(200);
    return answer;
  };

  const digests = () =>
    t.sql.query<{ generation_method: string; n: number }>(
      `select generation_method, count(*) over (partition by user_id)::int as n from ai_coach_notes`,
    );

  it.each(['node', 'deno'] as const)(
    'on %s: submits with ai "batch", collects on the next call, every digest written once',
    async (server) => {
      const submit = await call(server, { ai: 'batch', asOf: DIGEST_AS_OF });
      const [batch] = await t.sql.query<{ openai_batch_id: string; request_count: number; state: string }>(
        `select openai_batch_id, request_count, state from strukt.ai_batches`,
      );
      expect(batch, JSON.stringify(submit)).toMatchObject({ state: 'submitted' });
      expect(batch!.request_count).toBeGreaterThan(0);
      expect(submit.message).toContain(
        `submitted ${batch!.request_count} requests in batch ${batch!.openai_batch_id} (a later run collects them)`,
      );
      // The users without consent have their template already; the batch's users wait for it.
      const templates = (await digests()).length;

      // The batch is still validating: a second call in batch mode submits nothing new.
      const again = await call(server, { ai: 'batch', asOf: DIGEST_AS_OF });
      expect(again.message).toMatch(/a batch is still in flight/);

      fake.batches.settle(batch!.openai_batch_id);
      // The function's own mode (direct): it collects the open batch first.
      const collect = await call(server, { asOf: DIGEST_AS_OF });
      expect(collect.message).toContain(
        `collected batch ${batch!.openai_batch_id} (${batch!.request_count} requests)`,
      );
      const written = await digests();
      expect(written).toHaveLength(templates + batch!.request_count);
      expect(written.every((d) => d.n === 1)).toBe(true);
      expect(written.filter((d) => d.generation_method === 'ai')).toHaveLength(batch!.request_count);
      expect(await t.sql.query(`select state from strukt.ai_batches`)).toEqual([{ state: 'collected' }]);
      // The file OpenAI got holds one request line per user and no user id.
      const sent = fake.files.get(fake.batches.get(batch!.openai_batch_id).input_file_id)!.text;
      expect(sent.trim().split('\n')).toHaveLength(batch!.request_count);
      const ids = await t.sql.query<{ user_id: string }>(`select user_id::text from user_profiles`);
      for (const { user_id } of ids) expect(sent).not.toContain(user_id);
      if (server === 'deno') {
        // Deno went through supabase-js and the gateway, as deployed; its spool file is gone.
        expect(gateway.requests).toBeGreaterThan(0);
        expect(await readdir(denoTmp)).toEqual([]);
      }
    },
  );
});
