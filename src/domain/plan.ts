/**
 * The weekly plan: what it is made from (profile + last week's wellness context, in
 * planProfile.ts), its shape (planSchema.ts), the prompt asking OpenAI for it (planPrompt.ts),
 * the checks it must pass (here, with the safety rules of planSafety.ts), and the deterministic
 * fallback plan used when AI is not used or fails (planFallback.ts). Pure: no I/O.
 */
import { mealProblems } from './planFood.ts';
import {
  coachingToneOf,
  dailyTargetsOf,
  isStrained,
  usualDays,
  usualMinutes,
  type DailyTargets,
  type PlanInput,
} from './planProfile.ts';
import { workoutProblems } from './planSafety.ts';
import type { Plan } from './planSchema.ts';

export * from './planProfile.ts';
export * from './planSchema.ts';
export { buildPlanPrompt, PROMPT_LIMITS } from './planPrompt.ts';
export { fallbackPlan } from './planFallback.ts';

/**
 * Problems that make a plan unfit to save; empty when it is fine. Assumes the plan already
 * parsed with `planSchema`. The checks:
 * - at most the profile's days per week of workouts, on different days, and
 *   schedule.frequency giving that number;
 * - schedule.duration giving minutes within ±50% of the profile's session length (clamped to
 *   20–120);
 * - no exercise loads a listed injury, condition or contraindication; no high-intensity work in
 *   a conservative plan (pregnancy, surgery, conditions, contraindications); no gym-only
 *   exercise for a home user without gym equipment (planSafety);
 * - in a strained week (isStrained), fewer workouts than the days per week (when that is 2 or
 *   more) and sessions no longer than the profile's;
 * - daily_targets equal to the profile's targets (null where it sets none) and coaching.tone
 *   the profile's tone;
 * - no sample meal names a food the allergies, intolerances, diet pattern or faith diet rules
 *   rule out.
 */
export function validatePlan(plan: Plan, input: PlanInput): string[] {
  const { profile, wellness } = input;
  const { training } = plan;
  const problems: string[] = [];
  const days = usualDays(profile);
  const minutes = usualMinutes(profile);
  const count = training.workouts.length;

  if (days !== null && count > days) {
    problems.push(`training: ${count} workouts a week, expected at most ${days} (the user's days per week)`);
  }
  const seen = new Set<string>();
  for (const workout of training.workouts) {
    if (seen.has(workout.day)) problems.push(`training: ${workout.day} has more than one workout`);
    seen.add(workout.day);
  }
  const { frequency, duration } = training.schedule;
  const stated = daysIn(frequency);
  if (stated === null) {
    problems.push(
      `training: schedule.frequency ${JSON.stringify(frequency)} gives no number of days, expected e.g. "3 days per week"`,
    );
  } else if (stated !== count) {
    problems.push(
      `training: schedule.frequency says ${stated} days, expected ${count} (the workouts listed)`,
    );
  }
  const length = minutesIn(duration);
  if (length === null) {
    problems.push(
      `training: schedule.duration ${JSON.stringify(duration)} gives no minutes, expected e.g. "45 minutes"`,
    );
  } else if (minutes !== null && Math.abs(length - minutes) > minutes * 0.5) {
    problems.push(
      `training: sessions of ${length} minutes, expected ${Math.ceil(minutes * 0.5)}–${Math.floor(minutes * 1.5)} (within 50% of the user's ${minutes})`,
    );
  }
  problems.push(...workoutProblems(training.workouts, profile));
  if (isStrained(wellness)) {
    if (days !== null && days >= 2 && count >= days) {
      problems.push(`training: ${count} workouts in a strained week, expected fewer than the user's ${days}`);
    }
    if (minutes !== null && length !== null && length > minutes) {
      problems.push(
        `training: sessions of ${length} minutes in a strained week, expected at most the user's ${minutes}`,
      );
    }
  }

  const targets = dailyTargetsOf(profile);
  for (const key of Object.keys(targets) as (keyof DailyTargets)[]) {
    const got = plan.nutrition.daily_targets[key];
    if (got !== targets[key]) {
      const want =
        targets[key] === null
          ? 'null (the profile sets no target)'
          : `${targets[key]} (the profile's target)`;
      problems.push(`nutrition: daily_targets.${key} is ${got}, expected ${want}`);
    }
  }
  problems.push(...mealProblems(plan.nutrition.sample_meals, profile));

  const tone = coachingToneOf(profile);
  if (plan.coaching.tone !== tone) {
    problems.push(
      `coaching: tone ${JSON.stringify(plan.coaching.tone)}, expected "${tone}" (the user's coaching tone)`,
    );
  }
  return problems;
}

const WORD_NUMBERS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
};

/** The number of days a frequency such as "3 days per week" or "three times a week" gives. */
export function daysIn(frequency: string): number | null {
  const digits = frequency.match(/\d+/);
  if (digits) return Number(digits[0]);
  const word = frequency.toLowerCase().match(/\b(one|two|three|four|five|six|seven)\b/);
  return word ? (WORD_NUMBERS[word[1]!] ?? null) : null;
}

/**
 * The minutes a duration such as "45 minutes", "40–50 min" (the longer end) or "1 hour" gives.
 */
export function minutesIn(duration: string): number | null {
  const m = duration.match(
    /(\d+(?:\.\d+)?)(?:\s*(?:-|–|to)\s*(\d+(?:\.\d+)?))?\s*(minutes?|mins?|hours?|hrs?|h\b)?/i,
  );
  if (!m) return null;
  const n = Number(m[2] ?? m[1]);
  const hours = m[3] ? /^h/i.test(m[3]) : /hour|hr/i.test(duration) && !/min/i.test(duration);
  return Math.round(hours ? n * 60 : n);
}
