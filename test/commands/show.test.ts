import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.ts';
import { loadConfig } from '../../src/config/config.ts';
import { openEmbedded } from '../../src/db/embedded.ts';
import { migrateUp } from '../../src/db/migrate.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { createTestDatabase, runServerSuites, type TestDatabase } from '../support/database.ts';
import { addPlan, addUser } from '../support/fixtures.ts';

const USER = '00000000-0000-4000-8000-00000000a001';
const QUIET = '00000000-0000-4000-8000-00000000b002';

/** Two digest weeks (slots Sunday 20:00 UTC), a manual plan and its refresh, two notifications. */
async function writeOutputs(sql: SqlClient): Promise<void> {
  await addUser(sql, { id: USER, fullName: 'Maya Example' });
  await addUser(sql, { id: QUIET });
  await sql.query(
    `insert into ai_coach_notes (user_id, note, type, period_start, period_end, generation_method, model, created_at)
     values ($1, 'Hi Maya, a steady week: 3 workouts.', 'weekly_summary', '2025-11-02T20:00:00Z', '2025-11-09T20:00:00Z',
             'template', null, '2025-11-09T20:07:00Z'),
            ($1, 'Hi Maya, a lighter week: 1 workout.', 'weekly_summary', '2025-11-09T20:00:00Z', '2025-11-16T20:00:00Z',
             'ai', 'gpt-4o-mini', '2025-11-16T20:09:00Z')`,
    [USER],
  );
  await addPlan(sql, USER, 1, '2025-10-01T06:00:00Z');
  await sql.query(
    `insert into plans (user_id, plan_data, version, generation_method, fallback_reason, created_at)
     values ($1, '{"training": {"overview": "Three short sessions"}}', 2, 'fallback', 'offline_writer', '2025-11-10T06:11:00Z')`,
    [USER],
  );
  await sql.query(
    `insert into coach_notifications (user_id, message, type, priority, created_at) values
       ($1, 'Maya, the last few days looked rough. A short walk counts.', 'ai_coach_proactive', 'high', '2025-11-08T08:13:00Z'),
       ($1, 'We have not seen you in a while.', 'nudge', 'low', '2025-11-12T08:13:00Z')`,
    [USER],
  );
}

let t: TestDatabase;

async function show(args: string[], config = () => loadConfig({ DATABASE_URL: t.url ?? '' })) {
  const out: string[] = [];
  await buildProgram(config, { print: (line) => out.push(line), printErr: () => {} }).parseAsync([
    'node',
    'strukt-cron',
    'show',
    ...args,
  ]);
  return out.join('\n');
}

// The command opens its own database from DATABASE_URL, so it needs the real server.
describe.skipIf(!runServerSuites)('strukt-cron show', () => {
  beforeAll(async () => {
    t = await createTestDatabase();
    await writeOutputs(t.sql);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("prints the user's newest digest with its week, method and full text", async () => {
    const out = await show(['digest', '--user', USER]);
    expect(out).toContain(`Weekly digest of user ${USER}`);
    expect(out).toContain('Week 2025-11-09 20:00 UTC → 2025-11-16 20:00 UTC');
    expect(out).toContain('Written 2025-11-16 20:09 UTC by ai (gpt-4o-mini)');
    expect(out).toContain('Hi Maya, a lighter week: 1 workout.');
    expect(out).not.toContain('a steady week');
  });

  it('picks the digest week by a day in it: a weekday, the Sunday it starts, or its ISO start', async () => {
    for (const period of ['2025-11-05', '2025-11-02', '2025-11-08', '2025-11-02T20:00:00Z']) {
      const out = await show(['digest', '--user', USER, '--period', period]);
      expect(out, period).toContain('in the week 2025-11-02 20:00 UTC → 2025-11-09 20:00 UTC');
      expect(out, period).toContain('Hi Maya, a steady week: 3 workouts.');
    }
  });

  it('says so, and exits normally, when the user has nothing for the week', async () => {
    expect(await show(['digest', '--user', USER, '--period', '2025-11-20'])).toBe(
      `No weekly digest for user ${USER} in the week 2025-11-16 20:00 UTC → 2025-11-23 20:00 UTC.`,
    );
    expect(await show(['notifications', '--user', QUIET])).toBe(`No coach notification for user ${QUIET}.`);
  });

  it('prints the newest plan version as JSON, with its method and fallback reason', async () => {
    const out = await show(['plan', '--user', USER]);
    expect(out).toContain('Version 2, written 2025-11-10 06:11 UTC by fallback');
    expect(out).toContain('Fallback reason: offline_writer');
    expect(out).toContain('"overview": "Three short sessions"');
    expect(await show(['plan', '--user', USER, '--limit', '2'])).toContain(
      'Version 1, written 2025-10-01 06:00 UTC',
    );
  });

  it('prints the notifications newest first, each with its type, priority, status and full message', async () => {
    const out = await show(['notifications', '--user', USER]);
    expect(out).toContain(`Coach notifications of user ${USER}, newest first`);
    const nudge = out.indexOf('2025-11-12 08:13 UTC  nudge  priority low  pending  in-app');
    const checkIn = out.indexOf('2025-11-08 08:13 UTC  ai_coach_proactive  priority high  pending  in-app');
    expect(nudge).toBeGreaterThan(0);
    expect(checkIn).toBeGreaterThan(nudge);
    expect(out).toContain('  Maya, the last few days looked rough. A short walk counts.');
  });

  it('prints the rows as JSON with --json', async () => {
    const json = JSON.parse(await show(['digest', '--user', USER, '--period', '2025-11-03', '--json'])) as {
      user_id: string;
      period: { start: string; end: string };
      digests: Array<{ note: string; generation_method: string; period_start: string }>;
    };
    expect(json.user_id).toBe(USER);
    expect(json.period).toEqual({ start: '2025-11-02T20:00:00.000Z', end: '2025-11-09T20:00:00.000Z' });
    expect(json.digests).toHaveLength(1);
    expect(json.digests[0]?.note).toBe('Hi Maya, a steady week: 3 workouts.');
    const notifications = JSON.parse(await show(['notifications', '--user', USER, '--json'])) as {
      notifications: Array<{ type: string }>;
    };
    expect(notifications.notifications.map((n) => n.type)).toEqual(['nudge', 'ai_coach_proactive']);
  });

  it('rejects a --user that is not a UUID, saying what it expected', async () => {
    await expect(show(['digest', '--user', 'maya@example.com'])).rejects.toThrow(
      "Invalid --user 'maya@example.com'. Expected a user id: a UUID, 32 hex digits in groups of 8-4-4-4-12 separated by dashes.",
    );
  });

  it('rejects a --period that is not a day or a time, saying what it expected', async () => {
    for (const period of ['last-week', '2025-02-30', '23.11.2026']) {
      await expect(show(['plan', '--user', USER, '--period', period])).rejects.toThrow(
        `Invalid --period '${period}'. Expected a day like 2026-11-23, naming the digest week that holds it ` +
          '(2026-11-22 20:00 UTC → 2026-11-29 20:00 UTC), or an ISO 8601 time like 2026-11-22T20:00:00Z.',
      );
    }
  });

  it('rejects a missing --user and a --limit out of range', async () => {
    await expect(show(['notifications'])).rejects.toThrow("required option '--user <id>' not specified");
    await expect(show(['notifications', '--user', USER, '--limit', '0'])).rejects.toThrow(
      "Invalid --limit '0'. Expected a whole number from 1 to 100.",
    );
  });

  it('says in its help that it prints personal data and logs none of it', async () => {
    let help = '';
    const program = buildProgram(() => loadConfig({}), { print: () => {}, printErr: () => {} });
    program.configureOutput({ writeOut: (text) => (help += text) });
    const digest = program.commands
      .find((c) => c.name() === 'show')!
      .commands.find((c) => c.name() === 'digest')!;
    digest.configureOutput({ writeOut: (text) => (help += text) });
    digest.outputHelp();
    expect(help).toContain('prints personal data');
    expect(help).toContain('Nothing of it is logged');
  });
});

describe('strukt-cron show on the embedded database', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'strukt-show-'));
    const sql = await openEmbedded(dir);
    try {
      await migrateUp(sql);
      await writeOutputs(sql);
    } finally {
      await sql.close();
    }
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reads the same rows without a server (no psql there)', async () => {
    const out = await show(['digest', '--user', USER, '--period', '2025-11-03'], () =>
      loadConfig({ STRUKT_DATA_DIR: dir }),
    );
    expect(out).toContain('Hi Maya, a steady week: 3 workouts.');
  });
});
