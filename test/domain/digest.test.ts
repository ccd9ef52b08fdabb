import { describe, expect, it } from 'vitest';
import {
  DIGEST_MAX_WORDS,
  buildDigestPrompt,
  digestJsonSchema,
  digestSchema,
  digestText,
  redactExcerpt,
  validateDigest,
  type Digest,
  type DigestFacts,
} from '../../src/domain/digest.ts';

const busyWeek: DigestFacts = {
  periodStart: '2025-01-05T20:00:00.000Z',
  periodEnd: '2025-01-12T20:00:00.000Z',
  workouts: { count: 4, minutes: 185 },
  meals: { count: 17, avgCalories: 612.4 },
  sleep: { nights: 6, avgHours: 5.93 },
  mood: { entries: 5, avgMood: 6.4, avgStress: 7.2 },
  coach: { messages: 3, excerpts: ['Felt tired after the 5k run', 'work has been hectic'] },
};

const okDigest: Digest = {
  training: 'You logged 4 workouts, about 3.1 hours in all.',
  nutrition: 'You logged 17 meals at around 610 calories each.',
  sleep: 'Sleep averaged 5.9 hours over 6 nights.',
  wellbeing: 'Mood sat at 6.4 out of 10 while stress ran at 7.2.',
  patterns: 'Training stayed steady even on busy days.',
};

describe('validateDigest', () => {
  it('accepts figures as given or rounded, hours from minutes and numbers from excerpts', () => {
    expect(validateDigest(okDigest, busyWeek)).toEqual([]);
    expect(validateDigest({ ...okDigest, patterns: 'Your 5k run stood out.' }, busyWeek)).toEqual([]);
  });

  it('flags a number that is not among the given figures', () => {
    const problems = validateDigest(
      { ...okDigest, training: 'You burned 2,400 calories in training.' },
      busyWeek,
    );
    expect(problems).toEqual(['training: mentions 2400, which is not among the given figures']);
  });

  it('flags an empty point', () => {
    expect(validateDigest({ ...okDigest, sleep: '  ' }, busyWeek)).toEqual([
      'sleep: empty, expected a sentence or two',
    ]);
  });

  it('flags a digest over the word limit', () => {
    const long = Array.from({ length: 45 }, () => 'steady').join(' ');
    const problems = validateDigest(
      { training: long, nutrition: long, sleep: long, wellbeing: long, patterns: long },
      busyWeek,
    );
    expect(problems).toEqual([`total: 225 words, expected at most ${DIGEST_MAX_WORDS}`]);
  });
});

describe('buildDigestPrompt', () => {
  it('asks for the five points under 200 words, using only the given figures', () => {
    const { system, user } = buildDigestPrompt(busyWeek);
    expect(system).toMatch(/training, nutrition, sleep, wellbeing \(mood and stress\) and patterns/);
    expect(system).toMatch(/under 200 words/);
    expect(system).toMatch(/supportive and observational/);
    expect(system).toMatch(/Only state figures given below/);
    expect(user).toContain('4 logged, 185 minutes');
    expect(user).toContain('average hours: 5.9');
    expect(user).toContain('"work has been hectic"');
  });

  it('carries the tone and persona, and asks for no name', () => {
    const { system, user } = buildDigestPrompt({
      ...busyWeek,
      voice: { tone: 'brief', persona: 'nurturer' },
    });
    expect(system).toContain('Write in the coaching tone the user chose, brief: as few words as will do');
    expect(system).toContain('Speak as their coach persona, the nurturer');
    expect(system).toContain('Do not address the user by name');
    expect(user).not.toMatch(/brief|nurturer/);
  });

  it('asks for the gentle tone when the facts carry none', () => {
    expect(buildDigestPrompt(busyWeek).system).toContain(
      'Write in the coaching tone the user chose, gentle:',
    );
  });

  it('sends at most ten excerpts, redacted again', () => {
    const facts: DigestFacts = {
      ...busyWeek,
      coach: {
        messages: 12,
        excerpts: Array.from({ length: 12 }, (_, i) => `note ${i} mail me at a.b@example.com`),
      },
    };
    const { user } = buildDigestPrompt(facts);
    expect(user).not.toContain('@');
    expect(user.match(/mail me at \[email\]/g)).toHaveLength(10);
  });
});

describe('digestText', () => {
  it('opens with the greeting, when given, before the labelled points', () => {
    const text = digestText(okDigest, 'Hi Sam, here is a look back at your week.');
    expect(text.split('\n\n')).toHaveLength(6);
    expect(text.startsWith('Hi Sam, here is a look back at your week.\n\nTraining: You logged 4')).toBe(true);
  });

  it('writes one labelled paragraph per point in the seed order', () => {
    const text = digestText(okDigest);
    expect(text.split('\n\n').map((p) => p.split(':')[0])).toEqual([
      'Training',
      'Nutrition',
      'Sleep',
      'Mood & stress',
      'Patterns',
    ]);
  });
});

describe('redactExcerpt', () => {
  it('removes emails and phone numbers', () => {
    expect(redactExcerpt('write to jane.doe+fit@mail.example.org or call +44 (0)20 7946 0958 today')).toBe(
      'write to [email] or call [phone] today',
    );
    expect(redactExcerpt('my number is 555-123-4567')).toBe('my number is [phone]');
  });

  it('keeps short numbers that are not phone numbers', () => {
    expect(redactExcerpt('ran 5 km in 30 minutes, 10 000 steps')).toBe(
      'ran 5 km in 30 minutes, 10 000 steps',
    );
  });

  it('truncates to 200 characters', () => {
    const out = redactExcerpt('a'.repeat(500));
    expect(Array.from(out)).toHaveLength(200);
    expect(out.endsWith('…')).toBe(true);
  });
});

describe('digestSchema', () => {
  it('has a strict JSON schema: every field required, no extra fields', () => {
    expect(digestJsonSchema).toMatchObject({
      type: 'object',
      required: ['training', 'nutrition', 'sleep', 'wellbeing', 'patterns'],
      additionalProperties: false,
    });
    expect(digestJsonSchema).not.toHaveProperty('$schema');
    expect(digestSchema.safeParse({ training: 'x' }).success).toBe(false);
  });
});
