import { describe, expect, it } from 'vitest';
import { createVerifySession } from '../../src/verify/context.ts';
import { workflowChecks } from '../../src/verify/repository.ts';
import { runChecks } from '../../src/verify/run.ts';
import { matchesSlot, workflowCrons } from '../../src/verify/schedule.ts';

describe('matchesSlot', () => {
  it.each([
    ['0 20 * * 0', '7 20 * * 0'],
    ['0 20 * * 0', '0 20 * * SUN'],
    ['0 20 * * 0', '15 20 * * 7'],
    ['0 8 * * *', '13 8 * * *'],
    ['0 6 * * 1', '11 6 * * mon'],
  ])("accepts the slot '%s' as '%s'", (slot, cron) => {
    expect(matchesSlot(slot, cron)).toEqual({ ok: true });
  });

  it.each([
    ['0 20 * * 0', '16 20 * * 0', 'minute 16'],
    ['0 20 * * 0', '7 19 * * 0', 'hour 19'],
    ['0 20 * * 0', '7 20 * * 1', 'day of week 1'],
    ['0 8 * * *', '*/5 8 * * *', 'minute */5'],
    ['0 8 * * *', '0 8 * *', 'not a 5-field cron'],
  ])("refuses the slot '%s' as '%s'", (slot, cron, why) => {
    const match = matchesSlot(slot, cron);
    expect(match.ok).toBe(false);
    expect(match.ok ? '' : match.reason).toContain(why);
  });
});

describe('workflowCrons', () => {
  it('reads quoted and bare schedule entries and drops comments', () => {
    const text =
      'on:\n  schedule:\n    # at 20:07\n    - cron: \'7 20 * * 0\' # Sunday\n    - cron: "0 3 * * *"\n    - cron: 5 4 * * *\n';
    expect(workflowCrons(text)).toEqual(['7 20 * * 0', '0 3 * * *', '5 4 * * *']);
  });
});

describe("the repository's own workflows", () => {
  it('exist for every job and keep the registry slots', async () => {
    const session = createVerifySession({
      config: null,
      configError: 'not needed',
      options: {
        skipOpenai: true,
        functionsUrl: null,
        anonKey: null,
        repoDir: process.cwd(),
        repoDirExplicit: true,
        fetch,
      },
    });
    const result = await runChecks(workflowChecks(), session);
    expect(
      result.checks.map((c) => `${c.status} ${c.name}: ${c.reason}`).filter((l) => !l.startsWith('pass')),
    ).toEqual([]);
    expect(result.passed).toBe(4);
  });
});
