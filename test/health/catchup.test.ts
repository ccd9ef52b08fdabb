import { describe, expect, it } from 'vitest';
import type { GitHubClient } from '../../src/github/client.ts';
import { alertMarker, parseStateMarker } from '../../src/health/markers.ts';
import { runHealthCheck } from '../../src/health/check.ts';
import type { HealthCheckOptions } from '../../src/health/check.ts';
import {
  HOUR,
  LAST_SLOT,
  WEEK,
  alertIssues,
  fakeClient,
  recordDigestRun,
  writes,
  healthFixture,
  checkDeps,
} from './support.ts';

const MISSED_MARKER = alertMarker('weekly-digest', 'missed-schedule');
const SLOT_ISO = new Date(LAST_SLOT).toISOString();
/** Three hours after last Sunday's 20:00 slot: past its 90-minute grace period. */
const NOW = LAST_SLOT + 3 * HOUR;
const options: HealthCheckOptions = { jobs: ['weekly-digest'], dryRun: false, catchUp: true };

const h = healthFixture({
  // The three earlier slots of the 28-day window ran on time; last Sunday's did not run at all.
  each: async (db) => {
    for (let k = 1; k <= 3; k++) {
      await recordDigestRun(db.db, { runTime: LAST_SLOT - k * WEEK + 4 * 60_000 });
    }
  },
});

const check = (
  now: number,
  more: Partial<HealthCheckOptions> = {},
  octokit: GitHubClient = fakeClient(h.fake),
) => runHealthCheck(checkDeps(h, now, octokit), { ...options, ...more });

const missedIssues = () => alertIssues(h.fake, MISSED_MARKER);

describe('catch-up dispatch', () => {
  it('dispatches one catch-up run per missed slot and closes the alert once the run is recorded', async () => {
    const first = await check(NOW);
    expect(first.failures).toEqual([]);
    expect(first.health[0]?.checks['missed-schedule'].missedSlots).toEqual([SLOT_ISO]);
    expect(missedIssues()).toHaveLength(1);
    expect(h.fake.issues).toHaveLength(1);
    expect(h.fake.dispatches).toEqual([
      { workflow: 'weekly-digest.yml', ref: 'main', inputs: { as_of: SLOT_ISO } },
    ]);
    expect(first.dispatched).toEqual([{ job: 'weekly-digest', slot: SLOT_ISO }]);
    expect(parseStateMarker(missedIssues()[0]?.body)?.dispatchedSlots).toEqual([SLOT_ISO]);

    // An hour later the catch-up run has not landed: the slot is still missed, but already dispatched.
    const second = await check(NOW + HOUR);
    expect(second.health[0]?.checks['missed-schedule'].state).toBe('breach');
    expect(second.catchUps.map((c) => c.status)).toEqual(['already-dispatched']);
    expect(second.dispatched).toEqual([]);
    expect(h.fake.dispatches).toHaveLength(1);
    expect(parseStateMarker(missedIssues()[0]?.body)?.dispatchedSlots).toEqual([SLOT_ISO]);

    // The catch-up run declares the slot as its period end, which covers it however late it ran.
    await recordDigestRun(h.t.db, {
      runTime: NOW + 90 * 60_000,
      periodEnd: SLOT_ISO,
      trigger: 'workflow_dispatch',
    });
    const third = await check(NOW + 2 * HOUR);
    expect(third.health[0]?.checks['missed-schedule'].state).toBe('ok');
    expect(missedIssues().map((i) => i.state)).toEqual(['open']);
    await check(NOW + 3 * HOUR);
    expect(missedIssues()).toMatchObject([{ state: 'closed', stateReason: 'completed' }]);
    expect(h.fake.comments.map((c) => c.body)).toEqual([expect.stringMatching(/^Recovered: /)]);
    expect(h.fake.dispatches).toHaveLength(1);
  });

  it('catches up only the newest due slot, never an older hole behind it', async () => {
    await h.t.sql.exec('truncate admin.system_cron_logs');
    await recordDigestRun(h.t.db, { runTime: LAST_SLOT - 3 * WEEK + 4 * 60_000 });
    await recordDigestRun(h.t.db, { runTime: LAST_SLOT - 2 * WEEK + 4 * 60_000 });
    // Slots -1 week and 0 are both missed; the newest is dispatched.
    await check(NOW);
    expect(h.fake.dispatches.map((d) => d.inputs.as_of)).toEqual([SLOT_ISO]);
    // Once it is covered, the older hole is still missed (and reported) but not dispatched.
    await recordDigestRun(h.t.db, { runTime: NOW + 90 * 60_000, periodEnd: SLOT_ISO });
    const later = await check(NOW + 2 * HOUR);
    expect(later.health[0]?.checks['missed-schedule'].missedSlots).toEqual([
      new Date(LAST_SLOT - WEEK).toISOString(),
    ]);
    expect(later.catchUps).toEqual([]);
    expect(h.fake.dispatches).toHaveLength(1);
    expect(missedIssues().map((i) => i.state)).toEqual(['open']);
  });

  it('does not dispatch without catch-up, and plans without dispatching on a dry run', async () => {
    const off = await check(NOW, { catchUp: false });
    expect(off.catchUps).toEqual([]);
    expect(h.fake.dispatches).toEqual([]);
    expect(parseStateMarker(missedIssues()[0]?.body)?.dispatchedSlots).toBeUndefined();

    const before = writes(h.fake).length;
    const dry = await check(NOW + HOUR, { dryRun: true });
    expect(dry.catchUps.map((c) => c.status)).toEqual(['dry-run']);
    expect(h.fake.dispatches).toEqual([]);
    expect(writes(h.fake)).toHaveLength(before);
  });

  it('reports a refused dispatch as a failure and tries the slot again the next hour', async () => {
    const refusing = fakeClient(h.fake);
    refusing.hook.before('request', (request) => {
      if (request.url.includes('/dispatches')) {
        throw Object.assign(new Error("Workflow does not have 'workflow_dispatch' trigger"), { status: 422 });
      }
    });
    const first = await check(NOW, {}, refusing);
    expect(first.failures).toEqual([expect.stringMatching(/^dispatch weekly-digest\.yml for .*HTTP 422/)]);
    expect(first.catchUps.map((c) => c.status)).toEqual(['failed']);
    // The issue still opens, without remembering the slot.
    expect(missedIssues()).toHaveLength(1);
    expect(parseStateMarker(missedIssues()[0]?.body)?.dispatchedSlots).toBeUndefined();

    const second = await check(NOW + HOUR);
    expect(second.failures).toEqual([]);
    expect(h.fake.dispatches.map((d) => d.inputs.as_of)).toEqual([SLOT_ISO]);
  });

  it('dispatches nothing for a muted missed-schedule alert, which cannot remember the slot', async () => {
    h.fake.addIssue({
      title: '[cron-alert] weekly-digest: missed scheduled runs',
      labels: ['cron-alert', 'cron-alert:muted'],
      body: `${MISSED_MARKER}\nmuted by a human`,
    });
    const result = await check(NOW);
    expect(result.catchUps.map((c) => c.status)).toEqual(['not-recorded']);
    expect(h.fake.dispatches).toEqual([]);
    expect(writes(h.fake)).toEqual([]);
  });
});
