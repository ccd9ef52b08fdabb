import { describe, expect, it } from 'vitest';
import { addressed, firstNameOf, personaOf, salutation, toneOf, voiceOf } from '../../src/domain/voice.ts';

describe('toneOf', () => {
  it.each([
    ['gentle', 'gentle'],
    ['Direct', 'direct'],
    [' CHEERLEADER ', 'cheerleader'],
    ['brief', 'brief'],
    ['tough love', 'direct'],
    ['hype me up', 'cheerleader'],
    ['short and concise', 'brief'],
    ['poetic', 'gentle'],
    ['', 'gentle'],
    [null, 'gentle'],
  ])('reads %j as %s', (raw, tone) => {
    expect(toneOf(raw)).toBe(tone);
  });
});

describe('personaOf', () => {
  it.each([
    ['motivator', 'motivator'],
    ['Nurturer', 'nurturer'],
    ['strategist', 'strategist'],
    ['guru', 'strategist'],
    [null, 'strategist'],
  ])('reads %j as %s', (raw, persona) => {
    expect(personaOf(raw)).toBe(persona);
  });

  it('goes with the tone into a voice', () => {
    expect(voiceOf('Brief', 'motivator')).toEqual({ tone: 'brief', persona: 'motivator' });
  });
});

describe('firstNameOf', () => {
  it.each([
    ['Maya Patel', 'Maya'],
    ['  Zoë\tAnn  Smith ', 'Zoë'],
    ["O'Brien", "O'Brien"],
    ['Jean-Luc Picard', 'Jean-Luc'],
    ['Maya', 'Maya'],
  ])('greets %j as %j', (full, first) => {
    expect(firstNameOf(full)).toBe(first);
  });

  it.each([
    ['an email', 'maya@example.com'],
    ['digits', '12345 Patel'],
    ['a handle', '@maya_p'],
    ['nothing', '   '],
    ['a word too long for a name', 'A'.repeat(31)],
  ])('has no name for %s', (_what, full) => {
    expect(firstNameOf(full)).toBeNull();
  });

  it('has no name without a full_name', () => {
    expect(firstNameOf(null)).toBeNull();
    expect(firstNameOf(undefined)).toBeNull();
  });
});

describe('salutation and addressed', () => {
  it('opens by tone, with and without a name', () => {
    expect(salutation('gentle', 'Sam')).toBe('Hi Sam,');
    expect(salutation('gentle', null)).toBe('Hi there,');
    expect(salutation('cheerleader', 'Sam')).toBe('Hey Sam!');
    expect(salutation('cheerleader', null)).toBe('Hey!');
    expect(salutation('direct', 'Sam')).toBe('Sam,');
    expect(salutation('brief', null)).toBe('');
  });

  it('goes on in lower case after a comma, except "I", and stands alone without an opening', () => {
    expect(addressed('Sam,', 'Your week.')).toBe('Sam, your week.');
    expect(addressed('Sam,', "I'm here.")).toBe("Sam, I'm here.");
    expect(addressed('Hey Sam!', 'Your week.')).toBe('Hey Sam! Your week.');
    expect(addressed('', 'Your week.')).toBe('Your week.');
  });
});
