/**
 * The plan's shape: exactly what the STRUKT app reads from `plans.plan_data`, and the strict
 * JSON schema OpenAI's structured output is held to. Pure: no I/O.
 */
import { z } from 'zod';
import { COACHING_TONES } from './planProfile.ts';

export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The name OpenAI's structured output is registered under. */
export const PLAN_SCHEMA_NAME = 'weekly_plan';

// Only what OpenAI's strict mode supports appears here: every property required, nullable as a
// union with null, numeric bounds, array sizes and enums. The rest (counts, minutes, safety,
// targets) is checked by validatePlan. Keys are snake_case because the app reads them so.
export const planSchema = z.object({
  training: z.object({
    overview: z.string(),
    schedule: z.object({
      /** e.g. "3 days per week": the number must match the workouts listed. */
      frequency: z.string(),
      /** e.g. "45 minutes". */
      duration: z.string(),
      location: z.string(),
    }),
    workouts: z
      .array(
        z.object({
          day: z.enum(WEEKDAYS),
          type: z.string(),
          exercises: z.array(z.string()).min(1).max(8),
        }),
      )
      .min(1)
      .max(7),
  }),
  nutrition: z.object({
    overview: z.string(),
    daily_targets: z.object({
      calories: z.number().nullable(),
      protein_g: z.number().nullable(),
      carbs_g: z.number().nullable(),
      fat_g: z.number().nullable(),
    }),
    guidelines: z.array(z.string()).min(1).max(6),
    sample_meals: z.object({
      breakfast: z.string(),
      lunch: z.string(),
      dinner: z.string(),
      snacks: z.string(),
    }),
  }),
  recovery: z.object({
    overview: z.string(),
    sleep: z.object({
      target_hours: z.number().min(7).max(10),
      bedtime_routine: z.string(),
    }),
    active_recovery: z.array(z.string()).min(1).max(6),
    stress_management: z.array(z.string()).min(1).max(6),
  }),
  coaching: z.object({
    overview: z.string(),
    tone: z.enum(COACHING_TONES),
    weekly_check_ins: z.string(),
    key_focus_areas: z.array(z.string()).min(1).max(5),
    motivation: z.string(),
  }),
});

export type Plan = z.infer<typeof planSchema>;
export type Workout = Plan['training']['workouts'][number];
export type SampleMeals = Plan['nutrition']['sample_meals'];

// `$schema` is dropped because strict mode accepts only a subset of JSON Schema keywords.
const { $schema: _planDialect, ...planJson } = z.toJSONSchema(planSchema);
/** The strict JSON schema sent as `response_format` (every field required, no extra fields). */
export const planJsonSchema: Record<string, unknown> = planJson;
