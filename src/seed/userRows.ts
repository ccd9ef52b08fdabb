/**
 * One user's activity and plans: the part of the sample the jobs decide on. What a user was
 * generated to be is kept in its Persona, so tests can state the outcome a job should reach.
 */
import { fallbackPlan } from '../domain/planFallback.ts';
import { planProfileOf, type WellnessContext } from '../domain/planProfile.ts';
import { rowWriter, type Kind, type RowWriter } from './activityRows.ts';
import type { LocalDay } from './localDays.ts';
import type { Random } from './random.ts';
import { DAY, HOUR, iso, MINUTE, type SampleTables, type UserProfileRow } from './rows.ts';
import * as T from './texts.ts';

export type ActivityKind = 'active' | 'inactive_recent' | 'inactive';
export type StressKind =
  | 'calm'
  | 'stressed_3_days'
  | 'stressed_2_days'
  | 'stressed_1_day'
  | 'stressed_outside_window'
  | 'negated_only'
  | 'substring_only'
  | 'ai_reply_only';

export interface Persona {
  id: string;
  /** Position in the sample; with the seed it determines everything else. */
  index: number;
  timezone: string;
  /** `active`: rows in the last 7 days; `inactive_recent`: only 9–29 days ago; `inactive`: none. */
  activity: ActivityKind;
  /** What the user's own words and mood logs show; only active users are other than calm. */
  stress: StressKind;
  /** Some stress evidence is a mood log (stress_level ≥ 7 or mood_score ≤ 3), not a message. */
  stressByMood: boolean;
  /** User-local dates (YYYY-MM-DD) with real stress evidence, newest first. */
  stressDates: string[];
  /** Of the openai_processing consent; only `granted` is active. */
  consent: 'granted' | 'withdrawn' | 'denied' | 'none';
  /** Fresh: latest plan 1–27 days old; stale: 29–100 days. */
  plan: 'no_plan' | 'fresh_plan' | 'stale_plan';
  onboardingCompleted: boolean;
  /** One of the user's messages holds an email address or a phone number. */
  piiInMessages: boolean;
}

/** Activity rows for the persona's kind; decides its stress kind when it is active. */
export function addActivity(
  rng: Random,
  p: Persona,
  firstName: string,
  days: LocalDay[],
  asOf: number,
  tables: SampleTables,
): void {
  const add = rowWriter(rng, p.id, days, tables);
  // Local days 9–29, so even a date column read in any zone stays outside a 7-day window.
  const older = (n: number) => {
    for (let i = 0; i < n; i++) {
      const day = dayAt(days, rng.int(9, 29));
      const kind = rng.pick<Kind>(['coach', 'workout', 'meal', 'sleep', 'mood']);
      add(kind, kind === 'sleep' ? wakeWithin(rng, day) : within(rng, day, 0), day);
    }
  };
  if (p.activity === 'inactive') return;
  if (p.activity === 'inactive_recent') return older(rng.int(2, 6));

  p.stress = rng.weighted({
    calm: 58,
    stressed_3_days: 6,
    stressed_2_days: 9,
    stressed_1_day: 5,
    stressed_outside_window: 4,
    negated_only: 6,
    substring_only: 6,
    ai_reply_only: 6,
  });
  p.piiInMessages = rng.chance(0.04);

  // About ten rows in the last seven days; the first message within 48 hours, so the user is
  // active by any window a job might use.
  const recent = () => asOf - rng.int(5 * MINUTE, 7 * DAY - 2 * HOUR);
  const coachLogs = rng.int(1, 3);
  for (let i = 0; i < coachLogs; i++) {
    const at = i === 0 ? asOf - rng.int(5 * MINUTE, 48 * HOUR) : recent();
    const message = i === 0 && p.piiInMessages ? T.piiMessage(rng.pick, firstName, p.index) : undefined;
    add('coach', at, undefined, { message });
  }
  for (let i = rng.int(1, 3); i > 0; i--) add('workout', recent());
  for (let i = rng.int(1, 4); i > 0; i--) add('meal', recent());
  for (const k of rng.sample([1, 2, 3, 4, 5, 6], rng.int(1, 3))) {
    add('sleep', wakeWithin(rng, dayAt(days, k)), dayAt(days, k));
  }
  for (const k of rng.sample([0, 1, 2, 3, 4, 5, 6], rng.int(1, 2))) {
    add('mood', within(rng, dayAt(days, k), 8), dayAt(days, k));
  }
  older(rng.int(0, 3));
  addStressPattern(rng, p, days, add);
}

/** The rows that make (or only seem to make) a user-local day stressful. */
function addStressPattern(rng: Random, p: Persona, days: LocalDay[], add: RowWriter): void {
  const windowDays = (count: number): LocalDay[] => {
    if (count >= 3) return [0, 1, 2].map((k) => dayAt(days, k));
    // Right after local midnight today is only minutes long; days 1 and 2 are whole.
    const today = dayAt(days, 0);
    const pool = today.end - today.start < 2 * HOUR ? [1, 2] : [0, 1, 2];
    return rng.sample(pool, count).map((k) => dayAt(days, k));
  };
  let chosen: LocalDay[];
  switch (p.stress) {
    case 'calm':
      return;
    case 'stressed_3_days':
      chosen = windowDays(3);
      break;
    case 'stressed_2_days':
      chosen = windowDays(2);
      break;
    case 'stressed_1_day':
      chosen = windowDays(1);
      break;
    case 'stressed_outside_window':
      chosen = rng.sample([4, 5, 6], rng.int(2, 3)).map((k) => dayAt(days, k));
      break;
    default:
      chosen = windowDays(rng.int(2, 3));
  }
  chosen.sort((a, b) => b.start - a.start);
  for (const day of chosen) {
    const at = within(rng, day, 6);
    if (p.stress === 'negated_only') add('coach', at, day, { message: rng.pick(T.NEGATED_MESSAGES) });
    else if (p.stress === 'substring_only')
      add('coach', at, day, { message: rng.pick(T.SUBSTRING_MESSAGES) });
    else if (p.stress === 'ai_reply_only') add('coach', at, day, { reply: rng.pick(T.STRESSY_REPLIES) });
    else {
      const how = rng.weighted({ message: 60, mood: 25, both: 15 });
      if (how !== 'mood') add('coach', at, day, { message: rng.pick(T.STRESS_MESSAGES) });
      if (how !== 'message') {
        add('mood', within(rng, day, 6), day, { stressed: true });
        p.stressByMood = true;
      }
      p.stressDates.push(day.date);
    }
  }
}

/** Plan versions whose latest one is fresh or stale, with the profile it was made from. */
export function addPlans(
  rng: Random,
  p: Persona,
  profile: UserProfileRow,
  createdAt: number,
  asOf: number,
  tables: SampleTables,
): void {
  if (p.plan === 'no_plan') return;
  const versions = rng.int(1, 3);
  // At most 100 + 2 × 40 days old, and every user signed up at least 181 days before as-of.
  const age = p.plan === 'fresh_plan' ? rng.float(1, 27) : rng.float(29, 100);
  let at = asOf - Math.floor(age * DAY);
  const times: number[] = [];
  for (let v = versions; v >= 1; v--) {
    times[v] = Math.max(at, createdAt + HOUR);
    at -= Math.floor(rng.float(28, 40) * DAY);
  }
  const profileOfPlan = planProfileOf(profile);
  for (let v = 1; v <= versions; v++) {
    // What the app knows: 'ai' for most consenting users, 'fallback' (with its reason) otherwise.
    const method = p.consent === 'granted' ? rng.weighted({ ai: 80, fallback: 20 }) : 'fallback';
    const stamp = iso(times[v] ?? asOf);
    const wellness: WellnessContext = {
      workouts: rng.int(0, 6),
      workoutMinutes: rng.int(0, 6) * 40,
      avgSleepHours: round1(rng.float(5.5, 8.5)),
      avgMood: round1(rng.float(3, 9)),
      avgStress: round1(rng.float(1, 8)),
      stressfulDays: rng.int(0, 3),
      mealsLogged: rng.int(0, 20),
    };
    tables.plans.push({
      id: rng.uuid(),
      user_id: p.id,
      // The app's plan shape (training / nutrition / recovery / coaching), as the job writes it.
      plan_data: fallbackPlan({ profile: profileOfPlan, wellness }) as unknown as Record<string, unknown>,
      version: v,
      generation_method: method,
      fallback_reason:
        method === 'ai' ? null : p.consent === 'granted' ? rng.pick(T.FALLBACK_REASONS) : 'no_openai_consent',
      wellness_context: { ...wellness },
      // What the plan was made from, never the name or email.
      profile_snapshot: { ...profileOfPlan },
      is_valid: true,
      validation_errors: [],
      created_at: stamp,
      updated_at: stamp,
    });
  }
}

/** A random instant inside a local day, at least `fromHour` hours after its start when it is whole. */
function within(rng: Random, day: LocalDay, fromHour: number): number {
  const length = day.end - day.start;
  // Day 0 ends at as-of and may be short: anywhere in it. Whole days: between fromHour and 21:00.
  if (length < 22 * HOUR) return day.start + Math.floor(rng.next() * length);
  return day.start + rng.int(fromHour * HOUR, 21 * HOUR);
}

/** A wake-up time between 05:00 and 10:00 of a whole local day. */
function wakeWithin(rng: Random, day: LocalDay): number {
  return day.start + rng.int(5 * HOUR, 10 * HOUR);
}

function dayAt(days: LocalDay[], k: number): LocalDay {
  const day = days[k];
  if (!day) throw new Error(`Local day ${k} is outside the ${days.length} days generated.`);
  return day;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
