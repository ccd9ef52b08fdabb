import { describe, expect, it } from 'vitest';
import { planKeepAlive } from '../../src/github/keepAlive.ts';

describe('planKeepAlive', () => {
  it.each([
    ['active', true, 'resets the 60-day inactivity timer'],
    ['disabled_inactivity', true, 'switched off by GitHub'],
    ['disabled_manually', false, 'switched off by a person'],
    ['disabled_fork', false, "a fork's schedules stay off"],
    ['deleted', false, "state 'deleted' is not one this action changes"],
    [null, false, 'not found in the repository'],
  ])('%s → enable %s', (state, enable, reason) => {
    const [decision] = planKeepAlive([{ workflow: 'user-status.yml', state }]);
    expect(decision).toMatchObject({ workflow: 'user-status.yml', state, enable });
    expect(decision!.reason).toContain(reason);
  });
});
