import { describe, expect, it } from 'vitest';
import { runJobAction, StepFailure, type RunJobCore } from '../../src/actions/runJob.ts';
import { describeFailure } from '../../src/db/failures.ts';
import { readRunJobInputs } from '../../src/actions/runJobInputs.ts';
import type { Db } from '../../src/db/types.ts';
import { summarizeInvocation } from '../../src/functions/invoke.ts';
import type { RunReport } from '../../src/runs/types.ts';

/** The action's decisions with every effect injected: no GitHub, no database. */

const USER_ID = '6f1c2a9e-3b4d-4c5e-8f70-112233445566';

function report(more: Partial<RunReport> = {}): RunReport {
  return {
    runId: '0b7e1c3d-1111-4222-8333-944455556666',
    job: 'weekly-digest',
    functionName: 'generateWeeklyDigest',
    status: 'success',
    message: 'Generated 3 weekly digests',
    dryRun: false,
    period: { start: '2025-11-02T20:00:00.000Z', end: '2025-11-09T20:00:00.000Z' },
    asOf: '2025-11-09T20:07:00.000Z',
    startedAt: '2025-11-09T20:07:01.000Z',
    durationMs: 1234,
    attempts: 1,
    counts: { considered: 5, succeeded: 3, failed: 0, skipped: { no_activity: 2 }, remaining: 0 },
    figures: {},
    results: [{ userId: USER_ID }],
    errors: [],
    shard: null,
    usersFiltered: null,
    trigger: 'schedule',
    source: 'github',
    runUrl: null,
    ai: {
      model: 'gpt-4o-mini',
      requests: 3,
      promptTokens: 100,
      completionTokens: 50,
      estimatedCostUsd: 0.001,
      calls: 3,
      retriedCalls: 0,
    },
    recorded: true,
    ...more,
  };
}

function fakeCore() {
  const seen = {
    outputs: {} as Record<string, string>,
    errors: [] as string[],
    warnings: [] as string[],
    notices: [] as string[],
    summary: '',
  };
  let failSummary = false;
  const core: RunJobCore = {
    info: () => {},
    setOutput: (name, value) => void (seen.outputs[name] = value),
    error: (message) => void seen.errors.push(message),
    warning: (message) => void seen.warnings.push(message),
    notice: (message) => void seen.notices.push(message),
    summary: {
      addRaw(text) {
        seen.summary += text;
        return {
          write: async () => {
            if (failSummary) throw new Error('EACCES: the summary file is read-only');
          },
        };
      },
    },
  };
  return { core, seen, breakSummary: () => void (failSummary = true) };
}

function inputs(more: Record<string, string> = {}) {
  const values: Record<string, string> = { job: 'weekly-digest', 'database-url': 'postgres://h/db', ...more };
  return readRunJobInputs({ getInput: (n) => values[n] ?? '', setSecret: () => {} }, {});
}

function deps(core: RunJobCore, result: RunReport, history: () => Promise<unknown[]> = async () => []) {
  let closed = 0;
  const db: Db = {
    transport: 'postgres',
    call: async <Row>() => (await history()) as Row[],
    close: async () => void closed++,
  };
  return {
    deps: {
      core,
      executeRun: async () => result,
      openDb: async () => db,
      invoke: async () => {
        throw new Error('not in mode run');
      },
      summarizeInvocation: () => {
        throw new Error('not in mode run');
      },
    },
    closed: () => closed,
  };
}

describe('run-job action', () => {
  it('sets every output, writes the summary with the recent runs, and closes the database', async () => {
    const { core, seen } = fakeCore();
    const recent = [
      { run_id: 'r', run_status: 'success', run_time: '2025-11-02T20:07:00Z', duration_ms: 900, attempts: 1 },
    ];
    const d = deps(core, report(), async () => recent);
    await runJobAction(inputs(), d.deps);
    expect(seen.outputs).toEqual({
      status: 'success',
      'run-id': '0b7e1c3d-1111-4222-8333-944455556666',
      considered: '5',
      succeeded: '3',
      failed: '0',
      skipped: '2',
      remaining: '0',
      'duration-ms': '1234',
      message: 'Generated 3 weekly digests',
    });
    expect(seen.summary).toContain('### Recent runs');
    expect(seen.summary).not.toContain(USER_ID);
    expect(d.closed()).toBe(1);
  });

  it('annotates partial runs and fails them only with fail-on partial', async () => {
    const partial = report({
      status: 'partial_success',
      counts: { considered: 5, succeeded: 3, failed: 1, skipped: {}, remaining: 1 },
      errors: [`user u_12ab: OpenAIError: rate limited for ${USER_ID}`],
    });
    const lenient = fakeCore();
    await expect(runJobAction(inputs(), deps(lenient.core, partial).deps)).resolves.toBeDefined();
    expect(lenient.seen.warnings).toEqual(['partial_success: 1 failed, 1 left for the next run.']);
    expect(lenient.seen.errors).toEqual(['user u_12ab: OpenAIError: rate limited for [id]']);

    const strict = fakeCore();
    const failed = runJobAction(inputs({ 'fail-on': 'partial' }), deps(strict.core, partial).deps);
    await expect(failed).rejects.toThrow(StepFailure);
    await expect(failed).rejects.toThrow(/ended partial_success and fail-on is partial/);
    expect(strict.seen.outputs.status).toBe('partial_success');
  });

  it('fails an error run after reporting it, and a real run that could not be recorded', async () => {
    const { core, seen } = fakeCore();
    await expect(
      runJobAction(inputs(), deps(core, report({ status: 'error', message: 'Nothing succeeded' })).deps),
    ).rejects.toThrow('generateWeeklyDigest ended error: Nothing succeeded');
    expect(seen.outputs.status).toBe('error');
    await expect(runJobAction(inputs(), deps(core, report({ recorded: false })).deps)).rejects.toThrow(
      /could not be recorded in system_cron_logs/,
    );
  });

  it('does not fail a skipped run (another run holds the lease): a notice says why', async () => {
    const { core, seen } = fakeCore();
    const skipped = report({ status: 'skipped', message: 'Another run holds the lease', recorded: false });
    await runJobAction(inputs(), deps(core, skipped).deps);
    expect(seen.notices).toEqual(['Another run holds the lease']);
  });

  it('warns, never fails, when the history or the summary cannot be written', async () => {
    const { core, seen, breakSummary } = fakeCore();
    breakSummary();
    const d = deps(core, report(), async () => {
      throw new Error('permission denied for function cron_recent_runs');
    });
    await runJobAction(inputs(), d.deps);
    expect(seen.warnings).toEqual([
      expect.stringContaining('Could not read the recent runs for the job summary'),
      expect.stringContaining('Could not write the job summary'),
    ]);
    expect(d.closed()).toBe(1);
  });

  it('reports a thrown error with its cause, masking ids', () => {
    const error = new Error('Could not open the database', {
      cause: new Error(`role for ${USER_ID} does not exist`),
    });
    expect(describeFailure(error)).toBe(
      'Could not open the database\n  caused by: role for [id] does not exist',
    );
    expect(describeFailure('plain')).toBe('plain');
  });

  it('masks the configured secrets and Supabase keys in its failure text, outputs and annotations', async () => {
    const password = 'Db-Passw0rd-Action-42';
    const openaiKey = 'proj-live-action-key-0042';
    const configured = inputs({
      'database-url': `postgres://app:${password}@127.0.0.1:5432/strukt`,
      'openai-api-key': openaiKey,
    });
    const quoted = `login app:${password} with ${openaiKey} and sb_secret_Q1w2E3r4_t5`;
    const masked = 'login app:[secret] with [secret] and [key]';

    const { core, seen } = fakeCore();
    const broken = deps(core, report()).deps;
    broken.openDb = async () => {
      throw new Error('Could not open the database', { cause: new Error(quoted) });
    };
    const thrown = await runJobAction(configured, broken).catch((error: unknown) => error);
    expect(describeFailure(thrown)).toBe(`Could not open the database\n  caused by: ${masked}`);

    const failed = report({ status: 'error', message: quoted, errors: [quoted] });
    const stepFailure = await runJobAction(configured, deps(core, failed).deps).catch(
      (error: unknown) => error,
    );
    expect(describeFailure(stepFailure)).toBe(`generateWeeklyDigest ended error: ${masked}`);
    expect(seen.outputs.message).toBe(masked);
    expect(seen.errors).toEqual([masked]);
    expect(seen.summary).not.toContain(password);
    expect(seen.summary).not.toContain('sb_secret_');
  });

  describe('mode invoke', () => {
    const invokeInputs = () =>
      inputs({
        job: 'user-status',
        mode: 'invoke',
        'supabase-url': 'https://abcd.supabase.co',
        'supabase-service-role-key': 'service-role-key',
      });
    function invokeDeps(core: RunJobCore, status: number, body: unknown) {
      const calls: unknown[] = [];
      const base = deps(core, report()).deps;
      return {
        calls,
        deps: {
          ...base,
          openDb: async () => {
            throw new Error('mode invoke opens no database');
          },
          invoke: async (request: unknown) => {
            calls.push(request);
            return { status, body, attempts: 2 };
          },
          summarizeInvocation,
        },
      };
    }

    it('reports a 409 as skipped without failing the step', async () => {
      const { core, seen } = fakeCore();
      const d = invokeDeps(core, 409, {
        success: false,
        error: 'Another run holds the lease',
        code: 'run_in_progress',
      });
      await runJobAction(invokeInputs(), d.deps);
      expect(d.calls).toEqual([
        expect.objectContaining({
          baseUrl: 'https://abcd.supabase.co/functions/v1',
          functionName: 'checkUserStatus',
          key: 'service-role-key',
        }),
      ]);
      expect(seen.outputs).toMatchObject({ status: 'skipped', 'run-id': '' });
      expect(seen.notices).toEqual(['Skipped: Another run holds the lease']);
      expect(seen.summary).toContain('HTTP 409 after 2 attempt(s)');
    });

    it('sends nudges to checkUserStatus only when the workflow set it', async () => {
      const answer = {
        success: true,
        message: 'Checked 1 users, triggered 0 notifications',
        status: 'success',
      };
      const bodies: unknown[] = [];
      for (const nudges of ['', 'on']) {
        const d = invokeDeps(fakeCore().core, 200, answer);
        await runJobAction(
          inputs({
            job: 'user-status',
            mode: 'invoke',
            nudges,
            'supabase-url': 'https://abcd.supabase.co',
            'supabase-service-role-key': 'service-role-key',
          }),
          d.deps,
        );
        bodies.push((d.calls[0] as { body: Record<string, unknown> }).body);
      }
      expect(bodies[0]).not.toHaveProperty('nudges');
      expect(bodies[1]).toMatchObject({ nudges: true });
    });

    it('never asks the function for per-user detail', async () => {
      const answer = {
        success: true,
        message: 'Checked 1 users, triggered 0 notifications',
        status: 'success',
      };
      const d = invokeDeps(fakeCore().core, 200, answer);
      await runJobAction(invokeInputs(), d.deps);
      expect((d.calls[0] as { body: Record<string, unknown> }).body).not.toHaveProperty('detail');
    });

    it('fails the step on an error answer, naming the HTTP status', async () => {
      const { core, seen } = fakeCore();
      const d = invokeDeps(core, 401, {
        success: false,
        error: 'Invalid bearer token',
        code: 'unauthorized',
      });
      await expect(runJobAction(invokeInputs(), d.deps)).rejects.toThrow(
        'checkUserStatus ended error: HTTP 401: Invalid bearer token',
      );
      expect(seen.outputs.status).toBe('error');
      expect(seen.errors).toEqual(['HTTP 401: Invalid bearer token']);
    });
  });
});
