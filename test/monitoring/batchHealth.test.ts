import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getJob } from '../../src/domain/jobs.ts';
import { evaluateBatches } from '../../src/monitoring/batchHealth.ts';
import { evaluateJobHealth } from '../../src/monitoring/evaluate.ts';
import type { BatchHealthRow } from '../../src/sql/batches.ts';

const THRESHOLD = 0.1;

/** A batch submitted and collected on time, with no failed line. */
function batch(partial: Partial<BatchHealthRow> = {}): BatchHealthRow {
  return {
    key: randomUUID(),
    job: 'weekly-digest',
    openai_batch_id: 'batch_ok',
    state: 'collected',
    openai_status: 'completed',
    request_count: 400,
    submitted_at: '2026-11-29T20:05:00.000Z',
    deadline_at: '2026-11-30T20:05:00.000Z',
    closed_at: '2026-11-30T02:10:00.000Z',
    past_deadline: false,
    failed_share: 0,
    ...partial,
  };
}

/** Still open: submitted and not collected yet. */
function open(partial: Partial<BatchHealthRow> = {}): BatchHealthRow {
  return batch({
    state: 'submitted',
    openai_status: 'in_progress',
    closed_at: null,
    failed_share: null,
    ...partial,
  });
}

describe('evaluateBatches', () => {
  it('breaches on a batch past its deadline and still open, naming it with readable times', () => {
    const check = evaluateBatches(
      [batch(), open({ openai_batch_id: 'batch_abc', past_deadline: true })],
      THRESHOLD,
    );
    expect(check.state).toBe('breach');
    expect(check.reason).toContain(
      'batch batch_abc of weekly-digest is past its deadline (submitted 2026-11-29 20:05 UTC, ' +
        'deadline 2026-11-30 20:05 UTC) and still in_progress',
    );
    expect(check.reason).not.toContain('\n');
  });

  it('breaches on a closed batch whose failed share is above the threshold', () => {
    const check = evaluateBatches([batch({ openai_batch_id: 'batch_def', failed_share: 0.25 })], THRESHOLD);
    expect(check).toEqual({
      state: 'breach',
      reason:
        '1 batch in the window (1 failing): batch batch_def of weekly-digest: 25% of its 400 requests ' +
        'failed (threshold 10%)',
    });
  });

  it('is ok when a closed batch failed a share within the threshold', () => {
    const check = evaluateBatches([batch({ failed_share: 0.05 }), batch({ failed_share: 0.1 })], THRESHOLD);
    expect(check).toEqual({ state: 'ok', reason: '2 batches in the window, none late or failing' });
  });

  it('is ok with an open batch not yet past its deadline', () => {
    expect(evaluateBatches([open()], THRESHOLD)).toEqual({
      state: 'ok',
      reason: '1 batch in the window, none late or failing',
    });
  });

  it('is ok, never unknown, without batches', () => {
    expect(evaluateBatches([], THRESHOLD)).toEqual({ state: 'ok', reason: 'no batch in the window' });
  });

  it('names at most three offending batches on one line and counts the rest', () => {
    const rows = [
      ...[1, 2].map((n) => open({ openai_batch_id: `batch_late${n}`, past_deadline: true })),
      ...[1, 2, 3].map((n) => batch({ openai_batch_id: `batch_bad${n}`, failed_share: 0.5 })),
    ];
    const { state, reason } = evaluateBatches(rows, THRESHOLD);
    expect(state).toBe('breach');
    expect(reason.startsWith('5 batches in the window (2 late, 3 failing): ')).toBe(true);
    expect(reason).toContain('batch_late1');
    expect(reason).toContain('batch_late2');
    expect(reason).toContain('batch_bad1');
    expect(reason).not.toContain('batch_bad2');
    expect(reason.endsWith('; and 2 more')).toBe(true);
    expect(reason).not.toContain('\n');
  });

  it('names a batch OpenAI never took by its key, and says it is still submitting', () => {
    const key = randomUUID();
    const { reason } = evaluateBatches(
      [open({ key, openai_batch_id: null, state: 'submitting', openai_status: null, past_deadline: true })],
      THRESHOLD,
    );
    expect(reason).toContain(`batch (key ${key}) of weekly-digest is past its deadline`);
    expect(reason).toContain('and still submitting');
  });

  it('puts no user id in the reason', () => {
    // The rows carry no user; a user id could only arrive through a field the reason quotes.
    const userId = randomUUID();
    const rows = [
      open({ openai_batch_id: 'batch_late', past_deadline: true, openai_status: 'in_progress' }),
      batch({ openai_batch_id: 'batch_bad', failed_share: 0.3 }),
      { ...batch(), user_id: userId } as BatchHealthRow,
    ];
    const { reason } = evaluateBatches(rows, THRESHOLD);
    expect(reason).not.toContain(userId);
    expect(reason).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  });
});

describe('evaluateJobHealth: the batches check', () => {
  const job = getJob('weekly-digest');
  const now = new Date('2026-12-01T00:00:00Z');

  it('is ok with "no batch in the window" when no batches are given', () => {
    const h = evaluateJobHealth({ job, runs: [], now, windowDays: 28 });
    expect(h.checks.batches).toEqual({ state: 'ok', reason: 'no batch in the window' });
  });

  it('judges the given batches against the job threshold, which an override replaces', () => {
    const batches = [batch({ failed_share: 0.15 })];
    expect(job.thresholds.maxBatchFailedShare).toBe(0.1);
    expect(evaluateJobHealth({ job, runs: [], now, windowDays: 28, batches }).checks.batches.state).toBe(
      'breach',
    );
    const relaxed = evaluateJobHealth({
      job,
      runs: [],
      now,
      windowDays: 28,
      batches,
      overrides: { maxBatchFailedShare: 0.2 },
    });
    expect(relaxed.checks.batches.state).toBe('ok');
  });
});
