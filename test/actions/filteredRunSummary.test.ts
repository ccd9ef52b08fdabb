import { describe, expect, it } from 'vitest';
import { runJobAction, type RunJobCore } from '../../src/actions/runJob.ts';
import { readRunJobInputs } from '../../src/actions/runJobInputs.ts';
import type { Db } from '../../src/db/types.ts';
import { FEW_USERS } from '../../src/runs/markdownSummary.ts';
import type { RunReport } from '../../src/runs/types.ts';

/**
 * Job summaries of public repositories are public. A run dispatched for a few named users must not
 * tell the world what happened to them ("1 failed", "skipped: no_activity"): its summary keeps the
 * status and drops every per-outcome figure. Outputs and the run record keep them all.
 */

const userIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `6f1c2a9e-3b4d-4c5e-8f70-${String(i).padStart(12, '0')}`);

function report(): RunReport {
  return {
    runId: '0b7e1c3d-1111-4222-8333-944455556666',
    job: 'weekly-digest',
    functionName: 'generateWeeklyDigest',
    status: 'partial_success',
    message: 'Generated 1 weekly digest, 1 failed',
    dryRun: false,
    period: { start: '2025-11-02T20:00:00.000Z', end: '2025-11-09T20:00:00.000Z' },
    asOf: '2025-11-09T20:07:00.000Z',
    startedAt: '2025-11-09T20:07:01.000Z',
    durationMs: 1234,
    attempts: 1,
    counts: { considered: 3, succeeded: 1, failed: 1, skipped: { no_activity: 1 }, remaining: 0 },
    figures: { fallback_digests: 1 },
    results: [],
    errors: ['user u_12ab: OpenAIError: rate limited'],
    shard: null,
    usersFiltered: null,
    trigger: 'dispatch',
    source: 'github',
    runUrl: 'https://github.com/o/r/actions/runs/1',
    ai: {
      model: 'gpt-4o-mini',
      requests: 1,
      promptTokens: 100,
      completionTokens: 50,
      estimatedCostUsd: 0.001,
      calls: 1,
      retriedCalls: 0,
    },
    recorded: true,
  };
}

async function summaryOf(values: Record<string, string>) {
  const all: Record<string, string> = { job: 'weekly-digest', 'database-url': 'postgres://h/db', ...values };
  const inputs = readRunJobInputs({ getInput: (n) => all[n] ?? '', setSecret: () => {} }, {});
  const outputs: Record<string, string> = {};
  let summary = '';
  const core: RunJobCore = {
    info: () => {},
    setOutput: (name, value) => void (outputs[name] = value),
    error: () => {},
    warning: () => {},
    notice: () => {},
    summary: { addRaw: (text) => ((summary += text), { write: async () => {} }) },
  };
  const db: Db = { transport: 'postgres', call: async <Row>() => [] as Row[], close: async () => {} };
  await runJobAction(inputs, {
    core,
    executeRun: async () => report(),
    openDb: async () => db,
    invoke: async () => {
      throw new Error('not in mode run');
    },
    summarizeInvocation: () => {
      throw new Error('not in mode run');
    },
  });
  return { summary, outputs };
}

/** What a summary may not show for a few named users: counts by outcome, figures, message, errors. */
const PER_OUTCOME = [
  'succeeded',
  'failed',
  'skipped',
  'no_activity',
  'fallback_digests',
  'Generated',
  'rate limited',
];

describe('the job summary of a run filtered to a few users', () => {
  it('shows the status but no per-outcome figures in a public repository', async () => {
    const { summary, outputs } = await summaryOf({
      users: userIds(2).join(','),
      'repository-visibility': 'public',
    });
    expect(summary).toContain('generateWeeklyDigest: partial_success');
    expect(summary).toContain('Filtered to 2 users in a public repository');
    for (const word of PER_OUTCOME) expect(summary, `summary shows '${word}'`).not.toContain(word);
    // The step outputs still carry the figures for a workflow that reads them.
    expect(outputs).toMatchObject({ succeeded: '1', failed: '1', skipped: '1' });
  });

  it('treats an unknown visibility as public', async () => {
    const { summary } = await summaryOf({ users: userIds(1).join(',') });
    expect(summary).toContain('Filtered to 1 user in a public repository');
    expect(summary).not.toContain('succeeded');
  });

  it('keeps every figure in a private repository', async () => {
    const { summary } = await summaryOf({ users: userIds(2).join(','), 'repository-visibility': 'private' });
    expect(summary).toContain('| considered | succeeded | failed |');
    expect(summary).toContain('skipped: no_activity');
  });

  it(`keeps every figure for ${FEW_USERS} users or more, and for an unfiltered run`, async () => {
    for (const users of [userIds(FEW_USERS).join(','), '']) {
      const { summary } = await summaryOf({ users, 'repository-visibility': 'public' });
      expect(summary).toContain('| considered | succeeded | failed |');
    }
  });

  it('refuses a visibility GitHub does not have, naming the input', () => {
    expect(() =>
      readRunJobInputs(
        {
          getInput: (n) =>
            ({ job: 'user-status', 'database-url': 'postgres://h/db', 'repository-visibility': 'secret' })[
              n
            ] ?? '',
          setSecret: () => {},
        },
        {},
      ),
    ).toThrow("Invalid input 'repository-visibility' 'secret'. Expected public or private or internal.");
  });
});
