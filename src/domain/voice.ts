/**
 * How the coach speaks to one user, read from their profile. Pure: no I/O.
 *
 * Glossary:
 * - tone: user_profiles.coaching_tone, how the texts sound — gentle (warm, unhurried), direct
 *   (plain, one next step), cheerleader (upbeat, celebrating), brief (as few words as will do).
 * - persona: user_profiles.coaching_persona, what the coach leans on — strategist (the plan),
 *   motivator (momentum, small wins), nurturer (rest and kindness to oneself).
 * - first name: the first word of user_profiles.full_name. Only texts written here greet by name;
 *   it is never sent to OpenAI.
 */

/** The coaching tones the STRUKT app knows. */
export const COACHING_TONES = ['gentle', 'direct', 'cheerleader', 'brief'] as const;
export type CoachingTone = (typeof COACHING_TONES)[number];

/** The coach personas the STRUKT app knows. */
export const COACH_PERSONAS = ['strategist', 'motivator', 'nurturer'] as const;
export type CoachPersona = (typeof COACH_PERSONAS)[number];

/** The tone and persona of one user's texts: nothing that identifies them. */
export interface CoachVoice {
  tone: CoachingTone;
  persona: CoachPersona;
}

/** The voice of a profile that says nothing: gentle, and the app's default persona. */
export const DEFAULT_VOICE: CoachVoice = { tone: 'gentle', persona: 'strategist' };

/**
 * The tone of a profile's coaching_tone: itself when the app knows it, else the nearest of the
 * app's tones for a few older spellings, else 'gentle'.
 */
export function toneOf(raw: string | null | undefined): CoachingTone {
  const tone = (raw ?? '').trim().toLowerCase();
  const known = COACHING_TONES.find((t) => t === tone);
  if (known) return known;
  if (/tough|strict|blunt|straight|firm/.test(tone)) return 'direct';
  if (/cheer|hype|motivat|energ|enthusias/.test(tone)) return 'cheerleader';
  if (/brief|short|concise|minimal/.test(tone)) return 'brief';
  return 'gentle';
}

/** The persona of a profile's coaching_persona; unknown or unset is the column's default, 'strategist'. */
export function personaOf(raw: string | null | undefined): CoachPersona {
  const persona = (raw ?? '').trim().toLowerCase();
  return COACH_PERSONAS.find((p) => p === persona) ?? 'strategist';
}

export function voiceOf(tone: string | null | undefined, persona: string | null | undefined): CoachVoice {
  return { tone: toneOf(tone), persona: personaOf(persona) };
}

// A name is letters, with the marks, apostrophes, dots and hyphens names carry ("Zoë", "O'Neil",
// "Jean-Luc"); anything else in full_name's first word (an email, a handle, digits) is not one.
const NAME = /^\p{L}[\p{L}\p{M}'’.-]*$/u;
const MAX_NAME_CHARS = 30;

/**
 * The name a template greets the user by: the first whitespace-separated word of `fullName`
 * (SQL may have split it already), or null when there is none or it does not look like a name.
 */
export function firstNameOf(fullName: string | null | undefined): string | null {
  const first = (fullName ?? '').trim().split(/\s+/)[0] ?? '';
  if (!NAME.test(first) || Array.from(first).length > MAX_NAME_CHARS) return null;
  return first;
}

/**
 * How a text opens: "Hi Sam," (gentle), "Sam," (direct, brief), "Hey Sam!" (cheerleader);
 * without a name "Hi there,", "Hey!" or nothing.
 */
export function salutation(tone: CoachingTone, firstName: string | null): string {
  switch (tone) {
    case 'gentle':
      return `Hi ${firstName ?? 'there'},`;
    case 'cheerleader':
      return firstName ? `Hey ${firstName}!` : 'Hey!';
    case 'direct':
    case 'brief':
      return firstName ? `${firstName},` : '';
  }
}

/**
 * A salutation and the sentence after it: the sentence goes on in lower case after a comma
 * ("Hi Sam, your week…"), and stands alone when there is no salutation.
 */
export function addressed(opening: string, sentence: string): string {
  if (opening === '') return sentence;
  // "I" stays a capital after a comma.
  const lower = opening.endsWith(',') && !/^I\b/.test(sentence);
  const rest = lower ? sentence[0]!.toLowerCase() + sentence.slice(1) : sentence;
  return `${opening} ${rest}`;
}
