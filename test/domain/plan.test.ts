import { describe, expect, it } from 'vitest';
import { daysIn, fallbackPlan, minutesIn, validatePlan, type PlanProfile } from '../../src/domain/plan.ts';
import { aiPlan, input, planWith, strainedWeek } from './planFixtures.ts';

describe('validatePlan', () => {
  it('accepts a plan that fits the profile', () => {
    expect(validatePlan(aiPlan, input())).toEqual([]);
  });

  it('flags more workouts than the user has days', () => {
    expect(validatePlan(aiPlan, input({ daysPerWeek: 2 }))).toContain(
      "training: 3 workouts a week, expected at most 2 (the user's days per week)",
    );
  });

  it('flags a frequency that does not count the workouts listed', () => {
    const plan = planWith((p) => (p.training.schedule.frequency = '2 days per week'));
    expect(validatePlan(plan, input())).toEqual([
      'training: schedule.frequency says 2 days, expected 3 (the workouts listed)',
    ]);
  });

  it('flags a frequency or duration without a number', () => {
    const plan = planWith((p) => {
      p.training.schedule.frequency = 'most days';
      p.training.schedule.duration = 'as long as it feels good';
    });
    expect(validatePlan(plan, input())).toEqual([
      'training: schedule.frequency "most days" gives no number of days, expected e.g. "3 days per week"',
      'training: schedule.duration "as long as it feels good" gives no minutes, expected e.g. "45 minutes"',
    ]);
  });

  it('flags two workouts on one day', () => {
    const plan = planWith((p) => (p.training.workouts[1]!.day = 'Monday'));
    expect(validatePlan(plan, input())).toContain('training: Monday has more than one workout');
  });

  it('flags session minutes more than 50% away from the profile', () => {
    expect(validatePlan(aiPlan, input({ sessionMinutes: 30 }))).toEqual([
      "training: sessions of 55 minutes, expected 15–45 (within 50% of the user's 30)",
    ]);
  });

  it('flags an exercise that loads a listed injury', () => {
    const plan = planWith((p) => p.training.workouts[0]!.exercises.push('Barbell back squat'));
    expect(validatePlan(plan, input({ injuries: ['Left knee (ACL, 2023)'] }))).toEqual([
      'training: "Barbell back squat" loads the injured knee',
    ]);
  });

  it('asks a strained week for fewer and no longer sessions', () => {
    const plan = planWith((p) => {
      p.training.schedule = { frequency: '4 days per week', duration: '70 minutes', location: 'Gym' };
      p.training.workouts.push({ day: 'Saturday', type: 'Easy', exercises: ['Easy walk'] });
    });
    expect(validatePlan(plan, input({}, strainedWeek))).toEqual([
      "training: 4 workouts in a strained week, expected fewer than the user's 4",
      "training: sessions of 70 minutes in a strained week, expected at most the user's 60",
    ]);
  });

  it("flags a coaching tone other than the user's", () => {
    const plan = planWith((p) => (p.coaching.tone = 'cheerleader'));
    expect(validatePlan(plan, input())).toEqual([
      'coaching: tone "cheerleader", expected "direct" (the user\'s coaching tone)',
    ]);
  });
});

describe('reading schedule text', () => {
  it.each([
    ['3 days per week', 3],
    ['Three times a week', 3],
    ['5x weekly', 5],
    ['most days', null],
  ])('reads %j as %s days', (text, days) => {
    expect(daysIn(text)).toBe(days);
  });

  it.each([
    ['45 minutes', 45],
    ['40–50 min', 50],
    ['1 hour', 60],
    ['1.5 hours', 90],
    ['about an hour', null],
  ])('reads %j as %s minutes', (text, minutes) => {
    expect(minutesIn(text)).toBe(minutes);
  });
});

describe('daily targets', () => {
  const targeted: Partial<PlanProfile> = {
    dailyKcalTarget: 2200,
    macroTargets: { proteinG: 150, carbsG: 230, fatG: 70 },
  };

  it("copies the profile's calorie and macro targets into the fallback plan", () => {
    const plan = fallbackPlan(input(targeted));
    expect(plan.nutrition.daily_targets).toEqual({ calories: 2200, protein_g: 150, carbs_g: 230, fat_g: 70 });
    expect(plan.nutrition.overview).toMatch(/targets come from your profile/);
  });

  it('leaves the targets null and says so when the profile sets none', () => {
    const plan = fallbackPlan(input());
    expect(plan.nutrition.daily_targets).toEqual({
      calories: null,
      protein_g: null,
      carbs_g: null,
      fat_g: null,
    });
    expect(plan.nutrition.overview).toMatch(/targets are not set in your profile/);
  });

  it('keeps a partly set profile partly null, and names what is not set', () => {
    const plan = fallbackPlan(
      input({ dailyKcalTarget: 1900, macroTargets: { proteinG: 120, carbsG: null, fatG: null } }),
    );
    expect(plan.nutrition.daily_targets).toEqual({
      calories: 1900,
      protein_g: 120,
      carbs_g: null,
      fat_g: null,
    });
    expect(plan.nutrition.overview).toMatch(/carbs and fat are not set/);
  });

  it("flags an AI plan whose targets differ from the profile's", () => {
    const plan = planWith(
      (p) => (p.nutrition.daily_targets = { calories: 2000, protein_g: 150, carbs_g: 230, fat_g: null }),
    );
    expect(validatePlan(plan, input(targeted))).toEqual([
      "nutrition: daily_targets.calories is 2000, expected 2200 (the profile's target)",
      "nutrition: daily_targets.fat_g is null, expected 70 (the profile's target)",
    ]);
  });

  it('flags an AI plan that invents a target the profile does not set', () => {
    const plan = planWith((p) => (p.nutrition.daily_targets.calories = 2500));
    expect(validatePlan(plan, input())).toEqual([
      'nutrition: daily_targets.calories is 2500, expected null (the profile sets no target)',
    ]);
  });
});
