import { describe, expect, it } from 'vitest';
import { fallbackPlan, isStrained, planSchema, validatePlan, type PlanInput } from '../../src/domain/plan.ts';
import { calmWeek, input, strainedWeek } from './planFixtures.ts';

describe('fallbackPlan', () => {
  const cases: [string, PlanInput][] = [
    ['a gym user in a calm week', input()],
    ['a strained week', input({}, strainedWeek)],
    [
      'a bodyweight beginner at home with a bad knee and wrist',
      input({
        equipment: [],
        workoutLocation: 'home',
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
        workoutLocation: null,
        coachingTone: null,
        coachingPersona: null,
      }),
    ],
    [
      'one training day and short sessions, strained',
      input({ daysPerWeek: 1, sessionMinutes: 10 }, strainedWeek),
    ],
    [
      'seven days of hybrid training with dumbbells and a bad shoulder',
      input({
        daysPerWeek: 7,
        workoutLocation: 'hybrid',
        equipment: ['dumbbells'],
        injuries: ['rotator cuff'],
      }),
    ],
    [
      'every safety and food field at once',
      input(
        {
          workoutLocation: 'home',
          equipment: [],
          injuries: ['lower back'],
          conditions: ['asthma'],
          contraindications: ['no overhead work'],
          isPregnantOrBreastfeeding: true,
          isRecoveringFromSurgery: true,
          allergies: ['peanuts', 'sesame', 'kiwi'],
          intolerances: ['lactose', 'gluten'],
          dietPattern: 'vegan',
          faithDietRules: ['halal', 'kosher', 'jain'],
          dailyKcalTarget: 2100,
          macroTargets: { proteinG: 120, carbsG: null, fatG: 70 },
          coachingTone: 'brief',
        },
        strainedWeek,
      ),
    ],
  ];

  it.each(cases)('passes the schema and its own checks for %s', (_name, planInput) => {
    const plan = fallbackPlan(planInput);
    expect(planSchema.parse(plan)).toEqual(plan);
    expect(validatePlan(plan, planInput)).toEqual([]);
  });

  it('keeps to the days per week, the session length and the tone in a calm week', () => {
    const plan = fallbackPlan(input());
    expect(plan.training.workouts).toHaveLength(4);
    expect(plan.training.schedule).toEqual({
      frequency: '4 days per week',
      duration: '60 minutes',
      location: 'Gym',
    });
    expect(plan.coaching.tone).toBe('direct');
  });

  it('eases off in a strained week: one workout fewer, shorter sessions, more sleep', () => {
    const plan = fallbackPlan(input({}, strainedWeek));
    expect(plan.training.workouts).toHaveLength(3);
    expect(plan.training.schedule.duration).toBe('45 minutes');
    expect(plan.recovery.sleep.target_hours).toBeGreaterThan(
      fallbackPlan(input()).recovery.sleep.target_hours,
    );
    expect(plan.training.workouts.every((w) => w.type.endsWith('(easy effort)'))).toBe(true);
  });

  it('eases off when sleep alone was short', () => {
    expect(isStrained({ ...calmWeek, avgSleepHours: 5.9 })).toBe(true);
    expect(isStrained({ ...calmWeek, stressfulDays: 1 })).toBe(false);
  });

  it('is the same for the same input', () => {
    expect(fallbackPlan(input({}, strainedWeek))).toEqual(fallbackPlan(input({}, strainedWeek)));
  });
});
