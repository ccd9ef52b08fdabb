import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAiWriter, type OpenAiWriterOptions } from '../../src/ai/openaiWriter.ts';
import { QuotaExceededError, type AiWriter, type Written } from '../../src/ai/types.ts';
import { DeadlineExceededError } from '../../src/lib/retry.ts';
import { withFallback } from '../../src/ai/withFallback.ts';
import { validateDigest, type Digest, type DigestFacts } from '../../src/domain/digest.ts';
import { fallbackPlan, validatePlan, type PlanInput } from '../../src/domain/plan.ts';
import {
  createVirtualClock,
  createVirtualOpenAI,
  sentText,
  startFakeOpenAI,
  type FakeOpenAI,
  type FakeOpenAIOptions,
  type VirtualClock,
  type VirtualOpenAIOptions,
} from '../support/fakeOpenAI.ts';

const facts = (n = 0): DigestFacts => ({
  periodStart: '2025-01-05T20:00:00.000Z',
  periodEnd: '2025-01-12T20:00:00.000Z',
  workouts: { count: 3 + (n % 3), minutes: 150 + n },
  meals: { count: 14, avgCalories: 640 },
  sleep: { nights: 6, avgHours: 7.1 },
  mood: { entries: 4, avgMood: 6.5, avgStress: 4.5 },
  coach: {
    messages: 2,
    excerpts: ['legs sore after squats, ping me at sam.lee@example.com or 07700 900123'],
  },
});

const planInput: PlanInput = {
  profile: {
    primaryGoal: 'general fitness',
    experienceLevel: 'beginner',
    daysPerWeek: 3,
    sessionMinutes: 40,
    equipment: ['dumbbells'],
    workoutLocation: 'home',
    injuries: [],
    conditions: [],
    contraindications: [],
    isPregnantOrBreastfeeding: false,
    isRecoveringFromSurgery: false,
    allergies: ['peanuts'],
    intolerances: [],
    dietPattern: 'vegetarian',
    faithDietRules: [],
    dailyKcalTarget: null,
    macroTargets: null,
    coachingTone: 'warm',
    coachingPersona: 'mentor',
  },
  wellness: {
    workouts: 2,
    workoutMinutes: 70,
    avgSleepHours: 7,
    avgMood: 7,
    avgStress: 3,
    stressfulDays: 0,
    mealsLogged: 10,
  },
};

let server: FakeOpenAI | null = null;
let clock: VirtualClock;

afterEach(async () => {
  await server?.close();
  server = null;
});

async function setup(
  serverOpts: FakeOpenAIOptions = {},
  writerOpts: Partial<OpenAiWriterOptions> = {},
): Promise<{ fake: FakeOpenAI; writer: AiWriter }> {
  clock = createVirtualClock();
  server = await startFakeOpenAI(serverOpts);
  const writer = createOpenAiWriter({
    apiKey: 'sk-test',
    baseURL: server.url,
    model: 'gpt-4o-mini',
    sleep: clock.sleep,
    now: clock.now,
    fetch: clock.fetch,
    // Short enough to keep hang faults quick, long enough for a loaded test machine.
    timeoutMs: 500,
    ...writerOpts,
  });
  return { fake: server, writer };
}

describe('createOpenAiWriter', () => {
  it('writes a digest with a strict structured output in one request', async () => {
    const { fake, writer } = await setup();
    const result = await writer.writeDigest(facts());
    expect(result).toMatchObject({ method: 'ai', model: 'gpt-4o-mini', attempts: 1 });
    expect(validateDigest(result.value, facts())).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    const body = fake.requests[0]?.body as Record<string, unknown>;
    expect(body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'weekly_digest', strict: true, schema: { additionalProperties: false } },
    });
  });

  it('sends figures and redacted excerpts only, never contact details', async () => {
    const { fake, writer } = await setup();
    await writer.writeDigest(facts());
    const sent = sentText(fake.requests);
    expect(sent).toContain('legs sore after squats');
    expect(sent).not.toContain('sam.lee');
    expect(sent).not.toContain('900123');
    expect(sent).not.toContain('@');
    expect(sent).not.toMatch(/user_?id/i);
  });

  it('writes a plan that passes the plan checks', async () => {
    const { writer } = await setup();
    const result = await writer.writePlan(planInput);
    expect(result.method).toBe('ai');
    expect(validatePlan(result.value, planInput)).toEqual([]);
  });

  it("asks for the app's plan shape with a strict schema, and gets the profile's targets back", async () => {
    const { fake, writer } = await setup();
    const targeted: PlanInput = {
      ...planInput,
      profile: {
        ...planInput.profile,
        coachingTone: 'direct',
        dailyKcalTarget: 2300,
        macroTargets: { proteinG: 150, carbsG: null, fatG: 70 },
      },
    };
    const result = await writer.writePlan(targeted);
    expect(result.method).toBe('ai');
    expect(result.value.nutrition.daily_targets).toEqual({
      calories: 2300,
      protein_g: 150,
      carbs_g: null,
      fat_g: 70,
    });
    expect(result.value.coaching.tone).toBe('direct');
    const body = fake.requests[0]?.body as { response_format: { json_schema: Record<string, unknown> } };
    expect(body.response_format.json_schema).toMatchObject({
      name: 'weekly_plan',
      strict: true,
      schema: { additionalProperties: false, required: ['training', 'nutrition', 'recovery', 'coaching'] },
    });
    expect(sentText(fake.requests)).toContain('Allergies: [\\"peanuts\\"]');
  });

  it('falls back when the model answers a plan that names an allergen', async () => {
    const unsafe = fallbackPlan(planInput);
    unsafe.nutrition.sample_meals.snacks = 'Celery with peanut butter';
    const { fake, writer } = await setup({ content: () => unsafe });
    const result = await withFallback(writer).writePlan(planInput);
    expect(result).toMatchObject({ method: 'fallback', fallbackReason: 'invalid' });
    expect(result.value.nutrition.sample_meals.snacks).not.toMatch(/peanut/i);
    expect(fake.requests).toHaveLength(3);
  });

  it('retries a timed-out request', async () => {
    const { fake, writer } = await setup({ faults: { sequence: ['hang'] } });
    const start = clock.now();
    const result = await writer.writeDigest(facts());
    expect(result).toMatchObject({ method: 'ai', attempts: 2 });
    expect(fake.requests.map((r) => r.outcome)).toEqual(['hang', 'ok']);
    expect(clock.now() - start).toBe(3000);
  });

  it('is the only retry layer: one 500 costs exactly one extra request', async () => {
    const { fake, writer } = await setup({ faults: { sequence: ['server_error'] } });
    const result = await writer.writeDigest(facts());
    expect(result.attempts).toBe(2);
    expect(fake.requests).toHaveLength(2);
  });

  it('retries malformed JSON', async () => {
    const { writer } = await setup({ faults: { sequence: ['malformed'] } });
    expect(await writer.writeDigest(facts())).toMatchObject({ method: 'ai', attempts: 2 });
  });

  it('waits out a Retry-After longer than the scheduled delay', async () => {
    const { fake, writer } = await setup({ faults: { sequence: ['rate_limit'], retryAfterSeconds: 8 } });
    const result = await writer.writeDigest(facts());
    expect(result.attempts).toBe(2);
    const [first, second] = fake.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBe(8000);
  });

  it('gives up after the seed schedule of three tries', async () => {
    const { fake, writer } = await setup({
      faults: { sequence: ['server_error', 'server_error', 'server_error'] },
    });
    await expect(writer.writeDigest(facts())).rejects.toMatchObject({
      name: 'RetryExhaustedError',
      attempts: 3,
    });
    const times = fake.requests.map((r) => r.at - (fake.requests[0]?.at ?? 0));
    expect(times).toEqual([0, 3000, 13000]);
  });

  it('starts no try after the deadline', async () => {
    const { fake, writer } = await setup({ faults: { rate: 1, kinds: ['server_error'] } });
    const deadline = clock.now() + 5000;
    await expect(writer.writeDigest(facts(), { deadline })).rejects.toMatchObject({
      attempts: 2,
      stoppedBy: 'deadline',
    });
    expect(fake.requests.every((r) => r.at <= deadline)).toBe(true);
  });

  it('does not retry a 400, and falls back with its status', async () => {
    let calls = 0;
    const badRequest = (async () => {
      calls += 1;
      return new Response(
        JSON.stringify({ error: { message: 'Invalid schema', type: 'invalid_request_error', code: null } }),
        { status: 400, headers: { 'content-type': 'application/json' } },
      );
    }) as unknown as typeof fetch;
    const { writer } = await setup({}, { fetch: badRequest });
    const result = await withFallback(writer).writeDigest(facts());
    expect(result).toMatchObject({ method: 'fallback', attempts: 1, fallbackReason: 'http_400' });
    expect(calls).toBe(1);
  });

  it('rejects options out of range, saying what it expected', () => {
    expect(() =>
      createOpenAiWriter({ apiKey: 'k', model: 'm', sleep: async () => {}, requestsPerMinute: 0 }),
    ).toThrow('Expected `requestsPerMinute` to be an integer from 1 and up, got `0` (number)');
  });
});

describe('insufficient_quota', () => {
  it('throws QuotaExceededError naming the quota, without retrying', async () => {
    const { fake, writer } = await setup({ faults: { sequence: ['insufficient_quota'] } });
    const error = await writer.writeDigest(facts()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuotaExceededError);
    expect((error as Error).message).toMatch(/^OpenAI quota exhausted \(insufficient_quota\): /);
    expect(fake.requests).toHaveLength(1);
  });

  it('sends nothing more once the quota is gone, even through withFallback', async () => {
    const { fake, writer } = await setup({ faults: { rate: 1, kinds: ['insufficient_quota'] } });
    const guarded = withFallback(writer);
    const all = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => guarded.writeDigest(facts(i))));
    expect(all.every((r) => r.status === 'rejected' && r.reason instanceof QuotaExceededError)).toBe(true);
    const sent = fake.requests.length;
    await expect(guarded.writePlan(planInput)).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(guarded.writeDigest(facts())).rejects.toBeInstanceOf(QuotaExceededError);
    expect(fake.requests).toHaveLength(sent);
  });
});

describe('withFallback', () => {
  it('falls back on a refusal at once, with the reason and the try it used', async () => {
    const { fake, writer } = await setup({ faults: { sequence: ['refusal'] } });
    const result = await withFallback(writer).writeDigest(facts());
    expect(result).toMatchObject({ method: 'fallback', model: null, attempts: 1, fallbackReason: 'refusal' });
    expect(validateDigest(result.value, facts())).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('falls back after three server errors with reason http_500', async () => {
    const { writer } = await setup({ faults: { rate: 1, kinds: ['server_error'] } });
    const result = await withFallback(writer).writePlan(planInput);
    expect(result).toMatchObject({ method: 'fallback', attempts: 3, fallbackReason: 'http_500' });
    expect(validatePlan(result.value, planInput)).toEqual([]);
  });

  it('passes on DeadlineExceededError, writing nothing, when the deadline has passed', async () => {
    const { fake, writer } = await setup();
    await expect(
      withFallback(writer).writeDigest(facts(), { deadline: clock.now() - 1 }),
    ).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(fake.requests).toHaveLength(0);
  });

  it('passes on DeadlineExceededError when the next request slot is after the deadline', async () => {
    const { fake, writer } = await setup({}, { requestsPerMinute: 1 });
    const guarded = withFallback(writer);
    const deadline = clock.now() + 30_000;
    expect(await guarded.writeDigest(facts(), { deadline })).toMatchObject({ method: 'ai', attempts: 1 });
    await expect(guarded.writeDigest(facts(), { deadline })).rejects.toBeInstanceOf(DeadlineExceededError);
    expect(fake.requests).toHaveLength(1);
  });

  it('falls back with the real failure when a call was tried, then ran out of time', async () => {
    const { writer } = await setup({ faults: { rate: 1, kinds: ['malformed'] } });
    const result = await withFallback(writer).writeDigest(facts(), { deadline: clock.now() + 5000 });
    expect(result).toMatchObject({ method: 'fallback', attempts: 2, fallbackReason: 'malformed_json' });
  });

  it('ends every call with a valid AI result or a fallback under 20% faults', async () => {
    const { fake, writer } = await setup({ faults: { rate: 0.2, seed: 7 } }, { requestsPerMinute: 500 });
    const guarded = withFallback(writer);
    const results: Written<Digest>[] = await Promise.all(
      Array.from({ length: 50 }, (_, i) => guarded.writeDigest(facts(i))),
    );
    results.forEach((r, i) => {
      if (r.method === 'ai') expect(validateDigest(r.value, facts(i))).toEqual([]);
      else
        expect(r).toMatchObject({
          method: 'fallback',
          fallbackReason: expect.stringMatching(/^[a-z_0-9]+$/),
        });
    });
    const outcomes = new Set(fake.requests.map((r) => r.outcome));
    expect(outcomes.size).toBeGreaterThan(3);
    expect(results.some((r) => r.method === 'ai' && r.attempts > 1)).toBe(true);
    expect(results.filter((r) => r.method === 'ai').length).toBeGreaterThan(40);
    expect(Math.max(...results.map((r) => r.attempts))).toBeLessThanOrEqual(3);
  });
});

describe('limits', () => {
  it('never starts more than the requests-per-minute cap in any minute', async () => {
    const { fake, writer } = await setup({}, { requestsPerMinute: 60, concurrency: 8 });
    const start = clock.now();
    const results = await Promise.all(Array.from({ length: 150 }, (_, i) => writer.writeDigest(facts(i))));
    expect(results.every((r) => r.method === 'ai')).toBe(true);
    const stats = fake.stats();
    expect(stats.accepted).toBe(150);
    expect(stats.maxRequestsInAnyMinute).toBeLessThanOrEqual(60);
    // Spread evenly, the cap is used, not undershot: 150 requests take about 150 s.
    expect(stats.maxRequestsInAnyMinute).toBeGreaterThanOrEqual(59);
    expect(clock.now() - start).toBeGreaterThanOrEqual(149_000);
  });

  it('keeps no more than `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await clock.fetch(input, init);
      } finally {
        inFlight -= 1;
      }
    }) as typeof fetch;
    const { writer } = await setup(
      { latencyMs: 20 },
      { concurrency: 3, requestsPerMinute: 100_000, fetch: counting },
    );
    await Promise.all(Array.from({ length: 12 }, (_, i) => writer.writeDigest(facts(i))));
    expect(maxInFlight).toBe(3);
  });

  it('backs off on the server rate limit and still ends every call', async () => {
    const { fake, writer } = await setup({ rpmCap: 20 }, { requestsPerMinute: 60 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => withFallback(writer).writeDigest(facts(i))),
    );
    expect(results.every((r) => r.method === 'ai' || r.fallbackReason === 'http_429')).toBe(true);
    expect(fake.stats().maxRequestsInAnyMinute).toBeLessThanOrEqual(20);
    expect(fake.stats().rpmLimited).toBeLessThan(results.length);
  });
});

describe('usage', () => {
  it('sums tokens from every response and prices them', async () => {
    const { fake, writer } = await setup({ faults: { sequence: ['malformed'] } });
    await writer.writeDigest(facts());
    await writer.writePlan(planInput);
    const prompt = fake.requests.reduce((n, r) => n + (r.usage?.prompt_tokens ?? 0), 0);
    const completion = fake.requests.reduce((n, r) => n + (r.usage?.completion_tokens ?? 0), 0);
    const usage = writer.usage();
    expect(usage).toMatchObject({ requests: 3, promptTokens: prompt, completionTokens: completion });
    expect(usage.estimatedCostUsd).toBeCloseTo((prompt * 0.15 + completion * 0.6) / 1e6, 12);
    expect(usage.costNote).toBeUndefined();
  });

  it('counts a model without a price as 0 and says so; prices can be given', async () => {
    const { writer } = await setup({}, { model: 'house-model-2025-01-01' });
    await writer.writeDigest(facts());
    expect(writer.usage()).toMatchObject({
      estimatedCostUsd: 0,
      costNote: 'No price known for model house-model-2025-01-01; its cost is counted as 0.',
    });
    await server?.close();
    server = null;
    const priced = await setup(
      {},
      { model: 'house-model-2025-01-01', prices: { 'house-model': { inputPerMTok: 1e6, outputPerMTok: 0 } } },
    );
    await priced.writer.writeDigest(facts());
    expect(priced.writer.usage().estimatedCostUsd).toBe(priced.writer.usage().promptTokens);
  });
});

describe('adaptive limits (virtual OpenAI, virtual clock)', () => {
  const RATE_HEADERS = (limit: number, remaining = limit - 1, reset = '6ms') => ({
    'x-ratelimit-limit-requests': String(limit),
    'x-ratelimit-remaining-requests': String(remaining),
    'x-ratelimit-reset-requests': reset,
  });

  function virtualWriter(options: VirtualOpenAIOptions, writerOpts: Partial<OpenAiWriterOptions> = {}) {
    clock = createVirtualClock();
    const openai = createVirtualOpenAI(clock, options);
    const writer = createOpenAiWriter({
      apiKey: 'sk-test',
      baseURL: 'http://virtual.test/v1',
      model: 'gpt-4o-mini',
      sleep: clock.sleep,
      now: clock.now,
      fetch: openai.fetch,
      ...writerOpts,
    });
    return { openai, writer };
  }

  /** Most requests sent in any 60 s window. */
  function maxInAnyMinute(sent: readonly number[]): number {
    let max = 0;
    for (let j = 0, i = 0; j < sent.length; j++) {
      while (sent[i]! <= sent[j]! - 60_000) i++;
      max = Math.max(max, j - i + 1);
    }
    return max;
  }

  it('learns the cap from x-ratelimit-limit-requests and keeps rate × latency in flight', async () => {
    // 3 s answers and a 10,000/min cap: filling the cap takes 10,000 / 60 × 3 ≈ 500 in flight.
    const inFlight: number[] = [];
    const { openai, writer } = virtualWriter({
      latencyMs: () => 3000,
      headers: () => RATE_HEADERS(10_000),
    });
    const calls = 4000;
    const results = await Promise.all(
      Array.from({ length: calls }, (_, i) =>
        writer.writeDigest(facts(i)).then((r) => {
          inFlight.push(openai.inFlight());
          return r;
        }),
      ),
    );
    expect(results.every((r) => r.method === 'ai')).toBe(true);
    const { sent } = openai;
    // Once the first answer named the cap: starts at 99% of it (CAP_MARGIN), never above it.
    const steady = sent.filter((t) => t >= sent[0]! + 10_000 && t <= sent.at(-1)! - 1000);
    const perMinute = ((steady.length - 1) / (steady.at(-1)! - steady[0]!)) * 60_000;
    expect(perMinute).toBeGreaterThan(9700);
    expect(perMinute).toBeLessThan(9901);
    expect(maxInAnyMinute(sent)).toBeLessThanOrEqual(10_000);
    // In flight while the calls were steady: about 9,900 / 60 × 3 = 495.
    const middle = inFlight.slice(calls / 4, (calls * 3) / 4).sort((a, b) => a - b);
    expect(middle[Math.floor(middle.length / 2)]).toBeGreaterThanOrEqual(470);
    expect(middle[Math.floor(middle.length / 2)]).toBeLessThanOrEqual(500);
    // The job keeps the writer fed: its capacity covers what is in flight, with headroom.
    expect(writer.capacity?.()).toBeGreaterThanOrEqual(600);
  });

  it('without rate-limit headers, starts no more than the default 500 a minute', async () => {
    const { openai, writer } = virtualWriter({ latencyMs: () => 1000 });
    await Promise.all(Array.from({ length: 600 }, (_, i) => writer.writeDigest(facts(i))));
    expect(maxInAnyMinute(openai.sent)).toBeLessThanOrEqual(500);
    expect(maxInAnyMinute(openai.sent)).toBeGreaterThanOrEqual(490);
  });

  it('keeps in flight under `concurrency` however slow the answers', async () => {
    const { openai, writer } = virtualWriter(
      { latencyMs: () => 20_000, headers: () => RATE_HEADERS(10_000) },
      { concurrency: 100 },
    );
    let most = 0;
    await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        writer.writeDigest(facts(i)).then(() => (most = Math.max(most, openai.inFlight() + 1))),
      ),
    );
    expect(most).toBeLessThanOrEqual(100);
    expect(most).toBeGreaterThanOrEqual(95);
  });

  it('shrinks the rate while x-ratelimit-remaining-requests says the budget is nearly gone', async () => {
    // After more than a minute at full rate (594 a minute under a 600 cap), another client spends
    // the key: from the 700th request on, 1% of the budget is left (a tenth of the low-water
    // mark of 10%), until 20 s later.
    let lowFrom: number | null = null;
    const { openai, writer } = virtualWriter({
      latencyMs: () => 500,
      headers: (i, at) => {
        if (i === 700) lowFrom = at;
        const low = lowFrom !== null && at < lowFrom + 20_000;
        return low ? RATE_HEADERS(600, 6, '20s') : RATE_HEADERS(600);
      },
    });
    await Promise.all(Array.from({ length: 1000 }, (_, i) => writer.writeDigest(facts(i))));
    const { sent } = openai;
    const within = (from: number, to: number) => sent.filter((t) => t >= from && t < to).length;
    const start = lowFrom!;
    expect(start - sent[0]!).toBeGreaterThan(60_000);
    // Full rate before (9.9 a second); once the low reading is back (after 500 ms), a tenth of it,
    // at once, not a stop until the last minute's starts have aged out; full rate again when the
    // server said the budget would be whole (20 s).
    expect(within(start - 10_000, start)).toBeGreaterThanOrEqual(98);
    expect(within(start + 1000, start + 11_000)).toBeGreaterThanOrEqual(8);
    expect(within(start + 1000, start + 11_000)).toBeLessThanOrEqual(11);
    const after = sent.filter((t) => t >= start + 21_000);
    expect(after.length).toBeGreaterThan(100);
    expect(((after.length - 1) / (after.at(-1)! - after[0]!)) * 1000).toBeGreaterThan(9.5);
    expect(maxInAnyMinute(sent)).toBeLessThanOrEqual(600);
  });

  it('pauses every request for Retry-After on a 429, once for the requests sent before it', async () => {
    let refusedAt: number | null = null;
    const { openai, writer } = virtualWriter({
      latencyMs: () => 1000,
      headers: () => RATE_HEADERS(6000),
      // Ten requests in a row are refused with Retry-After 5 s: the first to come back pauses
      // everyone; the nine after it were sent before that pause and do not extend it.
      error: (i, at) => {
        if (i < 300 || i >= 310) return null;
        refusedAt ??= at;
        return { status: 429, code: 'rate_limit_exceeded', headers: { 'retry-after': '5' } };
      },
    });
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => writer.writeDigest(facts(i))));
    expect(results.every((r) => r.method === 'ai')).toBe(true);
    const { sent } = openai;
    // The first refusal comes back 1 s after it was sent; nothing starts for the next 5 s.
    const answeredAt = refusedAt! + 1000;
    const gap = sent.filter((t) => t > answeredAt && t < answeredAt + 5000);
    expect(gap).toEqual([]);
    // One pause, not ten chained ones: requests start again when it ends.
    expect(sent.some((t) => t >= answeredAt + 5000 && t < answeredAt + 5200)).toBe(true);
  });
});
