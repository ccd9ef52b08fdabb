import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiWriter } from '../../src/ai/openaiWriter.ts';
import { withFallback } from '../../src/ai/withFallback.ts';
import { DbError, type Db } from '../../src/db/types.ts';
import { weeklyDigestJob } from '../../src/jobs/weeklyDigest.ts';
import type { RunReport } from '../../src/runs/types.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { startFakeOpenAI } from '../support/fakeOpenAI.ts';
import { addMeal, addMessage, addMood, addSleep, addUser, addWorkout } from '../support/fixtures.ts';
import { runTestJob, testOptions } from '../support/runs.ts';

// One hour after the Sunday 20:00 UTC slot: the period is 2 Nov 20:00 → 9 Nov 20:00.
const AS_OF = '2025-11-09T21:00:00Z';
const PERIOD_START = '2025-11-02T20:00:00.000Z';

let t: TestDatabase;
let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let consenting: string;
let declined: string;
let inactive: string;
let first: RunReport;

const openai = () =>
  withFallback(
    createOpenAiWriter({
      apiKey: 'sk-test-key',
      baseURL: fake.url,
      model: 'gpt-4o-mini',
      sleep: async () => {},
    }),
  );

beforeAll(async () => {
  t = await createTestDatabase();
  fake = await startFakeOpenAI();
  consenting = await addUser(t.sql, {
    consent: true,
    fullName: 'Zephyrine',
    email: 'zephyrine@example.test',
  });
  await addMessage(
    t.sql,
    consenting,
    '2025-11-05T09:00:00Z',
    'Felt great! Email me at zeph@mail.test or call +44 7700 900123',
  );
  await addWorkout(t.sql, consenting, '2025-11-04T18:00:00Z', 45);
  await addMeal(t.sql, consenting, '2025-11-04T12:00:00Z', 650);
  await addSleep(t.sql, consenting, '2025-11-05', 7.5);
  await addMood(t.sql, consenting, '2025-11-05', 7, 3);

  // The prompt carries the tone; the name stays here.
  await t.sql.query(`update user_profiles set coaching_tone = 'brief' where user_id = $1`, [consenting]);

  declined = await addUser(t.sql, { consent: false, fullName: 'Quillon Marsh' });
  await t.sql.query(
    `update user_profiles set coaching_tone = 'cheerleader', coaching_persona = 'nurturer' where user_id = $1`,
    [declined],
  );
  await addMessage(t.sql, declined, '2025-11-06T09:00:00Z', 'Secretword-Quillon: loved the hike');
  await addWorkout(t.sql, declined, '2025-11-06T10:00:00Z', 90);

  inactive = await addUser(t.sql, { consent: true });
  await addWorkout(t.sql, inactive, '2025-10-20T10:00:00Z');

  first = await runTestJob(weeklyDigestJob, t.db, testOptions(AS_OF), { ai: openai() });
});

afterAll(async () => {
  await fake?.close();
  await t?.drop();
});

async function notes() {
  return t.sql.query<{
    user_id: string;
    generation_method: string;
    model: string | null;
    period_start: string;
    note: string;
  }>(
    `select user_id, generation_method, model, to_json(period_start)#>>'{}' as period_start, note
     from ai_coach_notes where type = 'weekly_summary' order by generation_method`,
  );
}

describe('weekly digest', () => {
  it('writes one digest per active user: AI for the consenting, a template for the others', async () => {
    expect(first.status).toBe('success');
    expect(first.message).toBe('Generated 2 weekly digests');
    expect(first.period).toEqual({ start: PERIOD_START, end: '2025-11-09T20:00:00.000Z' });
    const rows = await notes();
    expect(rows.map((r) => [r.user_id, r.generation_method, r.model])).toEqual([
      [consenting, 'ai', 'gpt-4o-mini'],
      [declined, 'template', null],
    ]);
    expect(new Date(rows[0]!.period_start).toISOString()).toBe(PERIOD_START);
    expect(rows.every((r) => r.note.length > 0)).toBe(true);
    expect(first.results).toContainEqual(
      expect.objectContaining({ userId: consenting, method: 'ai', logCount: 1, digest: expect.any(String) }),
    );
  });

  it('sends OpenAI nothing about users without consent, and no names, emails, phones or ids at all', () => {
    const sent = JSON.stringify(fake.requests);
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const secret of [
      consenting,
      declined,
      inactive,
      'Zephyrine',
      'zephyrine@example.test',
      'zeph@mail.test',
      '7700 900123',
      'Quillon',
      'Secretword',
    ]) {
      expect(sent).not.toContain(secret);
    }
    // The consenting user's own words do go, redacted.
    expect(sent).toContain('[email]');
    // So does the tone they chose.
    expect(sent).toContain('coaching tone the user chose, brief');
  });

  it('greets by first name in the tone only in the digest written here, never in the AI one', async () => {
    const byUser = new Map((await notes()).map((r) => [r.user_id, r.note]));
    expect(byUser.get(declined)).toMatch(
      /^Hey Quillon! Here's your week\. Let's see what you did!\n\nTraining: You logged 1 workout this week, 90 minutes in total\. Brilliant work!/,
    );
    expect(byUser.get(declined)).not.toContain('Marsh');
    expect(byUser.get(consenting)).toMatch(/^Training: /);
    expect(byUser.get(consenting)).not.toContain('Zephyrine');
  });

  it('is a no-op when run again, six hours later, exactly at the slot, or as a catch-up two days late', async () => {
    for (const asOf of [AS_OF, '2025-11-10T03:00:00Z', '2025-11-09T20:00:00Z', '2025-11-11T10:00:00Z']) {
      const again = await runTestJob(weeklyDigestJob, t.db, testOptions(asOf), { ai: openai() });
      expect(again.period?.start).toBe(PERIOD_START);
      expect(again.message).toBe('Generated 0 weekly digests');
    }
    expect(await notes()).toHaveLength(2);
  });
});

describe('weekly digest under a time budget', () => {
  it('ends partial_success with users remaining, and the next run finishes them with one digest each', async () => {
    const slow = await startFakeOpenAI({ latencyMs: 250 });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const id = await addUser(t.sql, { consent: true });
        await addWorkout(t.sql, id, '2025-11-15T10:00:00Z');
        ids.push(id);
      }
      const writer = () =>
        withFallback(
          createOpenAiWriter({
            apiKey: 'sk-test-key',
            baseURL: slow.url,
            model: 'gpt-4o-mini',
            sleep: async () => {},
          }),
        );
      const asOf = '2025-11-16T21:00:00Z';
      const partial = await runTestJob(
        weeklyDigestJob,
        t.db,
        testOptions(asOf, { concurrency: 2, timeBudgetMs: 600, users: ids }),
        {
          ai: writer(),
        },
      );
      expect(partial.errors).toEqual([]);
      expect(partial.status).toBe('partial_success');
      expect(partial.counts.remaining).toBeGreaterThan(0);
      expect(partial.counts.succeeded + partial.counts.remaining).toBe(12);
      const rest = await runTestJob(weeklyDigestJob, t.db, testOptions(asOf, { users: ids }), {
        ai: writer(),
      });
      expect(rest.status).toBe('success');
      expect(rest.counts.succeeded).toBe(partial.counts.remaining);
      const perUser = await t.sql.query<{ n: number }>(
        `select count(*)::int as n from ai_coach_notes where user_id = any($1::uuid[]) group by user_id`,
        [ids],
      );
      expect(perUser).toHaveLength(12);
      expect(perUser.every((r) => r.n === 1)).toBe(true);
      const logged = await t.sql.query<{ run_status: string }>(
        `select run_status from admin.system_cron_logs where run_id = $1`,
        [partial.runId],
      );
      expect(logged).toEqual([{ run_status: 'partial_success' }]);
    } finally {
      await slow.close();
    }
  });
});

describe('weekly digest when a candidate read fails', () => {
  /** t.db, except that the first `failures` reads of the candidates throw `error`. */
  function failingReads(failures: number, error: () => Error): { db: Db; reads: () => number } {
    let reads = 0;
    const db: Db = {
      transport: t.db.transport,
      close: () => t.db.close(),
      async call<Row>(fn: string, args?: Record<string, unknown>): Promise<Row[]> {
        if (fn === 'cron_digest_candidates') {
          reads += 1;
          if (reads <= failures) throw error();
        }
        return t.db.call<Row>(fn, args);
      },
    };
    return { db, reads: () => reads };
  }

  async function activeUsers(n: number, at: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = await addUser(t.sql, { consent: false });
      await addWorkout(t.sql, id, at);
      ids.push(id);
    }
    return ids;
  }

  it('retries a read that lost its connection, and the run succeeds with attempts 2', async () => {
    const ids = await activeUsers(3, '2025-11-26T10:00:00Z');
    const lost = () => new DbError('terminating connection due to administrator command', { code: '57P01' });
    const { db, reads } = failingReads(1, lost);
    const report = await runTestJob(weeklyDigestJob, db, testOptions('2025-11-30T21:00:00Z', { users: ids }));
    expect(report).toMatchObject({ status: 'success', attempts: 2, recorded: true });
    expect(report.counts.succeeded).toBe(3);
    expect(reads()).toBe(2);
  });

  it('does not retry a read that fails the same way every time, and ends error', async () => {
    const ids = await activeUsers(2, '2025-12-03T10:00:00Z');
    const missing = () =>
      new DbError('function public.cron_digest_candidates does not exist', { code: '42883' });
    const { db, reads } = failingReads(1, missing);
    const report = await runTestJob(weeklyDigestJob, db, testOptions('2025-12-07T21:00:00Z', { users: ids }));
    expect(report).toMatchObject({ status: 'error', attempts: 1, recorded: true });
    // The code, not the text, says what is missing: the message names it and the fix.
    expect(report.message).toContain(
      'lacks function public.cron_digest_candidates, which the strukt-cron migrations create: run strukt-cron db migrate',
    );
    expect(reads()).toBe(1);
  });
});
