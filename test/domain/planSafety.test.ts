import { describe, expect, it } from 'vitest';
import { fallbackPlan, validatePlan, type Plan, type PlanProfile } from '../../src/domain/plan.ts';
import { HIGH_INTENSITY } from '../../src/domain/planSafety.ts';
import { input, planWith } from './planFixtures.ts';

const items = (plan: Plan) => plan.training.workouts.flatMap((w) => [w.type, ...w.exercises]);

describe('training safety', () => {
  const cases: {
    field: string;
    profile: Partial<PlanProfile>;
    add: string;
    problem: string;
    fallback: (plan: Plan) => void;
  }[] = [
    {
      field: 'pregnant or breastfeeding',
      profile: { isPregnantOrBreastfeeding: true },
      add: 'Burpee',
      problem:
        'training: "Burpee" is high-intensity, expected none because the user is pregnant or breastfeeding',
      fallback: (plan) =>
        expect(plan.coaching.overview).toMatch(/conservative because you are pregnant or breastfeeding/),
    },
    {
      field: 'recovering from surgery',
      profile: { isRecoveringFromSurgery: true },
      add: 'Heavy deadlift to a 1RM',
      problem:
        'training: "Heavy deadlift to a 1RM" is high-intensity, expected none because the user is recovering from surgery',
      fallback: (plan) => expect(plan.training.overview).toMatch(/because you are recovering from surgery/),
    },
    {
      field: 'a health condition',
      profile: { conditions: ['hypertension'] },
      add: 'Box jumps',
      problem:
        'training: "Box jumps" is high-intensity, expected none because the profile lists health conditions',
      fallback: (plan) => expect(plan.coaching.key_focus_areas).toContain('Safe, low-intensity training'),
    },
    {
      field: 'a contraindication',
      profile: { contraindications: ['no high-impact work'] },
      add: 'Sprint intervals',
      problem:
        'training: "Sprint intervals" is high-intensity, expected none because the profile lists contraindications',
      fallback: (plan) => expect(plan.coaching.overview).toMatch(/lists contraindications/),
    },
    {
      field: 'an injury',
      profile: { injuries: ['bad shoulder'] },
      add: 'Overhead press',
      problem: 'training: "Overhead press" loads the injured shoulder',
      fallback: (plan) => expect(items(plan).join(' ')).not.toMatch(/overhead|shoulder press|dips?\b/i),
    },
    {
      field: 'a contraindication naming a body part',
      profile: { contraindications: ['avoid loading the knee'] },
      add: 'Walking lunge',
      problem: 'training: "Walking lunge" loads the injured knee',
      fallback: (plan) => expect(items(plan).join(' ')).not.toMatch(/squat|lunge|jump/i),
    },
    {
      field: 'training at home without gym equipment',
      profile: { workoutLocation: 'home', equipment: ['yoga mat'] },
      add: 'Lat pulldown',
      problem:
        'training: "Lat pulldown" needs gym equipment, expected exercises possible at home with the listed equipment',
      fallback: (plan) => {
        expect(plan.training.schedule.location).toBe('Home');
        expect(items(plan).join(' ')).not.toMatch(/machine|cable|press|pulldown|barbell|dumbbell/i);
      },
    },
  ];

  it.each(cases)('flags an AI plan that ignores $field', ({ profile, add, problem }) => {
    const plan = planWith((p) => p.training.workouts[0]!.exercises.push(add));
    expect(validatePlan(plan, input())).toEqual([]);
    expect(validatePlan(plan, input(profile))).toContain(problem);
  });

  it.each(cases)('writes a fallback plan that keeps to $field', ({ profile, fallback }) => {
    const plan = fallbackPlan(input(profile));
    expect(validatePlan(plan, input(profile))).toEqual([]);
    expect(plan).not.toEqual(fallbackPlan(input()));
    fallback(plan);
  });

  it.each([
    { isPregnantOrBreastfeeding: true },
    { isRecoveringFromSurgery: true },
    { conditions: ['asthma'] },
    { contraindications: ['cleared for walking only'] },
  ])('leaves every high-intensity item out of a conservative fallback plan (%o)', (profile) => {
    for (const location of ['gym', 'home', 'hybrid', null]) {
      const plan = fallbackPlan(input({ ...profile, workoutLocation: location, primaryGoal: 'lose weight' }));
      expect(items(plan).filter((item) => HIGH_INTENSITY.test(item))).toEqual([]);
    }
  });

  it('flags a high-intensity workout type, not only exercises', () => {
    const plan = planWith((p) => (p.training.workouts[2]!.type = 'HIIT circuit'));
    expect(validatePlan(plan, input({ isPregnantOrBreastfeeding: true }))).toEqual([
      'training: "HIIT circuit" is high-intensity, expected none because the user is pregnant or breastfeeding',
    ]);
  });
});
