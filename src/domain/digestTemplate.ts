/**
 * The weekly digest written without AI (users without AI consent, the offline demo, AI
 * failures), in the user's coaching tone, and the greeting a digest written here opens with.
 * Built from the figures alone: the user's messages are never quoted. Pure: no I/O.
 */
import { round1, type Digest, type DigestFacts } from './digest.ts';
import {
  DEFAULT_VOICE,
  addressed,
  salutation,
  type CoachPersona,
  type CoachVoice,
  type CoachingTone,
} from './voice.ts';

/** One tone's sentences. Counts come in with their noun ("1 workout", "4 workouts"). */
interface Phrases {
  noWorkouts: string;
  workouts(workouts: string, minutes: string): string;
  noMeals: string;
  /** `calories` is null when no logged meal had calories. */
  meals(meals: string, calories: string | null): string;
  noSleep: string;
  /** `hours` is null when no night had a length. */
  sleep(nights: string, hours: string | null): string;
  noMood: string;
  /** `feelings` ("average mood 6.4 out of 10 and ...") is null when neither was logged. */
  mood(checkIns: string, feelings: string | null): string;
  shortSleep: string;
  highStress: string;
  regular: string;
  talked(messages: string): string;
  /** The patterns point when nothing stood out, by persona. */
  keepLogging: Record<CoachPersona, string>;
  /** The first paragraph of a digest written here. */
  opening: string;
}

const PHRASES: Record<CoachingTone, Phrases> = {
  gentle: {
    noWorkouts: 'No workouts were logged this week. Even a short walk counts once it is logged.',
    workouts: (w, m) => `You logged ${w} this week, ${m} in total.`,
    noMeals: 'No meals were logged this week. Logging a few helps your coach see how you fuel your training.',
    meals: (n, c) => `You logged ${n}` + (c === null ? '.' : `, averaging about ${c} per logged meal.`),
    noSleep: 'No sleep was logged this week.',
    sleep: (n, h) => `You logged ${n} of sleep` + (h === null ? '.' : `, averaging ${h} a night.`),
    noMood: 'No mood check-ins this week. A quick check-in helps you notice how you feel over time.',
    mood: (n, f) => `You logged ${n}` + (f === null ? '.' : `, with ${f}.`),
    shortSleep: 'Sleep ran short on average; an earlier wind-down may help.',
    highStress: 'Stress ran high; lighter sessions and some rest can help.',
    regular: 'You trained regularly, and that consistency adds up.',
    talked: (n) => `You sent your coach ${n}.`,
    keepLogging: {
      strategist: 'Keep logging to see your patterns over the coming weeks.',
      motivator: 'Keep logging; every entry adds to the picture of your progress.',
      nurturer: 'Log at your own pace; your patterns will show over the coming weeks.',
    },
    opening: 'Here is a look back at your week.',
  },
  direct: {
    noWorkouts: 'No workouts logged this week. Plan one short session and log it.',
    workouts: (w, m) => `You logged ${w} this week: ${m} in total.`,
    noMeals: 'No meals logged this week. Log a few so your coach can see how you fuel your training.',
    meals: (n, c) => `You logged ${n}` + (c === null ? '.' : `, about ${c} each.`),
    noSleep: 'No sleep logged this week. Log your nights to see your pattern.',
    sleep: (n, h) => `You logged ${n} of sleep` + (h === null ? '.' : `, ${h} a night on average.`),
    noMood: 'No mood check-ins this week. One a day shows how you are doing over time.',
    mood: (n, f) => `You logged ${n}` + (f === null ? '.' : `: ${f}.`),
    shortSleep: 'Sleep ran short on average: aim for an earlier bedtime.',
    highStress: 'Stress ran high: keep sessions lighter and plan a rest day.',
    regular: 'You trained regularly. Keep it up.',
    talked: (n) => `You sent your coach ${n}.`,
    keepLogging: {
      strategist: 'Log daily so next week shows a clear pattern.',
      motivator: 'Log every session: small steps add up.',
      nurturer: 'Log when you can; rest days count too.',
    },
    opening: 'Here is your week.',
  },
  cheerleader: {
    noWorkouts: 'No workouts logged this week, so your next one is a fresh start. Even a short walk counts!',
    workouts: (w, m) => `You logged ${w} this week, ${m} in total. Brilliant work!`,
    noMeals: "No meals logged this week. Log a few and let's see how you fuel those sessions!",
    meals: (n, c) =>
      `You logged ${n}` + (c === null ? '.' : `, about ${c} each.`) + ' Great job keeping track!',
    noSleep: "No sleep logged this week. Log your nights and let's see how you recharge!",
    sleep: (n, h) =>
      `You logged ${n} of sleep` +
      (h === null ? '.' : `, averaging ${h} a night.`) +
      ' Rest is part of training!',
    noMood: 'No mood check-ins this week. A quick one helps you see how far you have come!',
    mood: (n, f) => `You logged ${n}` + (f === null ? '.' : `, with ${f}.`) + ' Thanks for checking in!',
    shortSleep: 'Sleep ran short on average, so an earlier wind-down could give you even more energy!',
    highStress: 'Stress ran high, so go easy on yourself with lighter sessions and some rest!',
    regular: 'You trained regularly. That consistency is awesome!',
    talked: (n) => `You sent your coach ${n}. Love that you keep in touch!`,
    keepLogging: {
      strategist: 'Keep logging and watch your patterns take shape!',
      motivator: 'Keep logging: every entry is a win!',
      nurturer: 'Keep logging at your own pace. You are doing great!',
    },
    opening: "Here's your week. Let's see what you did!",
  },
  brief: {
    noWorkouts: 'No workouts logged.',
    workouts: (w, m) => `${capital(w)}, ${m}.`,
    noMeals: 'No meals logged.',
    meals: (n, c) => (c === null ? `${capital(n)}.` : `${capital(n)}, about ${c} each.`),
    noSleep: 'No sleep logged.',
    sleep: (n, h) => (h === null ? `${capital(n)} of sleep.` : `${capital(n)} of sleep, ${h} a night.`),
    noMood: 'No mood check-ins.',
    mood: (n, f) => (f === null ? `${capital(n)}.` : `${capital(n)}: ${f}.`),
    shortSleep: 'Sleep ran short.',
    highStress: 'Stress ran high.',
    regular: 'Trained regularly.',
    talked: (n) => `${capital(n)} to your coach.`,
    keepLogging: {
      strategist: 'Keep logging.',
      motivator: 'Keep logging. Small wins add up.',
      nurturer: 'Log when you can.',
    },
    opening: 'Your week.',
  },
};

/**
 * A digest written from the figures alone, in the tone of `facts.voice` (gentle by default), the
 * same every time for the same facts.
 */
export function templateDigest(facts: DigestFacts): Digest {
  const { workouts, meals, sleep, mood, coach } = facts;
  const voice = facts.voice ?? DEFAULT_VOICE;
  const say = PHRASES[voice.tone];

  const training =
    workouts.count === 0
      ? say.noWorkouts
      : say.workouts(plural(workouts.count, 'workout'), plural(workouts.minutes, 'minute'));

  const nutrition =
    meals.count === 0
      ? say.noMeals
      : say.meals(
          plural(meals.count, 'meal'),
          meals.avgCalories === null ? null : plural(Math.round(meals.avgCalories), 'calorie'),
        );

  const sleepText =
    sleep.nights === 0
      ? say.noSleep
      : say.sleep(
          plural(sleep.nights, 'night'),
          sleep.avgHours === null ? null : plural(round1(sleep.avgHours), 'hour'),
        );

  const feelings: string[] = [];
  if (mood.avgMood !== null) feelings.push(`average mood ${round1(mood.avgMood)} out of 10`);
  if (mood.avgStress !== null) feelings.push(`average stress ${round1(mood.avgStress)} out of 10`);
  const wellbeing =
    mood.entries === 0
      ? say.noMood
      : say.mood(plural(mood.entries, 'mood check-in'), feelings.length > 0 ? feelings.join(' and ') : null);

  const notes: string[] = [];
  if (sleep.avgHours !== null && sleep.avgHours < 6.5) notes.push(say.shortSleep);
  if (mood.avgStress !== null && mood.avgStress >= 7) notes.push(say.highStress);
  if (workouts.count >= 3) notes.push(say.regular);
  if (coach.messages > 0) notes.push(say.talked(plural(coach.messages, 'message')));
  const patterns = notes.length > 0 ? notes.slice(0, 2).join(' ') : say.keepLogging[voice.persona];

  return { training, nutrition, sleep: sleepText, wellbeing, patterns };
}

/**
 * The first paragraph of a digest written here, greeting the user by first name when there is
 * one: "Hi Sam, here is a look back at your week." Never for a digest OpenAI wrote: the name is
 * not sent there, and is not added to its text afterwards.
 */
export function digestGreeting(voice: CoachVoice, firstName: string | null): string {
  return addressed(salutation(voice.tone, firstName), PHRASES[voice.tone].opening);
}

/** "1 workout", "2 workouts", "1.5 hours". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
