/**
 * What a weekly plan is made from: the profile fields it depends on and the last week's
 * wellness context, with the few readings of them every part of the plan shares (usual days and
 * minutes, daily targets, coaching tone, strained week). Pure: no I/O.
 *
 * Glossary:
 * - usual days / minutes: the profile's days per week and session length, clamped to what a
 *   plan may hold (1–7 days, 20–120 minutes); null when the profile does not say.
 * - daily targets: calories and macros the user set in the app; a plan copies them and never
 *   invents them.
 * - strained week: two or more stressful days or under 6 hours of sleep on average.
 */
import { toneOf, type CoachingTone } from './voice.ts';

/** Grams per day the user set in the app; a macro without a target is null. */
export interface MacroTargets {
  proteinG: number | null;
  carbsG: number | null;
  fatG: number | null;
}

/**
 * The profile fields a plan depends on. Never holds a name, email or id: it is what is sent to
 * OpenAI and stored as the plan's profile_snapshot. Lists are empty, never null.
 */
export interface PlanProfile {
  primaryGoal: string | null;
  experienceLevel: string | null;
  daysPerWeek: number | null;
  sessionMinutes: number | null;
  equipment: string[];
  /** 'home', 'gym' or 'hybrid' in the app; other text is kept but read as not given. */
  workoutLocation: string | null;
  injuries: string[];
  conditions: string[];
  contraindications: string[];
  isPregnantOrBreastfeeding: boolean;
  isRecoveringFromSurgery: boolean;
  allergies: string[];
  intolerances: string[];
  /** e.g. 'vegetarian', 'vegan', 'pescatarian'. */
  dietPattern: string | null;
  /** e.g. 'halal', 'kosher'. */
  faithDietRules: string[];
  dailyKcalTarget: number | null;
  macroTargets: MacroTargets | null;
  /** 'gentle', 'direct', 'cheerleader' or 'brief' in the app. */
  coachingTone: string | null;
  coachingPersona: string | null;
}

/** The user's last days in figures: the plan refresh's window (windowDays in jobs.ts). */
export interface WellnessContext {
  workouts: number;
  workoutMinutes: number;
  avgSleepHours: number | null;
  /** 1–10. */
  avgMood: number | null;
  /** 1–10. */
  avgStress: number | null;
  /** Days counted stressful by the stress-pattern rule (DESIGN §5). */
  stressfulDays: number;
  mealsLogged: number;
}

export interface PlanInput {
  profile: PlanProfile;
  wellness: WellnessContext;
}

/** Bounds a plan's session length must keep; a profile outside them is clamped into them. */
export const SESSION_MINUTES = { min: 20, max: 120 } as const;

export { COACHING_TONES, type CoachingTone } from './voice.ts';

/** The workout locations the STRUKT app knows. */
export type WorkoutLocation = 'home' | 'gym' | 'hybrid';

/** nutrition.daily_targets: the profile's own targets, null where it sets none. */
export interface DailyTargets {
  calories: number | null;
  protein_g: number | null;
  carbs_g: number | null;
  fat_g: number | null;
}

/**
 * A week is "strained" when it had two or more stressful days or under 6 hours of sleep on
 * average; the plan must then ease off.
 */
export function isStrained(wellness: WellnessContext): boolean {
  return wellness.stressfulDays >= 2 || (wellness.avgSleepHours !== null && wellness.avgSleepHours < 6);
}

export function usualDays(profile: PlanProfile): number | null {
  return profile.daysPerWeek === null ? null : clamp(Math.round(profile.daysPerWeek), 1, 7);
}

export function usualMinutes(profile: PlanProfile): number | null {
  return profile.sessionMinutes === null
    ? null
    : clamp(Math.round(profile.sessionMinutes), SESSION_MINUTES.min, SESSION_MINUTES.max);
}

/** The daily targets a plan must carry: copied from the profile, null where it sets none. */
export function dailyTargetsOf(profile: PlanProfile): DailyTargets {
  return {
    calories: profile.dailyKcalTarget,
    protein_g: profile.macroTargets?.proteinG ?? null,
    carbs_g: profile.macroTargets?.carbsG ?? null,
    fat_g: profile.macroTargets?.fatG ?? null,
  };
}

/**
 * The tone the plan's coaching uses: the profile's when the app knows it, else the nearest of
 * the app's tones for a few older spellings, else 'gentle'.
 */
export function coachingToneOf(profile: PlanProfile): CoachingTone {
  return toneOf(profile.coachingTone);
}

/** The profile's workout location when it is one the app knows. */
export function workoutLocationOf(profile: PlanProfile): WorkoutLocation | null {
  const location = (profile.workoutLocation ?? '').trim().toLowerCase();
  return location === 'home' || location === 'gym' || location === 'hybrid' ? location : null;
}

export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/**
 * The profile columns of STRUKT's user_profiles a plan reads, as the database returns them: any
 * may be null, and numerics may arrive as strings.
 */
export interface ProfileColumns {
  primary_goal: string | null;
  experience_level: string | null;
  days_per_week: number | string | null;
  session_minutes: number | string | null;
  equipment_access: string[] | null;
  workout_location: string | null;
  injuries: string[] | null;
  conditions: string[] | null;
  contraindications: string[] | null;
  is_pregnant_or_breastfeeding: boolean | null;
  is_recovering_from_surgery: boolean | null;
  allergies: string[] | null;
  intolerances: string[] | null;
  diet_pattern: string | null;
  faith_diet_rules: string[] | null;
  daily_kcal_target: number | string | null;
  /** jsonb like {"protein_g": 140, "carbs_g": 250, "fat_g": 70}. */
  macro_targets: unknown;
  coaching_tone: string | null;
  coaching_persona: string | null;
}

/** The plan's view of a profile row: lists never null, numbers parsed, no name, email or id. */
export function planProfileOf(row: ProfileColumns): PlanProfile {
  return {
    primaryGoal: row.primary_goal,
    experienceLevel: row.experience_level,
    daysPerWeek: numberOrNull(row.days_per_week),
    sessionMinutes: numberOrNull(row.session_minutes),
    equipment: texts(row.equipment_access),
    workoutLocation: row.workout_location,
    injuries: texts(row.injuries),
    conditions: texts(row.conditions),
    contraindications: texts(row.contraindications),
    isPregnantOrBreastfeeding: row.is_pregnant_or_breastfeeding === true,
    isRecoveringFromSurgery: row.is_recovering_from_surgery === true,
    allergies: texts(row.allergies),
    intolerances: texts(row.intolerances),
    dietPattern: row.diet_pattern,
    faithDietRules: texts(row.faith_diet_rules),
    dailyKcalTarget: positiveOrNull(row.daily_kcal_target),
    macroTargets: macroTargetsOf(row.macro_targets),
    coachingTone: row.coaching_tone,
    coachingPersona: row.coaching_persona,
  };
}

/**
 * The profile's macro_targets jsonb as grams per day; null when it sets none. Reads
 * protein_g/carbs_g/fat_g (or protein/carbs/fat); a value that is not a positive number is not a
 * target.
 */
export function macroTargetsOf(value: unknown): MacroTargets | null {
  let json = value;
  if (typeof json === 'string') {
    try {
      json = JSON.parse(json);
    } catch {
      // Not JSON: no targets, as if the column were null.
      return null;
    }
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const targets: MacroTargets = {
    proteinG: positiveOrNull(o.protein_g ?? o.protein),
    carbsG: positiveOrNull(o.carbs_g ?? o.carbs),
    fatG: positiveOrNull(o.fat_g ?? o.fat),
  };
  return Object.values(targets).every((v) => v === null) ? null : targets;
}

function texts(list: string[] | null): string[] {
  return (list ?? []).filter((item): item is string => typeof item === 'string' && item.trim() !== '');
}

/** A finite number, or null for null, empty or non-numeric values. */
export function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function positiveOrNull(value: unknown): number | null {
  const n = numberOrNull(value);
  return n !== null && n > 0 ? n : null;
}
