/**
 * The training safety rules a plan keeps, read from the profile: movements an injury rules out,
 * when the plan must stay conservative (no high-intensity work), and what equipment a home plan
 * may use (the food rules are in planFood.ts). Deliberately small keyword lists: they catch the
 * obvious contradictions, not every risk. The same rules check an AI plan and pick the fallback
 * plan's exercises. Pure: no I/O.
 */
import { workoutLocationOf, type PlanProfile } from './planProfile.ts';
import type { Workout } from './planSchema.ts';

/**
 * An exercise "loads" an injury when the injury names one of these body parts and the
 * exercise's name contains one of its movement keywords.
 */
const INJURY_RULES: readonly { part: string; injury: RegExp; avoid: RegExp }[] = [
  {
    part: 'knee',
    injury: /\bknees?\b|\bacl\b|\bmeniscus\b/i,
    avoid: /squat|lunge|jump|step-up|pistol|burpee|\brun(ning)?\b|sprint|leg extension/i,
  },
  {
    part: 'back',
    injury: /\bback\b|spine|spinal|\bdisc\b|lumbar/i,
    avoid:
      /deadlift|good morning|barbell row|bent-over row|back squat|sit-up|kettlebell swing|\bclean\b|snatch/i,
  },
  {
    part: 'shoulder',
    injury: /shoulder|rotator/i,
    avoid:
      /overhead press|shoulder press|military press|push press|handstand|pike|\bdips?\b|upright row|snatch/i,
  },
  {
    part: 'wrist',
    injury: /wrist|carpal/i,
    avoid: /push-up|plank|handstand|mountain climber|front squat|\bclean\b|burpee|bear crawl|renegade/i,
  },
  {
    part: 'ankle',
    injury: /ankle|achilles|\bshins?\b|\bfoot\b|\bfeet\b/i,
    avoid: /jump|skipping|sprint|\brun(ning)?\b|burpee|calf raise/i,
  },
  { part: 'hip', injury: /\bhips?\b/i, avoid: /lunge|pistol|sprint|deep squat/i },
  { part: 'neck', injury: /\bneck\b/i, avoid: /shrug|headstand|overhead press|back squat/i },
];

/** Work a conservative plan leaves out: intervals, impact, and lifts taken to a maximum. */
export const HIGH_INTENSITY =
  /\bhiit\b|high[- ]intensity|tabata|interval|sprint|jump|plyo|burpee|mountain climber|kettlebell swing|snatch|\bclean\b|thruster|\bmax(imal|imum)?\b|\b1 ?rm\b|one[- ]rep|heavy|all[- ]out|to failure/i;

/** Exercises that need a gym, not possible at home without one. */
const GYM_ONLY =
  /machine|cable|leg press|lat pulldown|smith|barbell|treadmill|stationary bike|leg curl|pec deck|\bsled\b/i;

/** Why a plan must stay conservative. */
export interface ConservativeReason {
  /** A short code. */
  code: 'pregnant_or_breastfeeding' | 'recovering_from_surgery' | 'health_conditions' | 'contraindications';
  /** The reason in the third person, for checks and the prompt. */
  rule: string;
  /** The reason addressed to the user, for the plan's own text. */
  because: string;
}

/**
 * Reasons the plan must hold back from high-intensity work. A listed health condition or
 * contraindication counts too: the job cannot judge which of them allow hard work.
 */
export function conservativeReasons(profile: PlanProfile): ConservativeReason[] {
  const reasons: ConservativeReason[] = [];
  if (profile.isPregnantOrBreastfeeding) {
    reasons.push({
      code: 'pregnant_or_breastfeeding',
      rule: 'the user is pregnant or breastfeeding',
      because: 'you are pregnant or breastfeeding',
    });
  }
  if (profile.isRecoveringFromSurgery) {
    reasons.push({
      code: 'recovering_from_surgery',
      rule: 'the user is recovering from surgery',
      because: 'you are recovering from surgery',
    });
  }
  if (profile.conditions.length > 0) {
    reasons.push({
      code: 'health_conditions',
      rule: 'the profile lists health conditions',
      because: 'your profile lists health conditions',
    });
  }
  if (profile.contraindications.length > 0) {
    reasons.push({
      code: 'contraindications',
      rule: 'the profile lists contraindications',
      because: 'your profile lists contraindications',
    });
  }
  return reasons;
}

/** The injury rules the profile's injuries, conditions and contraindications name. */
export function injuredRules(profile: PlanProfile) {
  const texts = [...profile.injuries, ...profile.conditions, ...profile.contraindications];
  return INJURY_RULES.filter((rule) => texts.some((text) => rule.injury.test(text)));
}

/** What the user trains with in a place: a gym, dumbbells or kettlebells, or bodyweight. */
export type Kit = 'gym' | 'dumbbell' | 'bodyweight';

/** The kit at home: the listed equipment, with a gym membership not counting. */
export function homeKit(equipment: string[]): Kit {
  const all = equipment.join(' ').toLowerCase();
  if (/barbell|machine|cable|rack|home gym/.test(all)) return 'gym';
  if (/dumbbell|kettlebell/.test(all)) return 'dumbbell';
  return 'bodyweight';
}

/** The kit when the profile names no location: the listed equipment, a gym included. */
export function listedKit(equipment: string[]): Kit {
  return /gym/i.test(equipment.join(' ')) ? 'gym' : homeKit(equipment);
}

/** Whether `exercise` is ruled out for this profile: a reason in words, or null. */
export function exerciseConflict(exercise: string, profile: PlanProfile): string | null {
  for (const rule of injuredRules(profile)) {
    if (rule.avoid.test(exercise)) return `loads the injured ${rule.part}`;
  }
  const [reason] = conservativeReasons(profile);
  if (reason && HIGH_INTENSITY.test(exercise))
    return `is high-intensity, expected none because ${reason.rule}`;
  if (
    workoutLocationOf(profile) === 'home' &&
    homeKit(profile.equipment) !== 'gym' &&
    GYM_ONLY.test(exercise)
  ) {
    return 'needs gym equipment, expected exercises possible at home with the listed equipment';
  }
  return null;
}

/** Problems with the workouts' exercises and types: injuries, intensity and location. */
export function workoutProblems(workouts: Workout[], profile: PlanProfile): string[] {
  const problems: string[] = [];
  for (const workout of workouts) {
    for (const item of [workout.type, ...workout.exercises]) {
      const conflict = exerciseConflict(item, profile);
      if (conflict) problems.push(`training: ${JSON.stringify(item)} ${conflict}`);
    }
  }
  return problems;
}
