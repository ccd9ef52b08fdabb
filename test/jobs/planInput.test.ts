import { describe, expect, it } from 'vitest';
import { buildPlanPrompt } from '../../src/domain/plan.ts';
import { macroTargetsOf } from '../../src/domain/planProfile.ts';
import { recordedMethod, toPlanInput } from '../../src/jobs/planRefresh.ts';

type Row = Parameters<typeof toPlanInput>[0];

// As node-postgres returns it: numerics as strings, jsonb parsed, and columns the job never
// selects (a name, an email) to show they go nowhere.
const row = {
  user_id: '0d8a6c52-7c44-4f0e-9d0e-3f4f1c7b9a11',
  has_consent: true,
  latest_version: 2,
  full_name: 'Oriane Duval',
  email: 'oriane@example.test',
  primary_goal: 'run a half marathon',
  experience_level: 'intermediate',
  days_per_week: 4,
  session_minutes: 50,
  equipment_access: ['dumbbells', ''],
  workout_location: 'hybrid',
  injuries: ['left knee'],
  conditions: null,
  contraindications: ['no heavy lifting'],
  is_pregnant_or_breastfeeding: true,
  is_recovering_from_surgery: null,
  allergies: ['peanuts'],
  intolerances: null,
  diet_pattern: 'vegetarian',
  faith_diet_rules: ['halal'],
  daily_kcal_target: '2100',
  macro_targets: { protein_g: 130, carbs_g: '240', fat_g: null },
  coaching_tone: 'gentle',
  coaching_persona: 'mentor',
  workouts: '3',
  workout_minutes: '140',
  avg_sleep_hours: '6.8',
  avg_mood: null,
  avg_stress: 4,
  stressful_days: 1,
  meals_logged: '12',
} as Row;

describe('toPlanInput', () => {
  it('maps every profile column, with lists never null and figures as numbers', () => {
    expect(toPlanInput(row)).toEqual({
      profile: {
        primaryGoal: 'run a half marathon',
        experienceLevel: 'intermediate',
        daysPerWeek: 4,
        sessionMinutes: 50,
        equipment: ['dumbbells'],
        workoutLocation: 'hybrid',
        injuries: ['left knee'],
        conditions: [],
        contraindications: ['no heavy lifting'],
        isPregnantOrBreastfeeding: true,
        isRecoveringFromSurgery: false,
        allergies: ['peanuts'],
        intolerances: [],
        dietPattern: 'vegetarian',
        faithDietRules: ['halal'],
        dailyKcalTarget: 2100,
        macroTargets: { proteinG: 130, carbsG: 240, fatG: null },
        coachingTone: 'gentle',
        coachingPersona: 'mentor',
      },
      wellness: {
        workouts: 3,
        workoutMinutes: 140,
        avgSleepHours: 6.8,
        avgMood: null,
        avgStress: 4,
        stressfulDays: 1,
        mealsLogged: 12,
      },
    });
  });

  it('keeps the name, email and id out of the profile snapshot and the prompt', () => {
    const planInput = toPlanInput(row);
    const { system, user } = buildPlanPrompt(planInput);
    for (const text of [JSON.stringify(planInput), system, user]) {
      expect(text).not.toMatch(/Oriane|oriane@example|@|0d8a6c52/);
    }
  });

  it('reads a profile with every column null', () => {
    const empty = Object.fromEntries(Object.keys(row).map((k) => [k, null])) as unknown as Row;
    const { profile } = toPlanInput({
      ...empty,
      workouts: 0,
      workout_minutes: 0,
      stressful_days: 0,
      meals_logged: 0,
    });
    expect(profile).toMatchObject({
      daysPerWeek: null,
      equipment: [],
      allergies: [],
      faithDietRules: [],
      isPregnantOrBreastfeeding: false,
      dailyKcalTarget: null,
      macroTargets: null,
    });
  });
});

describe('macroTargetsOf', () => {
  it.each([
    [
      'grams with _g keys',
      { protein_g: 140, carbs_g: 200, fat_g: 60 },
      { proteinG: 140, carbsG: 200, fatG: 60 },
    ],
    ['grams without _g', { protein: '140', carbs: 200 }, { proteinG: 140, carbsG: 200, fatG: null }],
    ['jsonb sent as text', '{"protein_g": 90}', { proteinG: 90, carbsG: null, fatG: null }],
    ['no targets', {}, null],
    ['zero or text values', { protein_g: 0, carbs_g: 'lots' }, null],
    ['text that is not JSON', 'high protein', null],
    ['an array', [140, 200, 60], null],
    ['null', null, null],
  ])('reads %s', (_name, value, expected) => {
    expect(macroTargetsOf(value)).toEqual(expected);
  });
});

describe('recordedMethod', () => {
  it.each([
    ['an OpenAI plan', 'ai', undefined, true, { method: 'ai', reason: null }],
    [
      'a user without OpenAI consent',
      'template',
      undefined,
      false,
      { method: 'fallback', reason: 'no_openai_consent' },
    ],
    [
      'a consenting user in an offline run',
      'template',
      undefined,
      true,
      { method: 'fallback', reason: 'offline_writer' },
    ],
    ['a failed AI call', 'fallback', 'timeout', true, { method: 'fallback', reason: 'timeout' }],
    ['an invalid AI plan', 'fallback', 'invalid', true, { method: 'fallback', reason: 'invalid' }],
  ] as const)('records %s in the app’s terms', (_name, method, reason, consent, expected) => {
    expect(recordedMethod(method, reason, consent)).toEqual(expected);
  });
});
