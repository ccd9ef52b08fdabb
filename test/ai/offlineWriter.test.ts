import { describe, expect, it } from 'vitest';
import { createOfflineWriter } from '../../src/ai/offlineWriter.ts';
import type { DigestFacts } from '../../src/domain/digest.ts';
import { templateDigest } from '../../src/domain/digestTemplate.ts';

const facts: DigestFacts = {
  periodStart: '2025-01-05T20:00:00.000Z',
  periodEnd: '2025-01-12T20:00:00.000Z',
  workouts: { count: 2, minutes: 80 },
  meals: { count: 0, avgCalories: null },
  sleep: { nights: 5, avgHours: 7.5 },
  mood: { entries: 0, avgMood: null, avgStress: null },
  coach: { messages: 0, excerpts: [] },
};

describe('createOfflineWriter', () => {
  it('writes template digests with no external call', async () => {
    const writer = createOfflineWriter();
    const result = await writer.writeDigest(facts);
    expect(result).toEqual({ value: templateDigest(facts), method: 'template', model: null, attempts: 0 });
    expect(writer).toMatchObject({ kind: 'offline', model: null });
    expect(writer.usage()).toEqual({
      requests: 0,
      promptTokens: 0,
      completionTokens: 0,
      estimatedCostUsd: 0,
    });
  });

  it("records its results as 'fallback' when it stands in for AI", async () => {
    const result = await createOfflineWriter('fallback').writePlan({
      profile: {
        primaryGoal: null,
        experienceLevel: null,
        daysPerWeek: 2,
        sessionMinutes: 40,
        equipment: [],
        workoutLocation: null,
        injuries: [],
        conditions: [],
        contraindications: [],
        isPregnantOrBreastfeeding: false,
        isRecoveringFromSurgery: false,
        allergies: [],
        intolerances: [],
        dietPattern: null,
        faithDietRules: [],
        dailyKcalTarget: null,
        macroTargets: null,
        coachingTone: null,
        coachingPersona: null,
      },
      wellness: {
        workouts: 0,
        workoutMinutes: 0,
        avgSleepHours: null,
        avgMood: null,
        avgStress: null,
        stressfulDays: 0,
        mealsLogged: 0,
      },
    });
    expect(result).toMatchObject({ method: 'fallback', attempts: 0 });
    expect(result.value.training.workouts).toHaveLength(2);
    expect(result.value.training.schedule.frequency).toBe('2 days per week');
  });
});
