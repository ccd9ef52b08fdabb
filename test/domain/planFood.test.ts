import { describe, expect, it } from 'vitest';
import { fallbackPlan, validatePlan, type Plan, type PlanProfile } from '../../src/domain/plan.ts';
import { input, planWith } from './planFixtures.ts';

const meals = (plan: Plan) => Object.values(plan.nutrition.sample_meals).join(' | ');

/** `aiPlan` with plain fruit for every meal but `slot`, which gets `meal`. */
const planEating = (slot: keyof Plan['nutrition']['sample_meals'], meal: string) =>
  planWith((p) => {
    p.nutrition.sample_meals = {
      breakfast: 'Fresh fruit',
      lunch: 'Fresh fruit',
      dinner: 'Fresh fruit',
      snacks: 'Fresh fruit',
    };
    p.nutrition.sample_meals[slot] = meal;
  });

describe('food safety', () => {
  const cases: {
    field: string;
    profile: Partial<PlanProfile>;
    meal: [keyof Plan['nutrition']['sample_meals'], string];
    problem: string;
    absent: RegExp;
  }[] = [
    {
      field: 'a peanut allergy',
      profile: { allergies: ['Peanuts'] },
      meal: ['snacks', 'Apple slices with peanut butter'],
      problem: `nutrition: sample_meals.snacks names "peanut", which the profile's allergies rule out`,
      absent: /peanut|satay/i,
    },
    {
      field: 'an allergy the food groups do not list',
      profile: { allergies: ['kiwi'] },
      meal: ['breakfast', 'Oats with kiwis'],
      problem: `nutrition: sample_meals.breakfast names "kiwis", which the profile's allergies rule out`,
      absent: /kiwi/i,
    },
    {
      field: 'a lactose intolerance',
      profile: { intolerances: ['lactose'] },
      meal: ['breakfast', 'Greek yogurt with berries'],
      problem: `nutrition: sample_meals.breakfast names "yogurt", which the profile's intolerances rule out`,
      absent: /yogh?urt|cheese|(?<!peanut )butter|cream|(?<!oat )milk/i,
    },
    {
      field: 'a gluten intolerance',
      profile: { intolerances: ['gluten'] },
      meal: ['lunch', 'Tuna sandwich'],
      problem: `nutrition: sample_meals.lunch names "sandwich", which the profile's intolerances rule out`,
      absent: /bread|toast|roll\b|pasta|wheat|sandwich/i,
    },
    {
      field: 'a vegan diet',
      profile: { dietPattern: 'vegan' },
      meal: ['dinner', 'Omelette with spinach'],
      problem: `nutrition: sample_meals.dinner names "Omelette", which the profile's diet pattern rule out`,
      absent: /chicken|beef|pork|salmon|tuna|fish|yogh?urt|\beggs?\b|cheese|honey|(?<!oat )milk/i,
    },
    {
      field: 'a vegetarian diet',
      profile: { dietPattern: 'Vegetarian' },
      meal: ['lunch', 'Chicken and rice bowl'],
      problem: `nutrition: sample_meals.lunch names "Chicken", which the profile's diet pattern rule out`,
      absent: /chicken|beef|pork|salmon|tuna|fish/i,
    },
    {
      field: 'halal rules',
      profile: { faithDietRules: ['Halal'] },
      meal: ['dinner', 'Chicken cooked in white wine'],
      problem: `nutrition: sample_meals.dinner names "wine", which the profile's faith diet rules rule out`,
      absent: /pork|bacon|ham\b|wine|beer/i,
    },
    {
      field: 'kosher rules',
      profile: { faithDietRules: ['kosher'] },
      meal: ['dinner', 'Chicken with parmesan'],
      problem: `nutrition: sample_meals.dinner names "Chicken with parmesan", which the profile's faith diet rules rule out`,
      absent: /pork|bacon|shrimp|prawn/i,
    },
  ];

  it.each(cases)('flags an AI sample meal that ignores $field', ({ profile, meal, problem }) => {
    const plan = planEating(...meal);
    expect(validatePlan(plan, input())).toEqual([]);
    expect(validatePlan(plan, input(profile))).toEqual([problem]);
  });

  it.each(cases)('writes fallback meals that keep to $field', ({ profile, absent }) => {
    const plan = fallbackPlan(input(profile));
    expect(validatePlan(plan, input(profile))).toEqual([]);
    expect(meals(plan)).not.toMatch(absent);
  });

  it('changes the fallback meals only when a rule needs it', () => {
    expect(meals(fallbackPlan(input()))).toMatch(/chicken|salmon/i);
    expect(meals(fallbackPlan(input({ dietPattern: 'vegan' })))).not.toEqual(meals(fallbackPlan(input())));
  });

  it.each<[string, Partial<PlanProfile>, string]>([
    ['a milk allergy', { allergies: ['milk'] }, 'Porridge made with oat milk'],
    ['a nut allergy', { allergies: ['tree nuts'] }, 'Butternut squash soup with coconut yogurt'],
    ['a vegetarian diet', { dietPattern: 'vegetarian' }, 'Bean burger with salad'],
    ['a gluten intolerance', { intolerances: ['gluten'] }, 'Buckwheat galette, or rice noodles with tofu'],
  ])('does not mistake look-alike foods for %s', (_name, profile, meal) => {
    expect(validatePlan(planEating('lunch', meal), input(profile))).toEqual([]);
  });
});
