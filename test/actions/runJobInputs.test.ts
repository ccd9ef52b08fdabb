import { describe, expect, it } from 'vitest';
import { readRunJobInputs } from '../../src/actions/runJobInputs.ts';

const DB = 'postgres://cron:s3cret-pass@db.example.test:5432/app';
const NOW = new Date('2025-11-09T20:07:00Z');

function read(inputs: Record<string, string>, env: Record<string, string> = {}) {
  const secrets: string[] = [];
  const core = {
    getInput: (name: string) => inputs[name] ?? '',
    setSecret: (s: string) => void secrets.push(s),
  };
  const result = () => readRunJobInputs(core, env, () => NOW);
  return { result, secrets };
}

describe('run-job inputs', () => {
  it('reads a scheduled run with the defaults of action.yml', () => {
    const { result } = read(
      { job: 'generateWeeklyDigest', 'database-url': DB, concurrency: '8', 'dry-run': 'false' },
      {
        GITHUB_EVENT_NAME: 'schedule',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'strukt/strukt-cron',
        GITHUB_RUN_ID: '42',
      },
    );
    const inputs = result();
    expect(inputs.job.name).toBe('weekly-digest');
    expect(inputs).toMatchObject({ mode: 'run', ai: 'openai', failOn: 'error', invoke: null });
    expect(inputs.options).toMatchObject({
      asOf: NOW,
      dryRun: false,
      shard: null,
      concurrency: 8,
      trigger: 'schedule',
      source: 'github',
      runUrl: 'https://github.com/strukt/strukt-cron/actions/runs/42',
    });
  });

  it('masks the connection string and its password before validating anything', () => {
    const { result, secrets } = read({ job: 'nope', 'database-url': DB, 'openai-api-key': 'sk-test-123456' });
    expect(result).toThrow(/Invalid input 'job': Unknown job 'nope'. Expected one of: weekly-digest/);
    expect(secrets).toEqual(expect.arrayContaining([DB, 's3cret-pass', 'sk-test-123456']));
  });

  it('lets a non-empty input override the environment', () => {
    const { result } = read(
      { job: 'user-status', 'database-url': DB, 'openai-model': 'gpt-4.1-mini' },
      {
        DATABASE_URL: 'postgres://other/db',
        OPENAI_MODEL: 'gpt-4o',
        OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      },
    );
    expect(result().config).toMatchObject({
      databaseUrl: DB,
      openaiModel: 'gpt-4.1-mini',
      openaiBaseUrl: 'http://127.0.0.1:9/v1',
    });
  });

  it.each([
    [{ shard: '5/4' }, /Invalid input 'shard' '5\/4'. Expected i\/n/],
    [{ 'as-of': 'yesterday' }, /Invalid input 'as-of' 'yesterday'. Expected an ISO 8601 time/],
    [{ concurrency: '0' }, /Invalid input 'concurrency' '0'. Expected a whole number from 1 to 64/],
    [{ 'time-budget': 'soon' }, /Invalid input 'time-budget' 'soon'/],
    [
      { 'time-budget': '25' },
      /Invalid input 'time-budget' '25': expected a duration with a unit, like 90s, 15m or 2h\./,
    ],
    [{ 'dry-run': 'yes' }, /Invalid input 'dry-run' 'yes'. Expected true or false/],
    [{ mode: 'remote' }, /Invalid input 'mode' 'remote'. Expected run or invoke/],
    [{ 'fail-on': 'never' }, /Invalid input 'fail-on' 'never'. Expected error or partial/],
    [{ ai: 'gpt' }, /Invalid input 'ai' 'gpt'. Expected openai, batch or offline/],
    [{ users: 'alice' }, /Invalid input 'users' entry 'alice'/],
    [{ job: '' }, /Input 'job' is empty/],
    [{ nudges: 'maybe' }, /Invalid input 'nudges' 'maybe'. Expected on or off/],
  ])('rejects %o naming the input', (bad, message) => {
    const { result } = read({ job: 'weekly-digest', 'database-url': DB, ...bad });
    expect(result).toThrow(message);
  });

  it('names the input, not the variable behind it, when a credential input is malformed', () => {
    const bad = read({ job: 'weekly-digest', 'database-url': 'mysql://db/app' });
    expect(bad.result).toThrow(
      "input 'database-url': Expected a connection string starting postgres:// or postgresql://; got (value hidden)",
    );
    const half = read({ job: 'weekly-digest', 'supabase-url': 'https://abcd.supabase.co' });
    expect(half.result).toThrow(
      "input 'supabase-service-role-key' is not set. input 'supabase-url' and input 'supabase-service-role-key' go together",
    );
    // The same value from the runner's environment is named as the variable it came in.
    const fromEnv = read({ job: 'weekly-digest' }, { SUPABASE_URL: 'abcd.supabase.co' });
    expect(fromEnv.result).toThrow(
      /SUPABASE_URL: Expected an https URL like https:\/\/abcd.supabase.co \(http only to this machine: localhost, 127.0.0.1 or ::1\); got "abcd.supabase.co"/,
    );
  });

  it('refuses to run without a database rather than fall back to an embedded one', () => {
    const { result } = read({ job: 'weekly-digest' });
    expect(result).toThrow(
      /No database given. Expected inputs 'supabase-url' and 'supabase-service-role-key'/,
    );
  });

  it('derives the functions URL from the Supabase URL in mode invoke', () => {
    const { result } = read({
      job: 'user-status',
      mode: 'invoke',
      'supabase-url': 'https://abcd.supabase.co/',
      'supabase-service-role-key': 'service-role-key',
    });
    expect(result().invoke).toEqual({
      baseUrl: 'https://abcd.supabase.co/functions/v1',
      key: 'service-role-key',
    });
  });

  it('turns nudges on only when asked: input on, else STRUKT_NUDGES, else off', () => {
    const run = (nudges: string, env: Record<string, string> = {}) =>
      read({ job: 'user-status', 'database-url': DB, nudges }, env).result().options.nudges;
    expect(run('')).toBe(false);
    expect(run('on')).toBe(true);
    expect(run('', { STRUKT_NUDGES: 'on' })).toBe(true);
    expect(run('off', { STRUKT_NUDGES: 'on' })).toBe(false);
  });

  it("leaves nudges unset in mode invoke unless the input is given: the function's own setting decides", () => {
    const invoke = (nudges: string) =>
      read({
        job: 'user-status',
        mode: 'invoke',
        nudges,
        'supabase-url': 'https://abcd.supabase.co',
        'supabase-service-role-key': 'k',
      }).result().options.nudges;
    expect(invoke('')).toBeUndefined();
    expect(invoke('on')).toBe(true);
    expect(invoke('off')).toBe(false);
  });

  it('rejects a shard in mode invoke: the edge function takes every user in one call', () => {
    const { result } = read({
      job: 'user-status',
      mode: 'invoke',
      shard: '1/2',
      'functions-url': 'http://127.0.0.1:9',
      'supabase-url': 'http://127.0.0.1:9',
      'supabase-service-role-key': 'k',
    });
    expect(result).toThrow(/Invalid input 'shard' '1\/2' with mode invoke/);
  });
});
