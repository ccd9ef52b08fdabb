/**
 * The plan written without AI: the same every time for the same input, and held to the same
 * checks as an AI plan (validatePlan). Pure: no I/O.
 */
import { foodRules, mealConflict } from './planFood.ts';
import { EXERCISES, FOCUS_NAMES, MEALS, type Focus } from './planLibrary.ts';
import {
  SESSION_MINUTES,
  clamp,
  coachingToneOf,
  dailyTargetsOf,
  isStrained,
  usualDays,
  usualMinutes,
  workoutLocationOf,
  type CoachingTone,
  type DailyTargets,
  type PlanInput,
  type PlanProfile,
} from './planProfile.ts';
import { conservativeReasons, exerciseConflict, homeKit, listedKit, type Kit } from './planSafety.ts';
import { WEEKDAYS, type Plan, type SampleMeals, type Weekday } from './planSchema.ts';

// Training days spread through the week so that rest days fall between sessions.
const DAY_PATTERNS: Record<number, readonly Weekday[]> = {
  1: ['Wednesday'],
  2: ['Monday', 'Thursday'],
  3: ['Monday', 'Wednesday', 'Friday'],
  4: ['Monday', 'Tuesday', 'Thursday', 'Friday'],
  5: ['Monday', 'Tuesday', 'Wednesday', 'Friday', 'Saturday'],
  6: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  7: WEEKDAYS,
};

type Goal = 'strength' | 'weight' | 'endurance' | 'general';

const GOAL_FOCUS: Record<Goal, readonly Focus[]> = {
  strength: ['lower', 'upper', 'full'],
  weight: ['full', 'cardio', 'lower', 'upper'],
  endurance: ['cardio', 'full', 'lower', 'upper'],
  general: ['full', 'upper', 'lower', 'cardio'],
};
const CONSERVATIVE_FOCUS: readonly Focus[] = ['gentle', 'cardio', 'mobility'];

const GOAL_FOCUS_AREA: Record<Goal, string> = {
  strength: 'Progressive strength',
  weight: 'Steady, sustainable habits',
  endurance: 'Aerobic base',
  general: 'All-round fitness',
};

const CALORIE_GUIDANCE: Record<Goal, string> = {
  strength: 'Eat at or slightly above maintenance, with protein at every meal.',
  weight:
    'Aim for a modest deficit: a little less than you need to maintain your weight, without skipping meals.',
  endurance: 'Eat to maintain your weight and add carbohydrate around longer sessions.',
  general: 'Eat to maintain your weight, guided by hunger and energy.',
};

const MOTIVATION: Record<CoachingTone, { calm: string; strained: string }> = {
  gentle: {
    calm: 'Here is your plan for the week. Steady, consistent sessions are what move you toward your goal.',
    strained:
      'Last week asked a lot of you, so this plan eases off: fewer, shorter sessions and more rest. Showing up gently still counts.',
  },
  direct: {
    calm: 'Your plan for the week. Do the sessions, log them, and we adjust next week.',
    strained: 'Last week was hard, so this week is lighter. Do what is planned and no more.',
  },
  cheerleader: {
    calm: 'New week, new wins! Every session you finish is a step toward your goal. You have got this!',
    strained:
      'Last week was a lot and you got through it! This week is lighter, so rest up. You are doing great!',
  },
  brief: { calm: 'Plan set. Stay consistent.', strained: 'Lighter week. Rest more.' },
};

/**
 * A plan written without AI. It keeps to the days per week (3 when not given), the session
 * length (45 when not given), the workout location and equipment, the injuries, the
 * conservative rules and the food rules; copies the daily targets from the profile; and in a
 * strained week drops a session, shortens the rest by a quarter and ends with mobility work.
 */
export function fallbackPlan(input: PlanInput): Plan {
  const { profile, wellness } = input;
  const strained = isStrained(wellness);
  const goal = goalOf(profile.primaryGoal);
  const reasons = conservativeReasons(profile);
  const conservative = reasons.length > 0;
  const because = reasons.map((r) => r.because).join(' and ');
  const tone = coachingToneOf(profile);

  const days = usualDays(profile) ?? 3;
  const count = strained && days >= 2 ? days - 1 : days;
  const usual = usualMinutes(profile) ?? 45;
  const minutes = clamp(
    strained ? Math.round(usual * 0.75) : usual,
    SESSION_MINUTES.min,
    SESSION_MINUTES.max,
  );
  const perSession =
    strained || conservative || /begin|novice|new/i.test(profile.experienceLevel ?? '') ? 3 : 4;
  const focuses = conservative ? CONSERVATIVE_FOCUS : GOAL_FOCUS[goal];
  const place = placeOf(profile);
  const easy = strained || conservative;

  const workouts = (DAY_PATTERNS[count] ?? WEEKDAYS).map((day, i) => {
    // In a strained week the last session becomes mobility work.
    const focus: Focus =
      strained && i === count - 1 && count > 1 ? 'mobility' : (focuses[i % focuses.length] ?? 'mobility');
    const where = place.sessions[i % place.sessions.length]!;
    const allowed = (names: readonly string[]) => names.filter((n) => exerciseConflict(n, profile) === null);
    const safe = allowed(EXERCISES[focus][where.kit]);
    const exercises = (safe.length > 0 ? safe : allowed(EXERCISES.mobility[where.kit])).slice(0, perSession);
    const type = `${FOCUS_NAMES[focus]}${where.label}${easy ? ' (easy effort)' : ''}`;
    return { day, type, exercises: exercises.length > 0 ? exercises : ['Gentle stretching'] };
  });

  const trainingOverview = [
    `${count} ${count === 1 ? 'workout' : 'workouts'} of about ${minutes} minutes this week, built around your goal.`,
    strained ? 'Last week was demanding, so this week eases off.' : null,
    conservative ? `It keeps to low- and moderate-intensity work because ${because}.` : null,
    profile.injuries.length > 0 ? 'Exercises that load your listed injuries are left out.' : null,
  ];

  const targets = dailyTargetsOf(profile);
  const rules = foodRules(profile);
  const guidelines = [
    'Build each meal around a protein source and vegetables.',
    'Drink water through the day, more on training days.',
    'Keep most meals minimally processed.',
  ];
  if (rules.length > 0) {
    guidelines.push(
      'The sample meals leave out what your allergies, intolerances and diet rules exclude; check labels for hidden ingredients.',
    );
  }
  if (wellness.mealsLogged === 0)
    guidelines.push('Log a few meals this week so your guidance can get more specific.');

  const coachingOverview = [
    conservative
      ? `This week's plan is conservative because ${because}: no high-intensity work. Stop and check with your healthcare provider if anything feels wrong.`
      : null,
    strained ? 'Last week was demanding, so recovery comes first this week.' : null,
    'Each week we look at what you logged and adjust the plan.',
  ];

  return {
    training: {
      overview: sentences(trainingOverview),
      schedule: {
        frequency: `${count} ${count === 1 ? 'day' : 'days'} per week`,
        duration: `${minutes} minutes`,
        location: place.location,
      },
      workouts,
    },
    nutrition: {
      overview: `${targets.calories === null ? CALORIE_GUIDANCE[goal] : 'Eat to your daily calorie target, spread across the day.'} ${targetsSentence(targets)}`,
      daily_targets: targets,
      guidelines,
      sample_meals: sampleMeals(profile),
    },
    recovery: {
      overview: strained
        ? 'Last week was demanding: protect your sleep and keep rest days easy.'
        : 'Recovery is where training turns into progress: sleep well and move gently on rest days.',
      sleep: {
        target_hours: strained ? 8.5 : 8,
        bedtime_routine: 'Go to bed at the same time each night and put screens away 30 minutes before.',
      },
      active_recovery: strained
        ? ['Keep a full rest day between harder sessions.', 'Walk or stretch lightly on rest days.']
        : ['Take at least one full rest day.', 'Walk or stretch lightly on rest days.'],
      stress_management: strained
        ? ['Wind down without screens before bed.', 'Take a few slow breaths when the day gets stressful.']
        : ['Take a few slow breaths when the day gets busy.', 'Get outside for a short walk most days.'],
    },
    coaching: {
      overview: sentences(coachingOverview),
      tone,
      weekly_check_ins:
        tone === 'brief'
          ? 'Sunday: rate the week 1-10.'
          : 'At the end of the week, check in: how did the workouts feel, and how did you sleep?',
      key_focus_areas: [
        conservative ? 'Safe, low-intensity training' : GOAL_FOCUS_AREA[goal],
        'Consistency',
        ...(strained ? ['Rest and recovery'] : []),
      ],
      motivation: MOTIVATION[tone][strained ? 'strained' : 'calm'],
    },
  };
}

/** Where each session happens: hybrid alternates gym and home sessions. */
function placeOf(profile: PlanProfile): { location: string; sessions: { kit: Kit; label: string }[] } {
  switch (workoutLocationOf(profile)) {
    case 'gym':
      return { location: 'Gym', sessions: [{ kit: 'gym', label: '' }] };
    case 'home':
      return { location: 'Home', sessions: [{ kit: homeKit(profile.equipment), label: '' }] };
    case 'hybrid':
      return {
        location: 'Gym and home',
        sessions: [
          { kit: 'gym', label: ' at the gym' },
          { kit: homeKit(profile.equipment), label: ' at home' },
        ],
      };
    default: {
      const kit = listedKit(profile.equipment);
      return { location: kit === 'gym' ? 'Gym' : 'Home', sessions: [{ kit, label: '' }] };
    }
  }
}

/** Per slot, the first meal the profile's food rules allow (the last of each slot always is). */
function sampleMeals(profile: PlanProfile): SampleMeals {
  const rules = foodRules(profile);
  const pick = (options: readonly string[]) =>
    options.find((meal) => mealConflict(meal, rules) === null) ?? 'A meal you know is safe for you';
  return {
    breakfast: pick(MEALS.breakfast),
    lunch: pick(MEALS.lunch),
    dinner: pick(MEALS.dinner),
    snacks: pick(MEALS.snacks),
  };
}

/** What nutrition.overview says about the targets: they are the profile's, or they are not set. */
export function targetsSentence(targets: DailyTargets): string {
  const names: Record<keyof DailyTargets, string> = {
    calories: 'calories',
    protein_g: 'protein',
    carbs_g: 'carbs',
    fat_g: 'fat',
  };
  const unset = (Object.keys(names) as (keyof DailyTargets)[]).filter((k) => targets[k] === null);
  if (unset.length === 0) return 'Your daily targets come from your profile.';
  if (unset.length === 4) {
    return 'Daily calorie and macro targets are not set in your profile, so this plan gives guidance rather than numbers.';
  }
  return `Your daily targets come from your profile; ${joinWords(unset.map((k) => names[k]))} ${unset.length === 1 ? 'is' : 'are'} not set.`;
}

function goalOf(goal: string | null): Goal {
  const g = (goal ?? '').toLowerCase();
  if (/strength|muscle|hypertrophy|power|bulk/.test(g)) return 'strength';
  if (/weight|fat|lose|loss|lean|cut/.test(g)) return 'weight';
  if (/endurance|run|cardio|marathon|stamina|cycling/.test(g)) return 'endurance';
  return 'general';
}

function sentences(parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null).join(' ');
}

function joinWords(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
