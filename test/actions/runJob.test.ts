import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMeal, addMessage, addUser, addWorkout } from '../support/fixtures.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';

/**
 * The committed bundle, run the way GitHub runs it (on Node 24 there, on the Node running the tests
 * here): inputs as INPUT_<NAME> variables (upper-cased, dashes kept), outputs and summary through
 * the GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, and no node_modules anywhere near it (the runner
 * has none).
 */

const NODE = process.execPath;
// 21:07 on Sunday 9 Nov 2025: the digest covers 2 Nov 20:00 → 9 Nov 20:00.
const AS_OF = '2025-11-09T21:07:00Z';

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
}

let t: TestDatabase;
let work: string;
let bundle: string;
const people = [
  { fullName: 'Ottoline', email: 'ottoline.vance@example.test', consent: true },
  { fullName: 'Barnaby', email: 'barnaby.quist@example.test', consent: false },
];
const ids: string[] = [];

async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const dir = await mkdtemp(path.join(work, 'step-'));
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const inputEnv = Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.replace(/ /g, '_').toUpperCase()}`, value]),
  );
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        NODE,
        [bundle],
        {
          cwd: work,
          // Only what a runner provides: no credentials or test settings leak in from this process.
          env: {
            PATH: process.env.PATH ?? '',
            GITHUB_OUTPUT: outputFile,
            GITHUB_STEP_SUMMARY: summaryFile,
            GITHUB_SERVER_URL: 'https://github.com',
            GITHUB_REPOSITORY: 'strukt/strukt-cron',
            GITHUB_RUN_ID: '4242',
            GITHUB_EVENT_NAME: 'workflow_dispatch',
            ...inputEnv,
            ...env,
          },
          timeout: 60_000,
        },
        (error, stdout, stderr) => {
          const exit = error && typeof error.code === 'number' ? error.code : error ? -1 : 0;
          resolve({ code: exit, stdout, stderr });
        },
      );
    },
  );
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputs(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
  };
}

/** The GITHUB_OUTPUT file format: `name<<delimiter`, the value, the delimiter. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\r?\n([\s\S]*?)\r?\n\2$/gm)) outputs[m[1]!] = m[3]!;
  return outputs;
}

/**
 * What a reader of the log sees: the runner consumes `::add-mask::` commands (that is how
 * core.setSecret asks it to mask a value) and prints everything else.
 */
function visible(run: ActionRun): string {
  const shown = (text: string) =>
    text
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
  return `${shown(run.stdout)}\n${shown(run.stderr)}\n${run.summary}`;
}

function expectNoPersonalData(run: ActionRun): void {
  for (const where of [run.summary, visible(run)]) {
    for (const person of people) {
      expect(where).not.toContain(person.fullName);
      expect(where).not.toContain(person.email);
    }
    for (const id of ids) expect(where).not.toContain(id);
  }
}

describe.skipIf(!runServerSuites)('run-job action bundle', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    for (const person of people) {
      const id = await addUser(t.sql, person);
      ids.push(id);
      await addMessage(t.sql, id, '2025-11-05T09:00:00Z', 'Felt strong on the long run');
      await addWorkout(t.sql, id, '2025-11-04T18:00:00Z', 45);
      await addMeal(t.sql, id, '2025-11-04T12:00:00Z', 650);
    }
    work = await mkdtemp(path.join(tmpdir(), 'strukt-run-job-'));
    bundle = path.join(work, 'actions', 'run-job', 'dist', 'index.js');
    await mkdir(path.dirname(bundle), { recursive: true });
    await copyFile('actions/run-job/dist/index.js', bundle);
  });

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
    await t?.drop();
  });

  it('runs a dry digest: outputs, a counts table, and no personal data anywhere', async () => {
    const run = await runAction({
      job: 'weekly-digest',
      'database-url': t.url!,
      'dry-run': 'true',
      'as-of': AS_OF,
      concurrency: '8',
    });
    expect(run.stderr + run.stdout).not.toMatch(/::error::/);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      status: 'success',
      considered: '2',
      succeeded: '2',
      failed: '0',
      remaining: '0',
      message: 'Dry run: would generate 2 weekly digests',
    });
    expect(run.outputs['run-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(run.outputs['duration-ms'])).toBeGreaterThanOrEqual(0);
    expect(run.summary).toContain('generateWeeklyDigest: success (dry run)');
    expect(run.summary).toContain('| considered | succeeded | failed |');
    expect(run.summary).toContain('[workflow run](https://github.com/strukt/strukt-cron/actions/runs/4242)');
    expectNoPersonalData(run);
    const notes = await t.sql.query<{ n: number }>('select count(*)::int as n from ai_coach_notes');
    expect(notes[0]!.n).toBe(0);
  });

  it('runs for real with offline writers: digests written, the recent runs in the summary', async () => {
    const run = await runAction({
      job: 'weekly-digest',
      'database-url': t.url!,
      'as-of': AS_OF,
      ai: 'offline',
    });
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({ status: 'success', succeeded: '2' });
    const notes = await t.sql.query<{ n: number }>('select count(*)::int as n from ai_coach_notes');
    expect(notes[0]!.n).toBe(2);
    const logged = await t.sql.query<{ run_status: string }>(
      'select run_status from admin.system_cron_logs where run_id = $1',
      [run.outputs['run-id']],
    );
    expect(logged).toEqual([{ run_status: 'success' }]);
    expect(run.summary).toContain('### Recent runs');
    expect(run.summary).toContain('| time (UTC) | status | duration | attempts |');
    expectNoPersonalData(run);
  });

  it('fails an unknown job with the list of valid ones', async () => {
    const run = await runAction({ job: 'nope', 'database-url': t.url! });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^::error::Invalid input 'job': Unknown job 'nope'\. Expected one of: weekly-digest \(generateWeeklyDigest\), user-status \(checkUserStatus\), plan-refresh \(generatePlans\)\.$/m,
    );
    expect(run.outputs).toEqual({});
  });

  it('fails a bad shard naming the input, before touching the database', async () => {
    const run = await runAction({ job: 'user-status', 'database-url': t.url!, shard: '5/4' });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error::Invalid input 'shard' '5\/4'\. Expected i\/n with 0 ≤ i < n/m);
  });

  it('never prints the database password, even in an error', async () => {
    const url = new URL(t.url!);
    url.password = 'hunter2-not-printed';
    url.port = '1'; // nothing listens there: the run fails with a connection error
    const run = await runAction({ job: 'user-status', 'database-url': url.toString() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::add-mask::hunter2-not-printed');
    expect(visible(run)).not.toContain('hunter2-not-printed');
  });

  describe('mode invoke', () => {
    let server: Server;
    let baseUrl: string;
    const requests: Array<{ url: string; auth: string | undefined; body: unknown }> = [];

    beforeAll(async () => {
      server = createServer((req: IncomingMessage, res) => {
        let raw = '';
        req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        req.on('end', () => {
          requests.push({
            url: req.url ?? '',
            auth: req.headers.authorization,
            body: JSON.parse(raw || '{}'),
          });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              success: true,
              status: 'success',
              runId: '0f3c8a52-4a8e-4f65-9e1c-6f1f0c2b9d11',
              message: 'Checked 7 users, triggered 2 notifications',
              notifications: [],
              counts: { considered: 7, succeeded: 7, failed: 0, skipped: {}, remaining: 0 },
            }),
          );
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/functions/v1`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('calls the edge function with the run options and reports its answer', async () => {
      const run = await runAction({
        job: 'user-status',
        mode: 'invoke',
        'functions-url': baseUrl,
        'supabase-url': baseUrl.replace('/functions/v1', ''),
        'supabase-service-role-key': 'test-service-role-key',
        'dry-run': 'true',
        'as-of': '2025-11-05T08:13:00Z',
      });
      expect(run.stdout + run.stderr).not.toMatch(/::error::/);
      expect(run.code).toBe(0);
      expect(requests).toHaveLength(1);
      expect(requests[0]).toMatchObject({
        url: '/functions/v1/checkUserStatus',
        auth: 'Bearer test-service-role-key',
        body: { dryRun: true, asOf: '2025-11-05T08:13:00.000Z' },
      });
      expect(run.outputs).toMatchObject({
        status: 'success',
        'run-id': '0f3c8a52-4a8e-4f65-9e1c-6f1f0c2b9d11',
        message: 'Checked 7 users, triggered 2 notifications',
        considered: '7',
        succeeded: '7',
        remaining: '0',
      });
      expect(run.summary).toContain('checkUserStatus: success (dry run)');
      expect(run.summary).toContain('Invoked the edge function');
      expect(run.stdout).toContain('::add-mask::test-service-role-key');
      expect(visible(run)).not.toContain('test-service-role-key');
    });
  });
});
