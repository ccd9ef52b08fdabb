/**
 * Words and sentences the sample data is made of. Each list has one job in the stress check
 * (DESIGN §5), so every sentence is written against the seed's keyword list:
 * stress, stressed, anxious, anxiety, overwhelmed, tired, exhausted, difficult, tough,
 * hard time, struggling, down, sad, depressed, frustrated, angry, upset.
 */

export const TIMEZONE_WEIGHTS = {
  UTC: 10,
  'America/New_York': 22,
  'Europe/London': 16,
  'Asia/Tokyo': 10,
  // UTC+10 in winter, +11 in summer: the zone where "yesterday" differs most from UTC's.
  'Australia/Sydney': 12,
  'America/Los_Angeles': 20,
} as const;

export const FIRST_NAMES = [
  'Maya', 'Liam', 'Sofia', 'Noah', 'Aisha', 'Ethan', 'Yuki', 'Lucas', 'Chloe', 'Mateo',
  'Priya', 'Oliver', 'Hana', 'James', 'Zoe', 'Arjun', 'Emma', 'Kenji', 'Isla', 'Diego',
  'Amara', 'Leo', 'Freya', 'Omar', 'Grace', 'Ravi', 'Mia', 'Finn', 'Sakura', 'Jack',
  'Layla', 'Samuel', 'Ava', 'Tariq', 'Ruby', 'Hugo', 'Nora', 'Daniel', 'Elena', 'Kai',
] as const; // prettier-ignore

export const LAST_NAMES = [
  'Patel', 'Okafor', 'Nguyen', 'Smith', 'Garcia', 'Kim', 'Müller', 'Rossi', 'Haddad', 'Silva',
  "O'Brien", 'Tanaka', 'Kowalski', 'Johnson', 'Ahmed', 'Lopez', 'Jensen', 'Mensah', 'Chen', 'Novak',
] as const; // prettier-ignore

export const GOALS = [
  'lose_weight',
  'build_muscle',
  'improve_endurance',
  'general_fitness',
  'improve_mobility',
];
export const EXPERIENCE = ['beginner', 'intermediate', 'advanced'] as const;
export const TONES = ['gentle', 'direct', 'cheerleader', 'brief'] as const;
export const COACH_PERSONAS = ['strategist', 'motivator', 'nurturer'] as const;
export const EQUIPMENT = [
  'dumbbells', 'barbell', 'kettlebell', 'resistance_bands', 'pull_up_bar', 'treadmill', 'bike', 'full_gym',
]; // prettier-ignore
export const INJURIES = ['knee', 'lower_back', 'shoulder', 'ankle', 'wrist'];
/** What a coach must not prescribe, by injury. */
export const CONTRAINDICATIONS: Record<string, string> = {
  knee: 'deep_squats',
  lower_back: 'heavy_deadlifts',
  shoulder: 'overhead_press',
  ankle: 'jumping',
  wrist: 'push_ups',
};
export const CONDITIONS = ['asthma', 'hypertension', 'type_2_diabetes', 'hypothyroidism'];
export const ALLERGIES = ['peanuts', 'tree_nuts', 'shellfish', 'eggs', 'soy'];
export const INTOLERANCES = ['lactose', 'gluten', 'fructose'];
/** Weights; `none` (no particular pattern, the commonest answer) is stored as null. */
export const DIET_PATTERNS = {
  none: 55,
  vegetarian: 14,
  vegan: 6,
  pescatarian: 8,
  mediterranean: 9,
  low_carb: 8,
} as const;
/** Weights; `none` is stored as an empty list. */
export const FAITH_DIET_RULES = { none: 88, halal: 7, kosher: 3, no_beef: 2 } as const;
export const WORKOUT_TYPES = [
  'strength',
  'running',
  'cycling',
  'yoga',
  'hiit',
  'swimming',
  'walking',
  'mobility',
];
/** Workout types logged with their exercises. */
export const EXERCISES: Record<string, readonly string[]> = {
  strength: ['Back squat', 'Bench press', 'Romanian deadlift', 'Dumbbell row', 'Overhead press', 'Lunges'],
  hiit: ['Burpees', 'Kettlebell swings', 'Mountain climbers', 'Jump squats', 'Rowing sprints'],
};
export const MEALS = {
  breakfast: ['Oatmeal with berries', 'Greek yogurt and granola', 'Scrambled eggs on toast', 'Smoothie bowl'],
  lunch: ['Chicken salad wrap', 'Lentil soup', 'Quinoa bowl with vegetables', 'Tuna sandwich'],
  dinner: ['Salmon with rice and broccoli', 'Vegetable stir-fry with tofu', 'Pasta with tomato sauce', 'Beef chili'],
  snack: ['Apple and peanut butter', 'Protein bar', 'Handful of almonds', 'Banana'],
} as const; // prettier-ignore
/** Calories of one meal, from and to, by meal type. */
export const MEAL_CALORIES = {
  breakfast: [250, 650],
  lunch: [400, 900],
  dinner: [450, 1100],
  snack: [100, 350],
} as const;

/** The user's own everyday messages: no keyword anywhere (so no "cool down", no "hard"). */
export const CALM_MESSAGES = [
  'What should I eat before a morning run?',
  'Finished my leg day, felt strong today.',
  'Can you suggest a 20 minute mobility routine?',
  'How much protein should I aim for?',
  'Slept well last night, ready for intervals.',
  'Can we swap squats for lunges this week?',
  'Great session, hit a new deadlift record!',
  'Is it okay to train two days in a row?',
  'What is a good stretching routine after cycling?',
  'I walked 10k steps today.',
  'Could you plan a quick upper body workout?',
  'Feeling good, energy is up this week.',
];

/** Evidence: each has a keyword as a whole word or phrase, not negated. */
export const STRESS_MESSAGES = [
  "I'm really stressed about work this week.",
  "Feeling anxious and I couldn't sleep.",
  'Totally overwhelmed with deadlines, skipped my workout.',
  'So exhausted after this week.',
  'Having a hard time staying motivated.',
  "I feel down and don't want to train.",
  'Struggling to keep up with everything.',
  "Honestly I'm frustrated with my progress.",
  "Today was tough, I'm upset about my results.",
  'Feeling sad and tired lately.',
  'My anxiety is through the roof before the exam.',
  'Pretty depressed about my knee injury.',
  'Angry at myself for missing the gym again.',
  'This week has been difficult.',
];

/** Not evidence: the keyword is negated right before it. */
export const NEGATED_MESSAGES = [
  'Not stressed at all today, feeling great.',
  'No longer anxious about the race, ready to go.',
  "I wasn't feeling tired after the run.",
  'Never tired after yoga, love it.',
  'Honestly not overwhelmed anymore, the plan works.',
  "I'm not feeling down anymore, thanks!",
];

/** Not evidence: a keyword only inside a longer word (download, downtown, hardware, Sadie). */
export const SUBSTRING_MESSAGES = [
  'Downloaded the new running playlist.',
  'Walked downtown for lunch, about 3 km.',
  'Bought some hardware for my home gym.',
  'Sadie from my class joined me for the session.',
  'Downhill trail run this morning, loved it.',
];

/** The coach's replies to calm users: no keyword, so a job reading the wrong column shows up. */
export const CALM_REPLIES = [
  'Nice work! Keep the intensity steady and drink enough water.',
  'Aim for about 1.6 g of protein per kg of body weight.',
  'Here is a short routine: five minutes of hip openers, then thoracic rotations.',
  "Great progress. Let's add one more set next week.",
  'Yes, alternate muscle groups and keep one easy day.',
];

/** Not evidence: the AI, not the user, talks about stress. */
export const STRESSY_REPLIES = [
  'You sound stressed, a short breathing break might help.',
  "It's normal to feel anxious before a race; let's keep the plan light.",
  'If work feels overwhelming, a 10 minute walk can help you feel less tired.',
];

/** Personal data a redactor must catch: an email address or a phone number. */
export function piiMessage(pick: <T>(items: readonly T[]) => T, name: string, index: number): string {
  return pick([
    `Please email my plan to ${name.toLowerCase()}.${index}@example.com`,
    'Text me reminders at +1 415 555 0134',
    'My number is 07700 900123 if the app fails.',
    `Send the report to ${name.toLowerCase()}.work@example.org please.`,
  ]);
}

export const MOOD_NOTES = ['Good day', 'Busy but fine', 'Rested', 'Long day at work', 'Rough morning'];

/** What the app stores as the reply when the AI call failed (the column is not null): no keyword. */
export const FAILED_REPLIES = [
  "Sorry, I couldn't reply just now. Please try again in a moment.",
  'The coach is unavailable right now. Your message was saved.',
];

/** Why a consenting user's plan was not written by OpenAI (codes, as the job records them). */
export const FALLBACK_REASONS = ['timeout', 'schema_invalid', 'http_500'];
