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

  it('puts about ten activity rows per active user in the last seven days', () => {
    const since = asOf.getTime() - 7 * DAY;
    const t = sample.tables;
    const recent =
      t.ai_coach_logs.filter((r) => Date.parse(r.timestamp) >= since).length +
      t.workouts.filter((r) => Date.parse(r.performed_at) >= since).length +
      t.meals.filter((r) => Date.parse(r.logged_at) >= since).length +
      t.sleep_logs.filter((r) => Date.parse(r.created_at) >= since).length +
      t.mood_logs.filter((r) => Date.parse(r.created_at) >= since).length;
    const perActive = recent / sample.counts.categories.active;
    expect(perActive).toBeGreaterThan(8);
    expect(perActive).toBeLessThan(14);
  });

  it('dates every activity before as-of and within the last 30 days', () => {
    const times = activityTimes(sample);
    expect(Math.max(...times)).toBeLessThan(asOf.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(asOf.getTime() - 31 * DAY);
  });

  it('respects the check constraints of the migrations', () => {
    const t = sample.tables;
    for (const p of t.user_profiles) {
      if (p.days_per_week !== null) expect(p.days_per_week).toBeGreaterThanOrEqual(0);
      if (p.days_per_week !== null) expect(p.days_per_week).toBeLessThanOrEqual(7);
      expect(() => new Intl.DateTimeFormat('en', { timeZone: p.timezone })).not.toThrow();
    }
    for (const m of t.mood_logs) {
      expect([m.mood_score, m.stress_level].every((x) => x >= 1 && x <= 10)).toBe(true);
    }
    for (const s of t.sleep_logs) expect(s.hours >= 0 && s.hours <= 24 && s.quality >= 1).toBe(true);
    for (const p of t.plans) {
      expect(['ai', 'fallback', 'template']).toContain(p.generation_method);
      expect(Object.keys(p.plan_data)).toEqual(['training', 'nutrition', 'recovery', 'coaching']);
    }
    const versions = new Set(t.plans.map((p) => `${p.user_id}/${p.version}`));
    expect(versions.size).toBe(t.plans.length);
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

function localDate(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(at);
}

function userOf(row: object): string {
  const r = row as { user_id?: string; id: string };
  return r.user_id ?? r.id;
}

function activityTimes(sample: Sample): number[] {
  const t = sample.tables;
  return [
    ...t.ai_coach_logs.map((r) => r.timestamp),
    ...t.workouts.map((r) => r.performed_at),
    ...t.meals.map((r) => r.logged_at),
    ...t.sleep_logs.map((r) => r.created_at),
    ...t.mood_logs.map((r) => r.created_at),
  ].map((s) => Date.parse(s));
}
