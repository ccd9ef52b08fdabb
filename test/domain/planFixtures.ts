/** Profiles, weeks and an AI-written plan shared by the plan tests. Not a test file itself. */
import type { Plan, PlanInput, PlanProfile, WellnessContext } from '../../src/domain/plan.ts';

export const profile: PlanProfile = {
  primaryGoal: 'build strength',
  experienceLevel: 'intermediate',
  daysPerWeek: 4,
  sessionMinutes: 60,
  equipment: ['full gym'],
  workoutLocation: 'gym',
  injuries: [],
  conditions: [],
  contraindications: [],
  isPregnantOrBreastfeeding: false,
  isRecoveringFromSurgery: false,
  allergies: [],
  intolerances: [],
  dietPattern: null,
  faithDietRules: [],
  dailyKcalTarget: null,
  macroTargets: null,
  coachingTone: 'direct',
  coachingPersona: 'strategist',
};

export const calmWeek: WellnessContext = {
  workouts: 4,
  workoutMinutes: 230,
  avgSleepHours: 7.4,
  avgMood: 7,
  avgStress: 4,
  stressfulDays: 0,
  mealsLogged: 18,
};

export const strainedWeek: WellnessContext = {
  ...calmWeek,
  avgSleepHours: 5.5,
  stressfulDays: 3,
  avgStress: 8,
};

export const input = (p: Partial<PlanProfile> = {}, w: WellnessContext = calmWeek): PlanInput => ({
  profile: { ...profile, ...p },
  wellness: w,
});

/** A plan as OpenAI might write it for `profile` in a calm week: it passes every check. */
export const aiPlan: Plan = {
  training: {
    overview: 'Three strength sessions this week.',
    schedule: { frequency: '3 days per week', duration: '55 minutes', location: 'Gym' },
    workouts: [
      { day: 'Monday', type: 'Lower body', exercises: ['Romanian deadlift', 'Leg press'] },
      { day: 'Wednesday', type: 'Upper body', exercises: ['Bench press', 'Lat pulldown'] },
      { day: 'Friday', type: 'Full body', exercises: ['Farmer carry', 'Dead bug'] },
    ],
  },
  nutrition: {
    overview: 'Daily targets are not set in your profile; eat to maintenance.',
    daily_targets: { calories: null, protein_g: null, carbs_g: null, fat_g: null },
    guidelines: ['Protein at every meal.'],
    sample_meals: {
      breakfast: 'Porridge with berries',
      lunch: 'Chicken and rice bowl',
      dinner: 'Salmon with potatoes and greens',
      snacks: 'An apple',
    },
  },
  recovery: {
    overview: 'Sleep well.',
    sleep: { target_hours: 8, bedtime_routine: 'Screens off at 22:00.' },
    active_recovery: ['Walk on rest days.'],
    stress_management: ['Slow breathing.'],
  },
  coaching: {
    overview: 'We adjust each week.',
    tone: 'direct',
    weekly_check_ins: 'Sunday evening.',
    key_focus_areas: ['Consistency'],
    motivation: 'Three solid sessions this week.',
  },
};

/** `aiPlan` with its changes applied to a copy. */
export function planWith(change: (plan: Plan) => void): Plan {
  const plan = structuredClone(aiPlan);
  change(plan);
  return plan;
}
