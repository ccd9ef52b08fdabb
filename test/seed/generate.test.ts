import { describe, expect, it } from 'vitest';
import { CATEGORIES, generateSample, generateUsers, type Sample } from '../../src/seed/generate.ts';
import { localDaysBefore } from '../../src/seed/localDays.ts';
import { createRandom } from '../../src/seed/random.ts';
import { SAMPLE_TABLES } from '../../src/seed/rows.ts';

// A Monday 08:00 UTC (the user-status slot), the day after Europe left summer time: London's
// "yesterday" is 25 hours long and Los Angeles is only one hour into its day.
const asOf = new Date('2025-10-27T08:00:00Z');
const DAY = 86_400_000;

describe('createRandom', () => {
  it('repeats its numbers for the same seed and stream, and differs across streams', () => {
    const draw = (seed: number, stream: number) => {
      const r = createRandom(seed, stream);
      return [r.next(), r.int(1, 6), r.uuid()];
    };
    expect(draw(1, 2)).toEqual(draw(1, 2));
    expect(draw(1, 2)).not.toEqual(draw(1, 3));
    expect(draw(1, 2)).not.toEqual(draw(2, 2));
  });

  it('makes v4-shaped uuids and stays within int bounds', () => {
    const r = createRandom(42);
    for (let i = 0; i < 1000; i++) {
      expect(r.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const n = r.int(-2, 2);
      expect(n).toBeGreaterThanOrEqual(-2);
      expect(n).toBeLessThanOrEqual(2);
    }
  });
});

describe('localDaysBefore', () => {
  it('cuts user-local days at midnight of each zone, DST days included', () => {
    const london = localDaysBefore(asOf, 'Europe/London', 2);
    expect(london[0]).toEqual({
      date: '2025-10-27',
      start: Date.parse('2025-10-27T00:00:00Z'),
      end: asOf.getTime(),
    });
    // 26 October 2025 started in summer time (UTC+1) and ended in winter time: 25 hours.
    expect(london[1]?.date).toBe('2025-10-26');
    expect(london[1]?.start).toBe(Date.parse('2025-10-25T23:00:00Z'));

    const la = localDaysBefore(asOf, 'America/Los_Angeles', 1);
    expect(la[0]).toMatchObject({ date: '2025-10-27', start: Date.parse('2025-10-27T07:00:00Z') });
    const sydney = localDaysBefore(asOf, 'Australia/Sydney', 1);
    expect(sydney[0]).toMatchObject({ date: '2025-10-27', start: Date.parse('2025-10-26T13:00:00Z') });
  });
});

describe('generateSample', () => {
  const sample = generateSample({ users: 1000, seed: 7, asOf });

  it('gives identical rows for the same users, seed and as-of', () => {
    expect(generateSample({ users: 1000, seed: 7, asOf })).toEqual(sample);
  });

  it('generates a batch of users exactly as they are in the whole sample', () => {
    const batch = generateUsers({ seed: 7, asOf }, 400, 450);
    const ids = new Set(batch.personas.map((p) => p.id));
    for (const table of SAMPLE_TABLES) {
      const whole = (sample.tables[table] as object[]).filter((r) => ids.has(userOf(r)));
      expect(batch.tables[table]).toEqual(whole);
    }
  });

  it('gives different users for a different seed', () => {
    const other = generateSample({ users: 50, seed: 8, asOf });
    const ids = new Set(sample.personas.map((p) => p.id));
    expect(other.personas.some((p) => ids.has(p.id))).toBe(false);
    expect(other.tables.ai_coach_logs.map((r) => r.timestamp)).not.toEqual(
      sample.tables.ai_coach_logs.slice(0, other.tables.ai_coach_logs.length).map((r) => r.timestamp),
    );
  });

  it('keeps user ids when only as-of changes, so a re-seed recognises its users', () => {
    const later = generateSample({ users: 20, seed: 7, asOf: new Date(asOf.getTime() + 30 * DAY) });
    expect(later.personas.map((p) => p.id)).toEqual(sample.personas.slice(0, 20).map((p) => p.id));
  });

  it('has users in every category', () => {
    for (const c of CATEGORIES) expect(sample.counts.categories[c], c).toBeGreaterThan(0);
    expect(sample.counts.categories.active / 1000).toBeGreaterThan(0.6);
  });

  it('puts about ten activity rows per active user in the last seven user-local days', () => {
    const week = new Map(
      sample.personas.map((p) => [p.id, new Set(localDaysBefore(asOf, p.timezone, 7).map((d) => d.date))]),
    );
    const recent = activityDays(sample).filter((r) => week.get(r.userId)?.has(r.date)).length;
    const perActive = recent / sample.counts.categories.active;
    expect(perActive).toBeGreaterThan(8);
    expect(perActive).toBeLessThan(14);
  });

  it('dates every activity before as-of and within the last 30 days', () => {
    const times = activityTimes(sample);
    expect(Math.max(...times)).toBeLessThan(asOf.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(asOf.getTime() - 31 * DAY);
    const month = new Map(
      sample.personas.map((p) => [p.id, new Set(localDaysBefore(asOf, p.timezone, 31).map((d) => d.date))]),
    );
    expect(activityDays(sample).filter((r) => !month.get(r.userId)?.has(r.date))).toEqual([]);
  });

  it("writes each moment's user-local date into date, as the app does", () => {
    const zone = timezones(sample);
    const t = sample.tables;
    for (const w of t.workouts) {
      if (w.workout_date !== null) expect(w.date).toBe(localDate(Date.parse(w.workout_date), zone(w)));
    }
    for (const m of t.meals) expect(m.date).toBe(localDate(Date.parse(m.timestamp), zone(m)));
    for (const s of t.sleep_logs) {
      if (s.wake_time === null || s.bedtime === null) continue;
      expect(Date.parse(s.wake_time) - Date.parse(s.bedtime)).toBe(s.duration_minutes * 60_000);
      expect(localDate(Date.parse(s.created_at), zone(s))).toBe(localDate(Date.parse(s.wake_time), zone(s)));
    }
  });

  it('leaves the newer columns empty in a few rows, as old app rows are', () => {
    const t = sample.tables;
    const legacy = t.workouts.filter((w) => w.workout_date === null);
    expect(legacy.length).toBeGreaterThan(0);
    expect(legacy.length / t.workouts.length).toBeLessThan(0.15);
    for (const w of legacy) expect([w.workout_type, w.perceived_exertion]).toEqual([null, null]);
    const untimed = t.sleep_logs.filter((s) => s.wake_time === null);
    expect(untimed.length).toBeGreaterThan(0);
    expect(untimed.length / t.sleep_logs.length).toBeLessThan(0.15);
  });

  it('respects the columns and check constraints of the production schema', () => {
    const t = sample.tables;
    const oneOf = (values: readonly unknown[]) => (x: unknown) => values.includes(x);
    const between = (min: number, max: number) => (x: number | null) => x === null || (x >= min && x <= max);
    /** The rows of `rows` whose `pick` fails `ok`: none, in a sample that respects the schema. */
    const bad = <R, V>(rows: readonly R[], pick: (r: R) => V, ok: (v: V) => boolean) =>
      rows.filter((r) => !ok(pick(r)));

    const profiles = t.user_profiles;
    expect(bad(profiles, (p) => p.days_per_week, between(0, 7))).toEqual([]);
    expect(
      bad(profiles, (p) => p.experience_level, oneOf([null, 'beginner', 'intermediate', 'advanced'])),
    ).toEqual([]);
    expect(bad(profiles, (p) => p.workout_location, oneOf([null, 'home', 'gym', 'hybrid']))).toEqual([]);
    expect(
      bad(profiles, (p) => p.coaching_tone, oneOf([null, 'gentle', 'direct', 'cheerleader', 'brief'])),
    ).toEqual([]);
    expect(bad(profiles, (p) => p.coaching_persona, oneOf(['strategist', 'motivator', 'nurturer']))).toEqual(
      [],
    );
    expect(
      bad(
        profiles,
        (p) => p.email,
        (e) => /^[a-z.]+\.\d+\.s7@example\.test$/.test(e),
      ),
    ).toEqual([]);
    expect(
      bad(
        profiles,
        (p) => p.full_name,
        (n) => n === null || /^\S+ \S+$/.test(n),
      ),
    ).toEqual([]);
    expect(
      bad(
        profiles,
        (p) => p.macro_targets,
        (m) => m === null || Object.keys(m).sort().join() === 'carbs_g,fat_g,protein_g',
      ),
    ).toEqual([]);
    for (const zone of new Set(profiles.map((p) => p.timezone))) {
      expect(() => new Intl.DateTimeFormat('en', { timeZone: zone })).not.toThrow();
    }
    expect(new Set(t.auth_users.map((u) => u.email)).size).toBe(t.auth_users.length);

    const consents = t.user_consents;
    expect(new Set(consents.map((c) => `${c.user_id}/${c.consent_type}`)).size).toBe(consents.length);
    expect(
      bad(consents, (c) => c.consent_type, oneOf(['openai_processing', 'analytics', 'marketing'])),
    ).toEqual([]);
    expect(
      bad(
        consents,
        (c) => c.privacy_policy_version,
        (v) => /^\d+\.\d+$/.test(v),
      ),
    ).toEqual([]);

    // ai_coach_logs: session_id, user_message and ai_response are not null; issues is text[].
    expect(
      bad(
        t.ai_coach_logs,
        (l) => [l.session_id, l.user_message, l.ai_response],
        (v) => v.every(Boolean),
      ),
    ).toEqual([]);
    expect(
      bad(
        t.ai_coach_logs,
        (l) => l.issues,
        (i) => i === null || i.every((x) => typeof x === 'string'),
      ),
    ).toEqual([]);
    expect(
      bad(
        t.mood_logs,
        (m) => [m.mood_score, m.stress_level],
        (v) => v.every(between(1, 10)),
      ),
    ).toEqual([]);
    expect(bad(t.workouts, (w) => w.perceived_exertion, between(1, 10))).toEqual([]);
    // numeric(6, 1)
    expect(bad([...t.workouts, ...t.meals], (r) => r.calories, between(0, 99_999.9))).toEqual([]);
    expect(bad(t.meals, (m) => m.meal_type, oneOf(['breakfast', 'lunch', 'dinner', 'snack']))).toEqual([]);
    expect(bad(t.meals, (m) => m.source, oneOf(['voice', 'manual', 'photo']))).toEqual([]);
    expect(bad(t.sleep_logs, (s) => s.duration_minutes, between(0, 24 * 60))).toEqual([]);
    expect(bad(t.sleep_logs, (s) => s.quality, oneOf(['poor', 'ok', 'great']))).toEqual([]);

    expect(bad(t.plans, (p) => p.generation_method, oneOf(['ai', 'fallback', 'manual']))).toEqual([]);
    expect(
      bad(t.plans, (p) => Object.keys(p.plan_data).join(), oneOf(['training,nutrition,recovery,coaching'])),
    ).toEqual([]);
    // What the plan was made from, never who it is for.
    expect(
      bad(
        t.plans,
        (p) => JSON.stringify(p.profile_snapshot),
        (j) => !/full_name|email|@/.test(j),
      ),
    ).toEqual([]);
    expect(new Set(t.plans.map((p) => `${p.user_id}/${p.version}`)).size).toBe(t.plans.length);
  });

  it('places stress evidence on exactly the user-local days its persona names', () => {
    for (const p of sample.personas) {
      const tz = p.timezone;
      const from = asOf.getTime() - 3 * DAY;
      const days = new Set<string>();
      for (const log of sample.tables.ai_coach_logs) {
        const at = Date.parse(log.timestamp);
        if (log.user_id === p.id && at >= from && referenceEvidence(log.user_message)) {
          days.add(localDate(at, tz));
        }
      }
      const window = new Set(localDaysBefore(asOf, tz, 4).map((d) => d.date));
      for (const m of sample.tables.mood_logs) {
        if (m.user_id === p.id && window.has(m.date) && (m.stress_level >= 7 || m.mood_score <= 3)) {
          days.add(m.date);
        }
      }
      const expected = { stressed_3_days: 3, stressed_2_days: 2, stressed_1_day: 1 }[p.stress as string] ?? 0;
      expect(days.size, `${p.stress} user ${p.index}`).toBe(expected);
    }
  });

  it('makes the look-alikes look like evidence to a naive matcher', () => {
    const naive = /stress|anxious|tired|down|sad|overwhelmed|hard/i;
    const users = (kind: string) =>
      new Set(sample.personas.filter((p) => p.stress === kind).map((p) => p.id));
    for (const kind of ['negated_only', 'substring_only']) {
      const ids = users(kind);
      const fooled = sample.tables.ai_coach_logs.filter(
        (l) => ids.has(l.user_id) && naive.test(l.user_message),
      );
      expect(fooled.length, kind).toBeGreaterThanOrEqual(ids.size * 2);
    }
    const replies = users('ai_reply_only');
    expect(
      sample.tables.ai_coach_logs.filter((l) => replies.has(l.user_id) && naive.test(l.ai_response ?? ''))
        .length,
    ).toBeGreaterThanOrEqual(replies.size * 2);
  });

  it('writes emails and phone numbers into the messages of the pii users only', () => {
    const pii = /@example\.(com|org)|\d{3} \d{3,4}/;
    const flagged = new Set(sample.personas.filter((p) => p.piiInMessages).map((p) => p.id));
    const withPii = new Set(
      sample.tables.ai_coach_logs.filter((l) => pii.test(l.user_message)).map((l) => l.user_id),
    );
    expect(withPii).toEqual(flagged);
  });
});

/** The seed's keyword rule, written independently of the SQL: whole word or phrase, not negated. */
function referenceEvidence(message: string): boolean {
  const keyword =
    /(?:\b(not feeling|isn't feeling|wasn't feeling|no longer|not|never|isn't|wasn't)\s+)?\b(stressed|stress|anxious|anxiety|overwhelmed|tired|exhausted|difficult|tough|hard\s+time|struggling|down|sad|depressed|frustrated|angry|upset)\b/gi;
  return [...message.matchAll(keyword)].some((m) => m[1] === undefined);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function localDate(at: number, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}

function userOf(row: object): string {
  const r = row as { user_id?: string; id: string };
  return r.user_id ?? r.id;
}

/** A function giving the time zone of a row's user. */
function timezones(sample: Sample): (row: { user_id: string }) => string {
  const zones = new Map(sample.personas.map((p) => [p.id, p.timezone]));
  return (row) => zones.get(row.user_id) ?? 'no zone';
}

/**
 * The user-local day of every activity row, by the rules the jobs use (rows.ts), written here
 * independently with Intl rather than the generator's own calendar.
 */
function activityDays(sample: Sample): { userId: string; date: string }[] {
  const zone = timezones(sample);
  const t = sample.tables;
  const at = (row: { user_id: string }, instant: string) => localDate(Date.parse(instant), zone(row));
  return [
    ...t.ai_coach_logs.map((r) => ({ userId: r.user_id, date: at(r, r.timestamp) })),
    ...t.workouts.map((r) => ({ userId: r.user_id, date: r.workout_date ? at(r, r.workout_date) : r.date })),
    ...t.meals.map((r) => ({ userId: r.user_id, date: at(r, r.timestamp) })),
    ...t.sleep_logs.map((r) => ({ userId: r.user_id, date: at(r, r.wake_time ?? r.created_at) })),
    ...t.mood_logs.map((r) => ({ userId: r.user_id, date: r.date })),
  ];
}

/** Every instant an activity row holds. */
function activityTimes(sample: Sample): number[] {
  const t = sample.tables;
  return [
    ...t.ai_coach_logs.flatMap((r) => [r.timestamp, r.created_at]),
    ...t.workouts.flatMap((r) => [r.workout_date ?? r.created_at, r.created_at]),
    ...t.meals.flatMap((r) => [r.timestamp, r.created_at]),
    ...t.sleep_logs.flatMap((r) => [r.bedtime ?? r.created_at, r.wake_time ?? r.created_at, r.created_at]),
    ...t.mood_logs.map((r) => r.created_at),
  ].map((s) => Date.parse(s));
}
