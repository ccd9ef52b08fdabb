/**
 * One activity row per call, in STRUKT's production columns: the writer the persona logic in
 * userRows.ts calls with a kind, a moment and (for day-bound kinds) the user-local day.
 */
import { localDayOf, type LocalDay } from './localDays.ts';
import type { Random } from './random.ts';
import {
  HOUR,
  iso,
  MINUTE,
  type AiCoachLogRow,
  type Macros,
  type MealRow,
  type SampleTables,
  type SleepLogRow,
  type WorkoutRow,
} from './rows.ts';
import * as T from './texts.ts';

export type Kind = 'coach' | 'workout' | 'meal' | 'sleep' | 'mood';

export interface RowExtra {
  /** The user's message instead of a calm one. */
  message?: string | undefined;
  /** The coach's reply instead of a calm one. */
  reply?: string;
  /** A mood log that counts as stress evidence. */
  stressed?: boolean;
}

/**
 * Adds one row of `kind` at the instant `at`. Sleep takes `at` as the wake time and mood needs
 * `day`, the user-local day it is logged for; the others find their local date from `days`.
 */
export type RowWriter = (kind: Kind, at: number, day?: LocalDay, extra?: RowExtra) => void;

export function rowWriter(
  rng: Random,
  userId: string,
  days: readonly LocalDay[],
  tables: SampleTables,
): RowWriter {
  return (kind, at, day, extra = {}) => {
    const id = rng.uuid();
    switch (kind) {
      case 'coach':
        tables.ai_coach_logs.push(coachRow(rng, id, userId, at, extra));
        return;
      case 'workout':
        tables.workouts.push(workoutRow(rng, id, userId, at, localDayOf(days, at)));
        return;
      case 'meal':
        tables.meals.push(mealRow(rng, id, userId, at, localDayOf(days, at)));
        return;
      case 'sleep':
        tables.sleep_logs.push(sleepRow(rng, id, userId, at));
        return;
      case 'mood': {
        if (!day) throw new Error('A mood row needs its user-local day.');
        // Calm logs stay at stress ≤ 6 and mood ≥ 4 — the edge values included on purpose.
        const byStress = rng.chance(0.6);
        tables.mood_logs.push({
          id,
          user_id: userId,
          mood_score: extra.stressed ? (byStress ? rng.int(2, 6) : rng.int(1, 3)) : rng.int(4, 9),
          stress_level: extra.stressed ? (byStress ? rng.int(7, 10) : rng.int(3, 8)) : rng.int(1, 6),
          notes: rng.chance(0.3) ? rng.pick(T.MOOD_NOTES) : null,
          date: day.date,
          created_at: iso(at),
        });
        return;
      }
    }
  };
}

function coachRow(rng: Random, id: string, userId: string, at: number, extra: RowExtra): AiCoachLogRow {
  // Only ordinary messages fail; evidence and look-alikes must reach the table intact.
  const failed = extra.message === undefined && extra.reply === undefined && rng.chance(0.03);
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    session_id: `sess-${id.slice(0, 8)}`,
    user_message: extra.message ?? rng.pick(T.CALM_MESSAGES),
    ai_response: failed ? rng.pick(T.FAILED_REPLIES) : (extra.reply ?? rng.pick(T.CALM_REPLIES)),
    success: !failed,
    token_usage: failed ? null : rng.int(150, 900),
    // The app writes an empty list or nothing when a reply has no issues.
    issues: failed ? ['openai_timeout'] : rng.chance(0.7) ? [] : null,
    timestamp: stamp,
    created_at: stamp,
  };
}

/** Speed in km per minute, from and to, of the workout types with a distance. */
const SPEEDS: Record<string, [number, number]> = {
  running: [0.13, 0.2],
  cycling: [0.3, 0.5],
  walking: [0.07, 0.1],
  swimming: [0.03, 0.05],
};

function workoutRow(rng: Random, id: string, userId: string, at: number, day: LocalDay): WorkoutRow {
  // Logged before the app had workout_date and the other detail columns: only `date` says when.
  const legacy = rng.chance(0.08);
  const type = rng.pick(T.WORKOUT_TYPES);
  const minutes = rng.int(15, 90);
  const speed = SPEEDS[type];
  const names = T.EXERCISES[type];
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    type,
    workout_type: legacy ? null : type,
    duration_minutes: minutes,
    calories: round1(minutes * rng.float(4, 11)),
    perceived_exertion: legacy ? null : rng.int(2, 10),
    exercises:
      legacy || !names
        ? []
        : rng.sample(names, rng.int(2, 4)).map((name) => ({
            name,
            sets: rng.int(2, 5),
            reps: rng.pick([5, 8, 10, 12, 15]),
          })),
    distance_km: legacy || !speed ? null : Math.round(minutes * rng.float(...speed) * 100) / 100,
    workout_date: legacy ? null : stamp,
    date: day.date,
    created_at: stamp,
  };
}

function mealRow(rng: Random, id: string, userId: string, at: number, day: LocalDay): MealRow {
  const type = mealTypeAt((at - day.start) / HOUR);
  const [low, high] = T.MEAL_CALORIES[type];
  const calories = round1(rng.float(low, high));
  const source = rng.weighted({ manual: 65, voice: 25, photo: 10 });
  const stamp = iso(at);
  return {
    id,
    user_id: userId,
    meal_type: type,
    description: rng.pick(T.MEALS[type]),
    calories,
    macros: macrosFor(rng, calories),
    source,
    // Only voice and photo logs are estimated.
    confidence: source === 'manual' ? null : rng.weighted({ high: 60, medium: 30, low: 10 }),
    timestamp: stamp,
    date: day.date,
    created_at: stamp,
  };
}

/** The meal a user logs at a local hour (off by one on a DST day, which is fine for a label). */
function mealTypeAt(hour: number): MealRow['meal_type'] {
  if (hour >= 5 && hour < 10.5) return 'breakfast';
  if (hour >= 11.5 && hour < 14.5) return 'lunch';
  if (hour >= 17.5 && hour < 21.5) return 'dinner';
  return 'snack';
}

/** Protein, fat and carbohydrate grams that add up to about `kcal` (4, 9 and 4 kcal per gram). */
export function macrosFor(rng: Random, kcal: number): Macros {
  const protein_g = Math.round((kcal * rng.float(0.15, 0.35)) / 4);
  const fat_g = Math.round((kcal * rng.float(0.2, 0.4)) / 9);
  const carbs_g = Math.max(0, Math.round((kcal - protein_g * 4 - fat_g * 9) / 4));
  return { protein_g, carbs_g, fat_g };
}

function sleepRow(rng: Random, id: string, userId: string, wake: number): SleepLogRow {
  const minutes = rng.int(300, 570);
  const quality =
    minutes < 360
      ? rng.weighted({ poor: 70, ok: 30 })
      : minutes < 450
        ? rng.weighted({ poor: 15, ok: 65, great: 20 })
        : rng.weighted({ ok: 40, great: 60 });
  // Logged within the hour after waking; a few logs hold only the duration.
  const created = wake + rng.int(1, 60) * MINUTE;
  const timed = rng.chance(0.95);
  return {
    id,
    user_id: userId,
    duration_minutes: minutes,
    quality,
    bedtime: timed ? iso(wake - minutes * MINUTE) : null,
    wake_time: timed ? iso(wake) : null,
    created_at: iso(created),
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
