import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { JOBS, THRESHOLD_ENV_SUFFIX, thresholdVariable } from '../../src/domain/jobs.ts';

describe('per-job thresholds from STRUKT_THRESHOLD_* variables', () => {
  it('reads shares, durations, factors and counts for the job the variable names, and nothing else', () => {
    const config = loadConfig({
      STRUKT_THRESHOLD_WEEKLY_DIGEST_MAX_CALL_RETRY_RATE: '25%',
      STRUKT_THRESHOLD_WEEKLY_DIGEST_MAX_BATCH_FAILED_SHARE: '5%',
      STRUKT_THRESHOLD_PLAN_REFRESH_MAX_BATCH_FAILED_SHARE: '0.2',
      STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_PER_USER: '1.5s',
      STRUKT_THRESHOLD_WEEKLY_DIGEST_SLOW_RUN_MEDIAN_FACTOR: '0',
      STRUKT_THRESHOLD_PLAN_REFRESH_SLOW_RUN_BASE: '2m',
      STRUKT_THRESHOLD_USER_STATUS_MIN_RUNS: '5',
      STRUKT_THRESHOLD_USER_STATUS_MAX_RETRY_RATE: '0.05',
      STRUKT_THRESHOLD_USER_STATUS_MIN_CALLS: '',
    });
    expect(config.thresholds).toEqual({
      'weekly-digest': {
        maxCallRetryRate: 0.25,
        maxBatchFailedShare: 0.05,
        slowRunMsPerUser: 1500,
        slowRunMedianFactor: 0,
      },
      'plan-refresh': { slowRunBaseMs: 120_000, maxBatchFailedShare: 0.2 },
      'user-status': { minRuns: 5, maxRetryRate: 0.05 },
    });
    expect(loadConfig({}).thresholds).toEqual({});
  });

  it('names the variable and what it expected when a value is wrong', () => {
    const load = () =>
      loadConfig({
        STRUKT_THRESHOLD_WEEKLY_DIGEST_MAX_CALL_RETRY_RATE: '1.5',
        STRUKT_THRESHOLD_USER_STATUS_SLOW_RUN_PER_USER: 'fast',
      });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      'STRUKT_THRESHOLD_WEEKLY_DIGEST_MAX_CALL_RETRY_RATE: Expected a share from 0 to 1 like 0.2, or a percentage like 20%; got "1.5"',
    );
    expect(load).toThrow(
      'STRUKT_THRESHOLD_USER_STATUS_SLOW_RUN_PER_USER: Expected a duration with a unit, like 1500ms, 30s or 2m; got "fast"',
    );
  });

  it('has one variable per job and threshold, all documented in docs/operations.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const docs = await readFile(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    for (const suffix of Object.values(THRESHOLD_ENV_SUFFIX)) expect(docs).toContain(suffix);
    for (const job of JOBS) {
      expect(docs).toContain(`STRUKT_THRESHOLD_${job.name.toUpperCase().replace(/-/g, '_')}_`);
      expect(thresholdVariable(job.name, 'minRuns')).toMatch(/^STRUKT_THRESHOLD_[A-Z_]+_MIN_RUNS$/);
    }
  });
});
