import { describe, expect, it } from 'vitest';
import { readRunJobInputs } from '../../src/actions/runJobInputs.ts';
import { loadConfig } from '../../src/config/config.ts';
import { ConfigError } from '../../src/lib/errors.ts';
import { parseFunctionsUrl as parseCronFunctionsUrl } from '../../src/cron/pgCronSql.ts';
import { isLoopbackHost } from '../../src/lib/loopback.ts';
import { parseFunctionsUrl as parseVerifyFunctionsUrl } from '../../src/verify/functions.ts';

const KEY = 'service-role-key-for-tests';
const REMOTE_DB = 'postgresql://postgres.abcd:s3cret-pw@aws-0-eu-west-1.pooler.supabase.com:5432/postgres';

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loopback hosts', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.10.20.30', '::1', '[::1]'])(
    '%s is this machine',
    (h) => {
      expect(isLoopbackHost(h)).toBe(true);
    },
  );

  it.each([
    'example.com',
    '10.0.0.1',
    '0.0.0.0',
    'host.docker.internal',
    'localhost.evil.test',
    '128.0.0.1',
    '',
  ])('%s is not', (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('https only, except to this machine', () => {
  it.each([
    [
      'SUPABASE_URL',
      'https://abcd.supabase.co',
      { SUPABASE_URL: 'http://abcd.supabase.co', SUPABASE_SERVICE_ROLE_KEY: KEY },
    ],
    ['OPENAI_BASE_URL', 'https://api.openai.com/v1', { OPENAI_BASE_URL: 'http://proxy.example.test/v1' }],
  ])('refuses http in %s, saying what was expected and what came', (name, example, env) => {
    const message = configError(env);
    expect(message).toContain(
      `${name}: Expected an https URL like ${example} (http only to this machine: localhost, 127.0.0.1 or ::1)`,
    );
    expect(message).toContain(`got "${env[name as keyof typeof env]}"`);
  });

  it('accepts https anywhere and http to a local fake', () => {
    const config = loadConfig({
      SUPABASE_URL: 'http://127.0.0.1:54321',
      SUPABASE_SERVICE_ROLE_KEY: KEY,
      OPENAI_BASE_URL: 'http://localhost:8080/v1',
    });
    expect(config).toMatchObject({
      supabaseUrl: 'http://127.0.0.1:54321',
      openaiBaseUrl: 'http://localhost:8080/v1',
    });
    expect(
      loadConfig({ SUPABASE_URL: 'https://abcd.supabase.co', SUPABASE_SERVICE_ROLE_KEY: KEY }).supabaseUrl,
    ).toBe('https://abcd.supabase.co');
  });

  it("refuses http in the run-job action's input 'functions-url'", () => {
    const core = {
      getInput: (name: string) =>
        ({ job: 'user-status', mode: 'invoke', 'functions-url': 'http://abcd.supabase.co/functions/v1' })[
          name
        ] ?? '',
      setSecret: () => {},
    };
    expect(() => readRunJobInputs(core, { STRUKT_CRON_SECRET: 'cron-secret-for-tests-0123456789' })).toThrow(
      /Invalid input 'functions-url' 'http:\/\/abcd\.supabase\.co\/functions\/v1'\. Expected an https URL like https:\/\/abcd\.supabase\.co\/functions\/v1 \(http only to this machine/,
    );
  });

  it('refuses http in cron-sql --functions-url, whose address gets the Vault key at every run', () => {
    expect(() => parseCronFunctionsUrl('http://abcd.supabase.co/functions/v1')).toThrow(
      /Invalid --functions-url 'http:\/\/abcd\.supabase\.co\/functions\/v1': http to another machine\. Expected an https URL like/,
    );
    expect(parseCronFunctionsUrl('http://127.0.0.1:54321/functions/v1')).toBe(
      'http://127.0.0.1:54321/functions/v1',
    );
  });

  it('refuses http in verify --functions-url', () => {
    expect(parseVerifyFunctionsUrl('http://abcd.supabase.co/functions/v1')).toEqual({
      error: expect.stringMatching(
        /--functions-url uses http: for abcd\.supabase\.co; expected an https URL like https:\/\/<ref>\.supabase\.co\/functions\/v1 \(http only/,
      ),
    });
    expect(parseVerifyFunctionsUrl('http://[::1]:8787/functions/v1')).toEqual({
      url: 'http://[::1]:8787/functions/v1',
    });
  });
});

describe('DATABASE_URL and TLS', () => {
  it('refuses sslmode=disable to another machine, naming the variable and hiding the password', () => {
    const message = configError({ DATABASE_URL: `${REMOTE_DB}?sslmode=disable` });
    expect(message).toMatch(/^Invalid DATABASE_URL: Expected TLS to aws-0-eu-west-1\.pooler\.supabase\.com/);
    expect(message).not.toContain('s3cret-pw');
  });

  it('names the action input the URL came from', () => {
    const core = {
      getInput: (name: string) =>
        ({ job: 'user-status', 'database-url': `${REMOTE_DB}?sslmode=disable` })[name] ?? '',
      setSecret: () => {},
    };
    expect(() => readRunJobInputs(core, {})).toThrow(/^Invalid input 'database-url': Expected TLS to/);
  });

  it('allows it with STRUKT_ALLOW_INSECURE_DB=1, and only with a clear yes or no', () => {
    const config = loadConfig({
      DATABASE_URL: `${REMOTE_DB}?sslmode=disable`,
      STRUKT_ALLOW_INSECURE_DB: '1',
    });
    expect(config.allowInsecureDatabase).toBe(true);
    expect(loadConfig({}).allowInsecureDatabase).toBe(false);
    expect(configError({ STRUKT_ALLOW_INSECURE_DB: 'yes please' })).toMatch(
      /STRUKT_ALLOW_INSECURE_DB: Expected 1 or 0; got "yes please"/,
    );
  });

  it('accepts the documented Supabase session-pooler URL and a local one in clear', () => {
    const url = `${REMOTE_DB}?sslmode=verify-full&sslrootcert=./prod-ca-2021.crt`;
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' }).databaseUrl,
    ).toBeTruthy();
  });
});
