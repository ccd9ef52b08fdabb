import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateUp } from '../../src/db/migrate.ts';
import { DEFAULT_MIGRATIONS_DIR } from '../../src/db/migrations.ts';
import type { SqlClient } from '../../src/db/types.ts';
import {
  CALM_MESSAGES,
  NEGATED_MESSAGES,
  STRESS_MESSAGES,
  SUBSTRING_MESSAGES,
} from '../../src/seed/texts.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { addMessage, addUser } from '../support/fixtures.ts';

// strukt.has_stress_keyword (migrations/20261130001100_stress_matcher_and_coach_voice.sql): a
// keyword of the seed's list counts only where a person would read the user expressing stress.

/** A person reads each of these as the user expressing stress. */
const FLAGGED = [
  // Plain statements, in any case, with curly apostrophes, punctuation and emoji.
  "I'm really stressed about work this week.",
  'I’m so stressed',
  'STRESSED!!!',
  'STRESSED OUT',
  'stressed 😩',
  'so stressed!!! 😭😭',
  '😤 so frustrated with my progress',
  '#stressed #mondays',
  '(stressed) but trying',
  'STRESS. That’s all.',
  'Work stress is killing me',
  'Feeling anxious and I couldn’t sleep.',
  'My anxiety is through the roof before the exam.',
  'Totally overwhelmed with deadlines, skipped my workout.',
  'So exhausted after this week.',
  'Having a hard time staying motivated.',
  'I had a hard time sleeping',
  'Struggling to keep up with everything.',
  'I’m really struggling this week',
  'Today was tough, I’m upset about my results.',
  "It's been a tough week",
  'Tough day at the office',
  'This week has been difficult.',
  'Difficult conversation with my boss today',
  'Feeling sad and tired lately.',
  'Sad I missed my workout',
  'Pretty depressed about my knee injury.',
  'Angry at myself for missing the gym again.',
  'Upset about the argument with my partner',
  "I'm tired of everything",
  'Sick and tired of feeling like this',
  'ugh, so tired of work',
  'Frustrated that I skipped leg day again',
  'Anxious to know if my scans are ok',
  // "down" as a mood.
  "I feel down and don't want to train.",
  'Feeling a bit down today',
  'Feeling really down 😞',
  "I'm so down lately",
  'Been down all week, no energy.',
  'Bit down today tbh',
  'No energy, feeling down',
  'I tend to feel down on Mondays',
  'This weather is getting me down',
  'Honestly down in the dumps',
  'I feel let down by my body',
  // Intensifiers that look like negations.
  "I've never been so stressed in my life",
  'Never felt this tired before',
  "I couldn't be more stressed right now",
  "Haven't been this anxious in years",
  // A negation of something else, or cut off by punctuation.
  "Not sure why but I'm stressed",
  "I don't know why I'm so sad",
  "I can't stop feeling anxious",
  "I can't handle the stress anymore",
  "Not gonna lie, I'm stressed",
  "No idea why I'm so tired",
  "No, I'm exhausted",
  "I'm not okay. Really anxious.",
  "I'm anxious, not excited",
  "Didn't sleep, exhausted.",
  'Not bad, a bit tired though',
  'Not stressed, just tired',
  'Not only stressed but also exhausted',
  'I dont know, feeling overwhelmed',
  'my mood is low and I’m anxious',
  // A workout mentioned beside stress that is not about it.
  "The workout was fine but I'm still stressed about money",
  "Today's run felt tough because I'm so stressed",
  'Stress level 9/10 today',
  'I need some stress relief honestly',
];

/** None of these is the user expressing stress: negated, another sense, or no keyword. */
const NOT_FLAGGED = [
  // Negated before the keyword.
  'No stress at all',
  'no stress at all 😊',
  'Zero stress this week',
  'Did my run without any stress',
  "I don't feel stressed",
  'I don’t feel stressed',
  "I DON'T FEEL STRESSED",
  'dont feel stressed tbh',
  'I am not stressed',
  'not feeling too stressed',
  "I'm not stressed or anxious",
  'Neither stressed nor tired',
  'I’m not stressed—just busy',
  "I won't be stressed about it",
  "I've never been stressed about training",
  'Nothing to be stressed about!',
  "It's not that tough",
  'Not as tired as last week',
  "I'm not tired",
  'Sleeping well, not tired anymore',
  "I'm not feeling down anymore, thanks!",
  'No more anxiety before races',
  'No more feeling down, the plan helps',
  'Not angry or frustrated, just curious',
  "I'm not sad, I'm happy 😊",
  // Less of it than before.
  'Less stressed than last week',
  'Feeling a lot less anxious now',
  // Free of it.
  'Stress-free week!',
  'stress free weekend',
  'stressless',
  'Yoga helps me de-stress',
  'Stress level 2/10 today',
  // "down" that is not a mood.
  'Cool down after the run',
  'Did a 10 minute cool-down',
  'cooldown felt great',
  'I sat down and stretched',
  'Sit down, breathe, stretch',
  'Slowed down on the hills',
  'Slow down the tempo next week?',
  'Lie down for 5 minutes after',
  'Calm down breathing after sprints',
  "I'm down to 3 sessions a week",
  "I'm down for a run tomorrow",
  'Down 2 kg this month!',
  'Write down your reps',
  'Can you break down the workout?',
  'Hold the plank upside down? lol',
  "Maybe down the road I'll try a marathon",
  'Put the weights down slowly',
  'My pace went down by 10 seconds',
  'I was down at the track by 7',
  'Downloaded the new running playlist.',
  'Walked downtown for lunch, about 3 km.',
  // Training load, tired muscles, a medical or mechanical sense.
  'Tough workout today',
  'That was a tough session but fun',
  'The intervals were really tough',
  'Tough but fun!',
  'Difficult exercise, need form tips',
  'Had a hard time finishing the last set',
  'Struggling with the deadlift form',
  'Tired legs after leg day',
  'My legs are so tired',
  'Exhausted after the marathon',
  'Stress fracture in my foot, need a plan',
  'Squats put a lot of stress on my knees',
  'Upset stomach after the gel',
  'Anxious to get started with the new plan!',
  // No keyword as a whole word.
  'Sadie from my class joined me for the session.',
  'Great session, no complaints',
];

async function judge(sql: SqlClient, phrases: readonly string[]): Promise<Map<string, boolean>> {
  const rows = await sql.query<{ phrase: string; flagged: boolean }>(
    `select p as phrase, strukt.has_stress_keyword(p) as flagged from unnest($1::text[]) as p`,
    [phrases],
  );
  return new Map(rows.map((r) => [r.phrase, r.flagged]));
}

describe('strukt.has_stress_keyword', () => {
  let t: TestDatabase;
  let verdicts: Map<string, boolean>;
  const seedTexts = [...STRESS_MESSAGES, ...NEGATED_MESSAGES, ...SUBSTRING_MESSAGES, ...CALM_MESSAGES];

  beforeAll(async () => {
    t = await createTestDatabase();
    verdicts = await judge(t.sql, [...FLAGGED, ...NOT_FLAGGED, ...seedTexts]);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('is tested on at least 80 distinct phrases, about half of them stress', () => {
    expect(new Set([...FLAGGED, ...NOT_FLAGGED]).size).toBe(FLAGGED.length + NOT_FLAGGED.length);
    expect(FLAGGED.length + NOT_FLAGGED.length).toBeGreaterThanOrEqual(80);
    expect(Math.abs(FLAGGED.length - NOT_FLAGGED.length)).toBeLessThanOrEqual(5);
  });

  it.each(FLAGGED)('flags %j', (phrase) => {
    expect(verdicts.get(phrase)).toBe(true);
  });

  it.each(NOT_FLAGGED)('does not flag %j', (phrase) => {
    expect(verdicts.get(phrase)).toBe(false);
  });

  it("agrees with the sample data's own labels", () => {
    for (const text of STRESS_MESSAGES) expect(verdicts.get(text), text).toBe(true);
    for (const text of [...NEGATED_MESSAGES, ...SUBSTRING_MESSAGES, ...CALM_MESSAGES]) {
      expect(verdicts.get(text), text).toBe(false);
    }
  });

  it('answers false for null and empty text', async () => {
    const [row] = await t.sql.query<{ a: boolean; b: boolean }>(
      `select strukt.has_stress_keyword(null) as a, strukt.has_stress_keyword('') as b`,
    );
    expect(row).toEqual({ a: false, b: false });
  });
});

/** Migrations from this one on: the matcher and re-evaluation this file is about, and any after. */
const OURS = '20261130001100';

describe('migrations 20261130001100 and 20261130001150 on existing evidence', () => {
  let t: TestDatabase;
  let user: string;

  async function evidence(): Promise<string[]> {
    const rows = await t.sql.query<{ user_message: string }>(
      `select l.user_message from strukt.stress_messages s join ai_coach_logs l on l.id = s.log_id
       where s.user_id = $1 order by l.user_message`,
      [user],
    );
    return rows.map((r) => r.user_message);
  }

  async function stepsFromOurs(): Promise<number> {
    const files = await readdir(DEFAULT_MIGRATIONS_DIR);
    return files.filter((f) => /^\d{14}_.+\.sql$/.test(f) && f.slice(0, 14) >= OURS).length;
  }

  beforeAll(async () => {
    t = await createTestDatabase();
    user = await addUser(t.sql);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('judges the stored evidence again both ways, and the trigger judges new messages with the new matcher', async () => {
    // Back to the previous matcher: its evidence is what a live database holds before the upgrade.
    await migrateDown(t.sql, await stepsFromOurs());
    await addMessage(t.sql, user, '2025-11-03T10:00:00Z', 'Cool down after the run');
    await addMessage(t.sql, user, '2025-11-03T11:00:00Z', 'No stress at all');
    await addMessage(t.sql, user, '2025-11-03T12:00:00Z', "I'm so stressed");
    // A message whose evidence is missing (written while the trigger was not there).
    await t.sql.query(
      `delete from strukt.stress_messages s using ai_coach_logs l
       where l.id = s.log_id and l.user_message = $1`,
      ["I'm so stressed"],
    );
    expect(await evidence()).toEqual(['Cool down after the run', 'No stress at all']);

    await migrateUp(t.sql);
    expect(await evidence()).toEqual(["I'm so stressed"]);

    await addMessage(t.sql, user, '2025-11-04T10:00:00Z', 'cool down after the run');
    await addMessage(t.sql, user, '2025-11-04T11:00:00Z', 'I’m SO stressed 😩');
    expect(await evidence()).toEqual(["I'm so stressed", 'I’m SO stressed 😩']);
  });

  it('rolls back to the previous matcher and candidate lists word for word, judging the evidence again with it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'strukt-before-ours-'));
    const before = await createTestDatabase({ migrate: false });
    try {
      // The same migrations without ours: what the down must restore.
      await cp(DEFAULT_MIGRATIONS_DIR, dir, {
        recursive: true,
        filter: (source) => !/\/\d{14}_/.test(source) || source.match(/(\d{14})_[^/]*$/)![1]! < OURS,
      });
      await migrateUp(before.sql, { dir });
      await migrateDown(t.sql, await stepsFromOurs());

      // Privileges too, except the matcher's: ours never changes them (create or replace keeps
      // them), and a later migration's down decides what they are when it is rolled back.
      const definitions = (sql: SqlClient) =>
        sql.query<{ name: string; def: string; acl: string | null }>(
          `select p.oid::regprocedure::text as name, pg_get_functiondef(p.oid) as def,
                  case when p.proname like 'cron\\_%' then p.proacl::text end as acl
           from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where (n.nspname, p.proname) in (('strukt', 'has_stress_keyword'), ('strukt', 'stress_day_sources'),
                  ('public', 'cron_status_candidates'), ('public', 'cron_digest_candidates'))
           order by 1`,
        );
      const restored = await definitions(t.sql);
      expect(restored.map((r) => r.name)).toEqual([
        'cron_digest_candidates(timestamp with time zone,timestamp with time zone,uuid[],integer,integer,uuid,integer)',
        'cron_status_candidates(timestamp with time zone,uuid[],integer,integer,uuid,integer)',
        'strukt.has_stress_keyword(text)',
      ]);
      expect(restored).toEqual(await definitions(before.sql));
      // The previous matcher's verdicts are back: "cool down" counts again.
      expect(await evidence()).toEqual([
        'Cool down after the run',
        "I'm so stressed",
        'I’m SO stressed 😩',
        'No stress at all',
        'cool down after the run',
      ]);
    } finally {
      await before.drop();
      await rm(dir, { recursive: true, force: true });
      await migrateUp(t.sql);
    }
  });
});
