/**
 * The health check's batch polling (src/health/batchPoll.ts): open batches of batch mode are
 * polled on the fake OpenAI, and the job's workflow is dispatched once a batch is over or past
 * its deadline, so a later run collects it within the hour.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBatchClient } from '../../src/ai/batchClient.ts';
import { createBatchWriter } from '../../src/ai/batchWriter.ts';
import type { WorkflowDispatch } from '../../src/github/alertIssues.ts';
import { describeBatchPolls, pollOpenBatches } from '../../src/health/batchPoll.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../support/fakeOpenAI.ts';
import { addUser, addWorkout, resetData } from '../support/fixtures.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

const AS_OF = '2025-11-09T21:00:00Z';
const HOUR = 3_600_000;

let t: TestDatabase;
let fake: FakeOpenAI;

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

const client = () => createBatchClient({ apiKey: 'sk-test-key', baseURL: fake.url });

/** One consenting, active user submitted in a batch; returns OpenAI's batch id. */
async function submitted(): Promise<string> {
  const id = await addUser(t.sql, { consent: true });
  await addWorkout(t.sql, id, '2025-11-04T18:00:00Z', 40);
  const report = await runTestJob(weeklyDigestJob, t.db, testOptions(AS_OF), {
    batch: createBatchWriter({ client: client(), model: 'gpt-4o-mini', deadlineMs: 20 * HOUR }),
  });
  expect(report.figures['batch.submitted']).toBe(1);
  return fake.batches.list().at(-1)!.id;
}

function recordingGitHub() {
  const dispatched: WorkflowDispatch[] = [];
  return {
    dispatched,
    github: {
      dispatch: async (request: WorkflowDispatch) => {
        dispatched.push(request);
      },
    },
  };
}

beforeEach(async () => {
  await resetData(t.sql);
  await t.sql.exec('truncate strukt.ai_batches cascade');
});

describe('polling open batches', () => {
  it('leaves a running batch alone, and dispatches its workflow once it is over', async () => {
    const batchId = await submitted();
    const { github, dispatched } = recordingGitHub();
    const poll = () =>
      pollOpenBatches({ db: t.db, client: client(), github, now: new Date(), dryRun: false });

    expect(await poll()).toEqual([
      {
        job: 'weekly-digest',
        batchId,
        status: 'validating',
        action: 'running',
        workflow: 'weekly-digest.yml',
      },
    ]);
    expect(dispatched).toEqual([]);

    fake.batches.settle(batchId);
    const polls = await poll();
    expect(polls).toMatchObject([{ batchId, status: 'completed', action: 'dispatched' }]);
    expect(dispatched).toEqual([{ workflow: 'weekly-digest.yml', inputs: {} }]);
    // OpenAI's status is recorded for operators and the health alert.
    expect(await t.sql.query(`select openai_status from strukt.ai_batches`)).toEqual([
      { openai_status: 'completed' },
    ]);
    expect(describeBatchPolls(polls)).toEqual([
      `- batch ${batchId} of weekly-digest (completed): dispatched weekly-digest.yml to collect it`,
    ]);
  });

  it('counts a batch past its deadline as over, and dispatches nothing on a dry run or without GitHub', async () => {
    const batchId = await submitted();
    const later = new Date(Date.now() + 21 * HOUR);
    const { github, dispatched } = recordingGitHub();
    expect(
      await pollOpenBatches({ db: t.db, client: client(), github, now: later, dryRun: true }),
    ).toMatchObject([{ batchId, status: 'validating', action: 'dry-run' }]);
    expect(
      await pollOpenBatches({ db: t.db, client: client(), github: null, now: later, dryRun: false }),
    ).toMatchObject([{ batchId, action: 'due' }]);
    expect(dispatched).toEqual([]);
  });

  it('reports a batch OpenAI does not know as a failed poll, and goes on with the others', async () => {
    const batchId = await submitted();
    await t.sql.query(`update strukt.ai_batches set openai_batch_id = 'batch_unknown'`);
    const { github } = recordingGitHub();
    const polls = await pollOpenBatches({
      db: t.db,
      client: client(),
      github,
      now: new Date(),
      dryRun: false,
    });
    expect(polls).toMatchObject([{ batchId: 'batch_unknown', status: null, action: 'failed' }]);
    expect(polls[0]!.error).toMatch(/^poll: /);
    expect(batchId).not.toBe('batch_unknown');
  });
});
