import { describe, expect, it } from 'vitest';
import { DIGEST_MAX_WORDS, digestText, validateDigest, type DigestFacts } from '../../src/domain/digest.ts';
import { digestGreeting, plural, templateDigest } from '../../src/domain/digestTemplate.ts';
import { COACH_PERSONAS, COACHING_TONES, type CoachingTone } from '../../src/domain/voice.ts';

const busyWeek: DigestFacts = {
  periodStart: '2025-01-05T20:00:00.000Z',
  periodEnd: '2025-01-12T20:00:00.000Z',
  workouts: { count: 4, minutes: 185 },
  meals: { count: 17, avgCalories: 612.4 },
  sleep: { nights: 6, avgHours: 5.93 },
  mood: { entries: 5, avgMood: 6.4, avgStress: 7.2 },
  coach: { messages: 3, excerpts: ['Felt tired after the 5k run', 'work has been hectic'] },
};

const emptyWeek: DigestFacts = {
  periodStart: '2025-01-05T20:00:00.000Z',
  periodEnd: '2025-01-12T20:00:00.000Z',
  workouts: { count: 0, minutes: 0 },
  meals: { count: 0, avgCalories: null },
  sleep: { nights: 0, avgHours: null },
  mood: { entries: 0, avgMood: null, avgStress: null },
  coach: { messages: 0, excerpts: [] },
};

/** One of everything: every count and average is exactly 1. */
const onesWeek: DigestFacts = {
  ...emptyWeek,
  workouts: { count: 1, minutes: 1 },
  meals: { count: 1, avgCalories: 1 },
  sleep: { nights: 1, avgHours: 1 },
  mood: { entries: 1, avgMood: 8, avgStress: 2 },
  coach: { messages: 1, excerpts: ['hello'] },
};

const inTone = (facts: DigestFacts, tone: CoachingTone) => ({
  ...facts,
  voice: { tone, persona: 'strategist' as const },
});

describe('templateDigest', () => {
  it('states the week in figures and passes its own checks', () => {
    const digest = templateDigest(busyWeek);
    expect(digest.training).toContain('4 workouts');
    expect(digest.training).toContain('185 minutes');
    expect(digest.nutrition).toContain('612 calories');
    expect(digest.sleep).toContain('5.9 hours');
    expect(digest.wellbeing).toContain('average stress 7.2 out of 10');
    expect(digest.patterns).toMatch(/Sleep ran short/);
    expect(validateDigest(digest, busyWeek)).toEqual([]);
  });

  it('says kindly that nothing was logged instead of inventing figures', () => {
    const digest = templateDigest(emptyWeek);
    expect(digest.training).toMatch(/No workouts were logged/);
    expect(digest.sleep).toMatch(/No sleep was logged/);
    expect(validateDigest(digest, emptyWeek)).toEqual([]);
  });

  it('is the same for the same facts', () => {
    expect(templateDigest(busyWeek)).toEqual(templateDigest(structuredClone(busyWeek)));
  });

  it('writes the singular for one of anything, in every tone', () => {
    for (const tone of COACHING_TONES) {
      const text = digestText(templateDigest(inTone(onesWeek, tone)));
      for (const one of [
        '1 workout',
        '1 minute',
        '1 meal',
        '1 calorie',
        '1 night',
        '1 hour',
        '1 mood check-in',
        '1 message',
      ]) {
        expect(text, `${tone}: ${one}`).toMatch(new RegExp(`\\b${one}(?!s)\\b`, 'i'));
      }
      expect(text, tone).not.toMatch(
        /\b1 (workouts|minutes|meals|calories|nights|hours|mood check-ins|messages)\b/i,
      );
    }
  });

  it('writes the plural for more than one, in every tone', () => {
    for (const tone of COACHING_TONES) {
      const text = digestText(templateDigest(inTone(busyWeek, tone)));
      for (const many of [
        '4 workouts',
        '185 minutes',
        '17 meals',
        '612 calories',
        '6 nights',
        '5.9 hours',
        '5 mood check-ins',
      ]) {
        expect(text, `${tone}: ${many}`).toContain(many);
      }
    }
  });

  it('sounds like the tone: each differs, brief is shortest, cheerleader celebrates', () => {
    const words = (tone: CoachingTone) =>
      digestText(templateDigest(inTone(busyWeek, tone))).split(/\s+/).length;
    const texts = COACHING_TONES.map((tone) => digestText(templateDigest(inTone(busyWeek, tone))));
    expect(new Set(texts).size).toBe(COACHING_TONES.length);
    for (const tone of ['gentle', 'direct', 'cheerleader'] as const) {
      expect(words('brief'), tone).toBeLessThan(words(tone));
    }
    expect(templateDigest(inTone(busyWeek, 'cheerleader')).training).toMatch(/!$/);
    expect(templateDigest(inTone(emptyWeek, 'brief')).training).toBe('No workouts logged.');
  });

  it('passes its own checks and the word limit in every tone, for any week', () => {
    for (const tone of COACHING_TONES) {
      for (const facts of [busyWeek, emptyWeek, onesWeek]) {
        const digest = templateDigest(inTone(facts, tone));
        expect(validateDigest(digest, facts), tone).toEqual([]);
      }
    }
    const longest = Math.max(
      ...COACHING_TONES.map((tone) => digestText(templateDigest(inTone(busyWeek, tone))).split(/\s+/).length),
    );
    expect(longest).toBeLessThanOrEqual(DIGEST_MAX_WORDS);
  });

  it('lets the persona choose the closing line of a quiet week', () => {
    const quiet: DigestFacts = { ...emptyWeek, workouts: { count: 1, minutes: 30 } };
    const lines = COACH_PERSONAS.map(
      (persona) => templateDigest({ ...quiet, voice: { tone: 'gentle', persona } }).patterns,
    );
    expect(new Set(lines).size).toBe(COACH_PERSONAS.length);
    expect(lines[0]).toBe('Keep logging to see your patterns over the coming weeks.');
  });

  it("never quotes the user's messages", () => {
    const words = { ...busyWeek, coach: { messages: 2, excerpts: ['my boss Quillon is awful'] } };
    for (const tone of COACHING_TONES) {
      expect(digestText(templateDigest(inTone(words, tone)))).not.toMatch(/Quillon|boss|awful/);
    }
  });
});

describe('digestGreeting', () => {
  it('greets by first name in the tone', () => {
    expect(digestGreeting({ tone: 'gentle', persona: 'strategist' }, 'Sam')).toBe(
      'Hi Sam, here is a look back at your week.',
    );
    expect(digestGreeting({ tone: 'direct', persona: 'strategist' }, 'Sam')).toBe('Sam, here is your week.');
    expect(digestGreeting({ tone: 'cheerleader', persona: 'motivator' }, 'Sam')).toBe(
      "Hey Sam! Here's your week. Let's see what you did!",
    );
    expect(digestGreeting({ tone: 'brief', persona: 'nurturer' }, 'Sam')).toBe('Sam, your week.');
  });

  it('reads naturally without a name', () => {
    expect(digestGreeting({ tone: 'gentle', persona: 'strategist' }, null)).toBe(
      'Hi there, here is a look back at your week.',
    );
    expect(digestGreeting({ tone: 'brief', persona: 'strategist' }, null)).toBe('Your week.');
  });
});

describe('plural', () => {
  it.each([
    [0, 'workout', '0 workouts'],
    [1, 'workout', '1 workout'],
    [2, 'workout', '2 workouts'],
    [1.5, 'hour', '1.5 hours'],
    [1, 'mood check-in', '1 mood check-in'],
  ])('writes %s %s as %j', (n, noun, text) => {
    expect(plural(n, noun)).toBe(text);
  });
});
