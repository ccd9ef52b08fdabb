/**
 * Shared arrangements of the edge-function tests: a configuration, a small seeded scenario and
 * request builders. Not a test file itself.
 */
import type { Config } from '../../src/config/config.ts';
import type { SqlClient } from '../../src/db/types.ts';
import { addMessage, addMood, addUser, addWorkout } from '../support/fixtures.ts';
import { testKeys } from '../support/jwt.ts';

export const JWT_SECRET = 'edge-function-test-secret-of-32-chars!';
const keys = testKeys(JWT_SECRET);
/** Shaped like a project's service-role key (a JWT with role service_role). */
export const SERVICE_KEY = keys.serviceRole;
/** Shaped like a project's anon key: public, so it must never open a function. */
export const ANON_KEY = keys.anon;
export const CRON_SECRET = 'cron-secret-for-tests-0123456789';

/** The status check at 08:00 UTC on Wednesday 5 Nov 2025 reads the 72 hours before. */
export const STATUS_AS_OF = '2025-11-05T08:00:00Z';
/** An hour after the Sunday 20:00 slot: the digest period is 2 Nov 20:00 → 9 Nov 20:00. */
export const DIGEST_AS_OF = '2025-11-09T21:00:00Z';

export function testConfig(more: Partial<Config> = {}): Config {
  return {
    supabaseUrl: null,
    supabaseServiceRoleKey: SERVICE_KEY,
    databaseUrl: null,
    allowInsecureDatabase: false,
    openaiApiKey: null,
    openaiBaseUrl: null,
    openaiModel: 'gpt-4o-mini',
    cronSecret: CRON_SECRET,
    logRefKey: null,
    dataDir: '.strukt/unused-by-tests',
    nudges: false,
    batchDeadlineMs: 20 * 3_600_000,
    github: {
      runUrl: null,
      eventName: null,
      token: null,
      repository: null,
      apiUrl: null,
      refName: null,
      workflowRef: null,
    },
    thresholds: {},
    ...more,
  };
}

export interface Scenario {
  /** Two stressful days in the status window: one proactive notification. */
  stressed: string;
  /** Three stressful days: one notification with priority high. */
  veryStressed: string;
  /** Active in the digest period, consenting. */
  active: string;
  /** Active in the digest period, no consent (template digest). */
  declined: string;
  quiet: string;
}

export async function seedScenario(sql: SqlClient): Promise<Scenario> {
  const stressed = await addUser(sql);
  await addMessage(sql, stressed, '2025-11-03T10:00:00Z', 'So stressed about work');
  await addMessage(sql, stressed, '2025-11-04T10:00:00Z', 'Completely exhausted today');

  const veryStressed = await addUser(sql);
  await addMessage(sql, veryStressed, '2025-11-02T12:00:00Z', 'Feeling stressed');
  await addMood(sql, veryStressed, '2025-11-03', 2, 8);
  await addMessage(sql, veryStressed, '2025-11-04T12:00:00Z', 'Really overwhelmed');

  const active = await addUser(sql, { consent: true });
  await addWorkout(sql, active, '2025-11-04T18:00:00Z', 45);
  await addMessage(sql, active, '2025-11-05T09:00:00Z', 'Felt great after the run');

  const declined = await addUser(sql, { consent: false });
  await addWorkout(sql, declined, '2025-11-06T10:00:00Z', 90);

  const quiet = await addUser(sql);
  return { stressed, veryStressed, active, declined, quiet };
}

export interface PostOptions {
  /** The bearer token; null sends no Authorization header. */
  key?: string | null;
  /** Sent as JSON unless already a string. */
  body?: unknown;
  headers?: Record<string, string>;
  method?: string;
}

export function request(url: string, options: PostOptions = {}): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  const key = options.key === undefined ? SERVICE_KEY : options.key;
  if (key !== null && headers.authorization === undefined) headers.authorization = `Bearer ${key}`;
  const method = options.method ?? 'POST';
  const body =
    method === 'GET' || method === 'HEAD' || options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return new Request(url, { method, headers, body });
}

/** True when text looks like a stack trace or carries one of the test secrets. */
export function leaksInternals(text: string): boolean {
  return (
    /\n\s+at\s/.test(text) ||
    /\bat .+:\d+:\d+/.test(text) ||
    text.includes(SERVICE_KEY) ||
    text.includes(CRON_SECRET) ||
    text.includes(JWT_SECRET)
  );
}
