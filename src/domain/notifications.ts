/**
 * The texts of the notifications the user-status job queues, in the user's coaching voice.
 * Supportive, never diagnostic, with no figures beyond the number of days (the user sees them in
 * the app). A text is chosen by what kind of evidence there was, never built from it: it cannot
 * quote the user's words, and it avoids the stress keywords themselves. Pure: no I/O.
 */
import { addressed, salutation, type CoachPersona, type CoachVoice, type CoachingTone } from './voice.ts';

export type NotificationType = 'ai_coach_proactive' | 'nudge';
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/**
 * What the stressful days of a check-in were:
 * - streak: every day of the three-day window;
 * - messages: the user's own messages showed stress, their mood logs did not;
 * - mood: mood logs did (stress_level >= 7 or mood_score <= 3), their messages did not;
 * - both: some days the one, some days the other (or both on one day);
 * - unknown: the sources were not reported.
 */
export type StressEvidence = 'streak' | 'messages' | 'mood' | 'both' | 'unknown';

export interface StressDays {
  /** Stressful days in the window (DESIGN §5). */
  stressfulDays: number;
  /** Of them, days with a stressful message of the user's own; null when not reported. */
  messageDays: number | null;
  /** Of them, days with a mood log of high stress or low mood; null when not reported. */
  moodDays: number | null;
}

export function stressEvidence(days: StressDays): StressEvidence {
  if (days.stressfulDays >= 3) return 'streak';
  const said = (days.messageDays ?? 0) > 0;
  const logged = (days.moodDays ?? 0) > 0;
  if (said && logged) return 'both';
  if (said) return 'messages';
  if (logged) return 'mood';
  return 'unknown';
}

/** Who a text is for: the voice, and the first name to greet by (null: no name). */
export interface Addressee {
  voice: CoachVoice;
  firstName: string | null;
}

/** What the coach noticed, by tone and evidence. A sentence starting with "I" stays capitalised. */
const NOTICED: Record<CoachingTone, Record<StressEvidence, string>> = {
  gentle: {
    messages: "From what you've shared with me, the past few days sound like they've been heavy.",
    mood: 'Your mood check-ins over the past few days suggest things have felt heavy.',
    both: 'Between our chats and your mood check-ins, the past few days seem to have been heavy.',
    streak: 'Three hard days in a row is a lot to carry.',
    unknown: 'The past few days seem to have been heavy.',
  },
  direct: {
    messages: "You've told me the last few days have been rough.",
    mood: 'Your check-ins show a rough stretch: two of the last three days.',
    both: 'Your messages and your check-ins both point to a rough few days.',
    streak: "That's three hard days in a row.",
    unknown: 'The last few days have been rough.',
  },
  cheerleader: {
    messages: 'Sounds like the last few days have thrown a lot at you.',
    mood: 'Your check-ins say the last few days have been rough, and you kept logging. That takes guts!',
    both: "Between our chats and your check-ins, it's been a rough few days.",
    streak: "Three hard days in a row, and you're still showing up. That's real strength!",
    unknown: 'The last few days have been a lot.',
  },
  brief: {
    messages: "Rough few days, from what you've said.",
    mood: 'Your check-ins show a rough few days.',
    both: 'Chats and check-ins both say: rough few days.',
    streak: 'Three hard days running.',
    unknown: 'Rough few days.',
  },
};

/** What the coach offers, by tone and persona: the plan, a small win, or rest. */
const OFFER: Record<CoachingTone, Record<CoachPersona, string>> = {
  gentle: {
    strategist:
      "Would it help to make this week's plan a little lighter? I can adjust it whenever you're ready.",
    motivator: "You've kept going through it, and that matters. Shall we pick one small, easy win for today?",
    nurturer: "Please be kind to yourself. Rest counts as training too, and I'm here if you'd like to talk.",
  },
  direct: {
    strategist: "Reply and I'll swap this week's hardest session for an easier one.",
    motivator: 'Pick one small win for today; a short walk counts.',
    nurturer: 'Take a rest day if you need one. Reply if you want to talk.',
  },
  cheerleader: {
    strategist: "Let's tweak this week's plan so it lifts you up. Just say the word!",
    motivator: "One small win at a time, you've got this! Fancy an easy session together?",
    nurturer: "Rest is part of the plan too, so be proud of every step. I'm here whenever you want to talk!",
  },
  brief: {
    strategist: 'Lighter plan this week?',
    motivator: 'One small win today.',
    nurturer: "Rest if you need. I'm here.",
  },
};

/** The proactive check-in after two or more stressful days. */
export function proactiveMessage(evidence: StressEvidence, to: Addressee): string {
  const { tone, persona } = to.voice;
  const noticed = addressed(salutation(tone, to.firstName), NOTICED[tone][evidence]);
  return `${noticed} ${OFFER[tone][persona]}`;
}

const NUDGE: Record<CoachingTone, string> = {
  gentle:
    "It's been a little while, no pressure. A short walk or a quick check-in is a lovely way to ease back in.",
  direct: "It's been a week since you logged anything. A 10-minute walk today gets you going again.",
  cheerleader: 'We miss you! A short walk or a quick check-in is all it takes to get rolling again!',
  brief: 'Quick check-in today?',
};

/** The inactivity nudge for a user quiet for a week after being active. */
export function nudgeMessage(to: Addressee): string {
  return addressed(salutation(to.voice.tone, to.firstName), NUDGE[to.voice.tone]);
}
