import { describe, expect, it } from 'vitest';
import {
  nudgeMessage,
  proactiveMessage,
  stressEvidence,
  type StressEvidence,
} from '../../src/domain/notifications.ts';
import { COACH_PERSONAS, COACHING_TONES, type CoachingTone } from '../../src/domain/voice.ts';

const EVIDENCE: StressEvidence[] = ['messages', 'mood', 'both', 'streak', 'unknown'];

/** The seed's stress keywords: a text that echoes them sounds like it quotes the user. */
const KEYWORDS =
  /\b(stress|stressed|anxious|anxiety|overwhelmed|tired|exhausted|difficult|tough|hard time|struggling|down|sad|depressed|frustrated|angry|upset)\b/i;

const sam = (tone: CoachingTone, persona: 'strategist' | 'motivator' | 'nurturer' = 'strategist') => ({
  voice: { tone, persona },
  firstName: 'Sam',
});

/** What each kind of evidence must say it came from, and must not. */
const SOURCE: Record<Exclude<StressEvidence, 'unknown'>, { says: RegExp; not: RegExp }> = {
  messages: { says: /shared|told me|you've said|thrown a lot at you/i, not: /check-ins?|in a row|running/i },
  mood: { says: /check-ins/i, not: /shared|told me|said|chats?\b|in a row|running/i },
  both: { says: /(chats|messages).*check-ins/i, not: /in a row|running/i },
  streak: { says: /three hard days (in a row|running)/i, not: /check-ins?|shared|told me/i },
};

describe('stressEvidence', () => {
  it.each([
    [{ stressfulDays: 3, messageDays: 3, moodDays: 0 }, 'streak'],
    [{ stressfulDays: 3, messageDays: 0, moodDays: 3 }, 'streak'],
    [{ stressfulDays: 2, messageDays: 2, moodDays: 0 }, 'messages'],
    [{ stressfulDays: 2, messageDays: 0, moodDays: 2 }, 'mood'],
    [{ stressfulDays: 2, messageDays: 1, moodDays: 1 }, 'both'],
    [{ stressfulDays: 2, messageDays: null, moodDays: null }, 'unknown'],
  ] as const)('reads %j as %s', (days, kind) => {
    expect(stressEvidence(days)).toBe(kind);
  });
});

describe('proactiveMessage', () => {
  describe.each(COACHING_TONES)('in the %s tone', (tone) => {
    it.each(['messages', 'mood', 'both', 'streak'] as const)(
      'says what the %s evidence was, greets Sam, and quotes no keyword',
      (kind) => {
        const text = proactiveMessage(kind, sam(tone));
        expect(text).toMatch(SOURCE[kind].says);
        expect(text).not.toMatch(SOURCE[kind].not);
        expect(text).toContain('Sam');
        expect(text).not.toMatch(KEYWORDS);
      },
    );

    it('writes a different text for each kind of evidence', () => {
      const texts = EVIDENCE.map((kind) => proactiveMessage(kind, sam(tone)));
      expect(new Set(texts).size).toBe(EVIDENCE.length);
    });

    it('offers something different for each persona', () => {
      const texts = COACH_PERSONAS.map((persona) => proactiveMessage('messages', sam(tone, persona)));
      expect(new Set(texts).size).toBe(COACH_PERSONAS.length);
    });
  });

  it('sounds different in every tone for the same evidence', () => {
    for (const kind of EVIDENCE) {
      const texts = COACHING_TONES.map((tone) => proactiveMessage(kind, sam(tone)));
      expect(new Set(texts).size, kind).toBe(COACHING_TONES.length);
    }
  });

  it('opens by tone: warm, plain, upbeat or short', () => {
    expect(proactiveMessage('mood', sam('gentle'))).toMatch(/^Hi Sam, your mood check-ins/);
    expect(proactiveMessage('mood', sam('direct'))).toMatch(/^Sam, your check-ins show/);
    expect(proactiveMessage('mood', sam('cheerleader'))).toMatch(/^Hey Sam! .*!/);
    expect(proactiveMessage('mood', sam('brief'))).toMatch(/^Sam, your check-ins/);
    const words = (tone: CoachingTone) => proactiveMessage('streak', sam(tone)).split(/\s+/).length;
    expect(words('brief')).toBeLessThan(words('direct'));
    expect(words('direct')).toBeLessThan(words('gentle'));
  });

  it('reads naturally without a name', () => {
    const noName = (tone: CoachingTone) =>
      proactiveMessage('messages', { voice: { tone, persona: 'nurturer' }, firstName: null });
    expect(noName('gentle')).toMatch(/^Hi there, from what you've shared/);
    expect(noName('direct')).toMatch(/^You've told me/);
    expect(noName('cheerleader')).toMatch(/^Hey! Sounds like/);
    expect(noName('brief')).toBe("Rough few days, from what you've said. Rest if you need. I'm here.");
    for (const tone of COACHING_TONES) expect(noName(tone)).not.toMatch(/null|undefined|\s{2}|^ /);
  });

  it('never quotes the keywords, in any tone, evidence or persona', () => {
    for (const tone of COACHING_TONES) {
      for (const persona of COACH_PERSONAS) {
        for (const kind of EVIDENCE) {
          expect(proactiveMessage(kind, sam(tone, persona))).not.toMatch(KEYWORDS);
        }
      }
    }
  });
});

describe('nudgeMessage', () => {
  it('greets by name in every tone, each its own way', () => {
    const texts = COACHING_TONES.map((tone) => nudgeMessage(sam(tone)));
    expect(new Set(texts).size).toBe(COACHING_TONES.length);
    for (const text of texts) {
      expect(text).toContain('Sam');
      expect(text).not.toMatch(KEYWORDS);
    }
    expect(nudgeMessage(sam('brief'))).toBe('Sam, quick check-in today?');
  });
});
