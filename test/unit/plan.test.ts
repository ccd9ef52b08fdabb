import { describe, expect, it } from 'vitest';
import {
  buildPlanPrompt,
  fallbackPlan,
  isStrained,
  planJsonSchema,
  planSchema,
  validatePlan,
  type Plan,
  type PlanInput,
  type PlanProfile,
  type WellnessContext,
} from '../../src/domain/plan.ts';

const profile: PlanProfile = {
  primaryGoal: 'build strength',
  experienceLevel: 'intermediate',
  daysPerWeek: 4,
  sessionMinutes: 60,
  equipment: ['full gym'],
  injuries: [],
  coachingTone: 'direct',
};

const calmWeek: WellnessContext = {
  workouts: 4,
  workoutMinutes: 230,
  avgSleepHours: 7.4,
  avgMood: 7,
  avgStress: 4,
  stressfulDays: 0,
  mealsLogged: 18,
};

const strainedWeek: WellnessContext = { ...calmWeek, avgSleepHours: 5.5, stressfulDays: 3, avgStress: 8 };

const aiPlan: Plan = {
  training: {
    sessionsPerWeek: 3,
    sessionMinutes: 55,
    sessions: [
      { day: 'Monday', focus: 'Lower', exercises: ['Romanian deadlift', 'Leg press'] },
      { day: 'Wednesday', focus: 'Upper', exercises: ['Bench press', 'Lat pulldown'] },
      { day: 'Friday', focus: 'Full', exercises: ['Farmer carry', 'Dead bug'] },
    ],
  },
  nutrition: { dailyCaloriesGuidance: 'Eat to maintenance.', principles: ['Protein at every meal.'] },
  recovery: { sleepTargetHours: 8, practices: ['One rest day.'] },
  coaching: { tone: 'direct', message: 'Three solid sessions this week.' },
};

const input = (p: Partial<PlanProfile> = {}, w: WellnessContext = calmWeek): PlanInput => ({
  profile: { ...profile, ...p },
  wellness: w,
});

describe('validatePlan', () => {
  it('accepts a plan that fits the profile', () => {
    expect(validatePlan(aiPlan, input())).toEqual([]);
  });

  it('flags more sessions than the user has days', () => {
    expect(validatePlan(aiPlan, input({ daysPerWeek: 2 }))).toContain(
      "training: 3 sessions a week, expected at most 2 (the user's days per week)",
    );
  });

  it('flags a session count that does not match the sessions listed', () => {
    const plan = structuredClone(aiPlan);
    plan.training.sessionsPerWeek = 2;
    expect(validatePlan(plan, input())).toContain(
      'training: 3 sessions listed, expected 2 (sessionsPerWeek)',
    );
  });

  it('flags two sessions on one day', () => {
    const plan = structuredClone(aiPlan);
    plan.training.sessions[1]!.day = 'Monday';
    expect(validatePlan(plan, input())).toContain('training: Monday has more than one session');
  });

  it('flags session minutes more than 50% away from the profile', () => {
    expect(validatePlan(aiPlan, input({ sessionMinutes: 30 }))).toEqual([
      "training: sessions of 55 minutes, expected 15–45 (within 50% of the user's 30)",
    ]);
  });

  it('flags an exercise that loads a listed injury', () => {
    const plan = structuredClone(aiPlan);
    plan.training.sessions[0]!.exercises.push('Barbell back squat');
    expect(validatePlan(plan, input({ injuries: ['Left knee (ACL, 2023)'] }))).toEqual([
      'training: "Barbell back squat" loads the injured knee',
    ]);
  });

  it('asks a strained week for fewer and no longer sessions', () => {
    const plan = structuredClone(aiPlan);
    plan.training.sessionsPerWeek = 4;
    plan.training.sessionMinutes = 70;
    plan.training.sessions.push({ day: 'Saturday', focus: 'Easy', exercises: ['Easy walk'] });
    expect(validatePlan(plan, input({}, strainedWeek))).toEqual([
      "training: 4 sessions in a strained week, expected fewer than the user's 4",
      "training: sessions of 70 minutes in a strained week, expected at most the user's 60",
    ]);
  });
});

describe('fallbackPlan', () => {
  const cases: [string, PlanInput][] = [
    ['a gym user in a calm week', input()],
    ['a strained week', input({}, strainedWeek)],
    [
      'a bodyweight beginner with a bad knee and wrist',
      input({
        equipment: [],
        experienceLevel: 'beginner',
        injuries: ['knee pain', 'sore wrist'],
        primaryGoal: 'lose weight',
      }),
    ],
    [
      'a profile with nothing filled in',
      input({
        primaryGoal: null,
        experienceLevel: null,
        daysPerWeek: null,
        sessionMinutes: null,
        equipment: [],
        coachingTone: null,
      }),
    ],
    [
      'one training day and short sessions, strained',
      input({ daysPerWeek: 1, sessionMinutes: 10 }, strainedWeek),
    ],
    [
      'seven days with dumbbells and a bad shoulder',
      input({ daysPerWeek: 7, equipment: ['dumbbells'], injuries: ['rotator cuff'] }),
    ],
  ];

  it.each(cases)('passes the schema and its own checks for %s', (_name, planInput) => {
    const plan = fallbackPlan(planInput);
    expect(planSchema.parse(plan)).toEqual(plan);
    expect(validatePlan(plan, planInput)).toEqual([]);
  });

  it('keeps to the days per week and the session length in a calm week', () => {
    const plan = fallbackPlan(input());
    expect(plan.training.sessionsPerWeek).toBe(4);
    expect(plan.training.sessionMinutes).toBe(60);
    expect(plan.coaching.tone).toBe('direct');
  });

  it('eases off in a strained week: one session fewer, shorter sessions, more sleep', () => {
    const plan = fallbackPlan(input({}, strainedWeek));
    expect(plan.training.sessionsPerWeek).toBe(3);
    expect(plan.training.sessionMinutes).toBe(45);
    expect(plan.recovery.sleepTargetHours).toBeGreaterThan(fallbackPlan(input()).recovery.sleepTargetHours);
    expect(plan.training.sessions.every((s) => s.focus.endsWith('(easy effort)'))).toBe(true);
  });

  it('eases off when sleep alone was short', () => {
    expect(isStrained({ ...calmWeek, avgSleepHours: 5.9 })).toBe(true);
    expect(isStrained({ ...calmWeek, stressfulDays: 1 })).toBe(false);
  });

  it('uses bodyweight exercises when no equipment is listed', () => {
    const plan = fallbackPlan(input({ equipment: [] }));
    const all = plan.training.sessions.flatMap((s) => s.exercises).join(' ');
    expect(all).not.toMatch(/barbell|machine|dumbbell|cable|press\b/i);
  });

  it('is the same for the same input', () => {
    expect(fallbackPlan(input({}, strainedWeek))).toEqual(fallbackPlan(input({}, strainedWeek)));
  });
});

describe('buildPlanPrompt', () => {
  it('gives the profile and the week, and says when to ease off', () => {
    const { system, user } = buildPlanPrompt(input({ injuries: ['knee pain'] }, strainedWeek));
    expect(system).toMatch(/training, nutrition, recovery and coaching/);
    expect(system).toMatch(/ease off/);
    expect(user).toContain('- Days per week: 4');
    expect(user).toContain('- Injuries: knee pain');
    expect(user).toContain('- Stressful days: 3');
    expect(user).toContain('Strained week: yes');
  });
});

describe('planJsonSchema', () => {
  it('is strict: every object requires all its properties and allows no others', () => {
    const objects: Record<string, unknown>[] = [];
    const walk = (node: unknown): void => {
      if (node === null || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (n.type === 'object') objects.push(n);
      Object.values(n).forEach(walk);
    };
    walk(planJsonSchema);
    expect(objects.length).toBeGreaterThanOrEqual(6);
    for (const o of objects) {
      expect(o.additionalProperties).toBe(false);
      expect([...(o.required as string[])].sort()).toEqual(Object.keys(o.properties as object).sort());
    }
    expect(planJsonSchema).not.toHaveProperty('$schema');
  });
});
